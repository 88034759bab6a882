"""Installed libraries by the version pip recorded, told by the names of their metadata
folders (``lxml-6.2.0.dist-info``): one listing per folder on the path and no metadata file
read, so a cache key can name a library without importing it (icalendar alone takes 50 ms
to import, for a calendar that comes from the cache)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator


def _metadata_folders() -> Iterator[str]:
    """The names of the metadata folders on the path, folder by folder in the path's order
    (each folder's names sorted), as ``name-version`` without the suffix."""
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in sorted(names):
            if entry.endswith((".dist-info", ".egg-info")):
                yield entry.rsplit(".", 1)[0]


def installed_versions() -> list[str]:
    """Every installed distribution as ``name-version``, lower case, sorted."""
    return sorted({folder.lower() for folder in _metadata_folders()})


def dist_version(name: str) -> str | None:
    """The version of the first distribution ``name`` on the path (as importlib.metadata
    finds it), or None when none is installed."""
    prefix = name.replace("-", "_").lower() + "-"
    return next((f[len(prefix) :] for f in _metadata_folders() if f.lower().startswith(prefix)), None)


@functools.cache
def engine_versions() -> str:
    """Python and every installed library, once a process: an upgrade of any library the
    output is made with changes the output without a file of ours changing (python-pptx's
    lxml and WeasyPrint's pydyf included), so build keys name them all."""
    return " ".join([f"python={sys.version.split()[0]}", *installed_versions()])
