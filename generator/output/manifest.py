"""What an output folder says about itself: the manifest a build leaves at its top.

``.proposals-build.json`` names the access level that built the folder and, per site, the
key of the inputs it was built from and the top-level entries it owns. It is the only proof
a build accepts that bytes in a folder are its own, so it is also what keeps levels apart:
a folder inside a tool-made folder (``public/x``, ``clients/all``) would be served by that
folder's host with that folder's audience, so no build and no document command writes there.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.cache.store import read_regular
from generator.errors import OutputError, shown

MANIFEST = ".proposals-build.json"
TOOL = "sns-proposals"
LEVELS = ("internal", "public", "client")
NESTED_SCAN_DEPTH = 6
"""How deep a folder is searched for manifests of builds made inside it: a site is a few
levels deep (``<slug>/kpi/index.html``); nothing the tool writes sits deeper."""


@dataclass
class Site:
    """One unit of output: the key of its inputs and the top-level entries it owns."""

    key: str | None
    entries: list[str]
    private: bool = False
    """Not listed in the folder's manifest (a client's secret folder): it carries its own."""


@dataclass
class Manifest:
    access: str
    sites: dict[str, Site] = field(default_factory=dict)

    def owner(self, entry: str) -> str | None:
        for name, site in self.sites.items():
            if entry in site.entries:
                return name
        return None

    def to_bytes(self) -> bytes:
        listed = {
            name: {"key": site.key, "entries": sorted(site.entries)}
            for name, site in sorted(self.sites.items())
            if not site.private
        }
        data = {"tool": TOOL, "version": __version__, "access": self.access, "sites": listed}
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's manifest; None when there is none. Raises OutputError when it is damaged."""
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None
    raw = read_regular(path, 8 * 1024 * 1024)
    try:
        data = json.loads(raw or b"")
        access = data["access"]
        sites = {
            str(name): Site(
                None if value.get("key") is None else str(value["key"]), [str(e) for e in value["entries"]]
            )
            for name, value in (data.get("sites") or {}).items()
        }
        if data.get("tool") != TOOL or access not in LEVELS:
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise OutputError(
            f"{shown(path)} is damaged; delete {shown(folder)}/ (it holds only built output) and build again"
        ) from None
    for site in sites.values():
        for entry in site.entries:
            if not plain_name(entry):
                raise OutputError(f"{shown(path)} names '{entry}', which is not an entry of {shown(folder)}/")
    return Manifest(access, sites)


def plain_name(entry: str) -> bool:
    return bool(entry) and entry not in (".", "..", MANIFEST) and "/" not in entry and "\0" not in entry


def made_above(folder: Path) -> tuple[Path, str] | None:
    """The nearest folder above ``folder`` that a build made, with its access level."""
    target = folder.absolute()
    for parent in target.parents:
        marker = parent / MANIFEST
        if os.path.lexists(marker):
            try:
                found = read_manifest(parent)
            except OutputError:
                found = None
            return parent, found.access if found else "unknown"
    return None


def refuse_inside_output(folder: Path, what: str) -> None:
    """One line when ``folder`` lies inside a tool-made output folder: a host serves all of it."""
    above = made_above(folder)
    if above is not None:
        parent, access = above
        level = f"{_a(access)} build" if access in LEVELS else "a build"
        raise OutputError(
            f"cannot write {what} into {shown(folder)}/: it lies inside {shown(parent)}/, which "
            f"{level} made and a host serves whole; choose a folder outside it"
        )


def nested_manifests(folder: Path, allowed: frozenset[str] = frozenset()) -> list[Path]:
    """Manifests of other builds found inside ``folder`` (below its top), but for the
    top-level entries ``allowed`` to carry their own (a client's secret folder)."""
    found: list[Path] = []

    def walk(path: str, depth: int) -> None:
        try:
            entries = list(os.scandir(path))
        except OSError:
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                own = depth == 0 and entry.name in allowed
                if not own and os.path.lexists(os.path.join(entry.path, MANIFEST)):
                    found.append(Path(entry.path))
                elif depth < NESTED_SCAN_DEPTH:
                    walk(entry.path, depth + 1)

    walk(str(folder), 0)
    return found


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"
