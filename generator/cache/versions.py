"""Installed libraries by the version pip recorded, told by the names of their metadata
folders (``lxml-6.2.0.dist-info``): one listing per folder on the path and no metadata file
read, so a cache key can name a library without importing it (icalendar alone takes 50 ms
to import, for a calendar that comes from the cache)."""

from __future__ import annotations

import functools
import os
import sys


def installed_versions() -> list[str]:
    """Every installed distribution as ``name-version``, lower case, sorted."""
    found: set[str] = set()
    for folder in sys.path:
        try:
            entries = os.scandir(folder or ".")
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.name.endswith((".dist-info", ".egg-info")):
                    found.add(entry.name.rsplit(".", 1)[0].lower())
    return sorted(found)


def dist_version(name: str) -> str | None:
    """The version of the first distribution ``name`` on the path (as importlib.metadata
    finds it), or None when none is installed."""
    prefix = name.replace("-", "_").lower() + "-"
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in sorted(names):
            lowered = entry.lower()
            if lowered.startswith(prefix) and lowered.endswith((".dist-info", ".egg-info")):
                return entry[len(prefix) :].rsplit(".", 1)[0]
    return None


@functools.cache
def engine_versions() -> str:
    """Python and every installed library, once a process: an upgrade of any library the
    output is made with changes the output without a file of ours changing (python-pptx's
    lxml and WeasyPrint's pydyf included), so build keys name them all."""
    return " ".join([f"python={sys.version.split()[0]}", *installed_versions()])
