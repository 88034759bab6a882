"""Output folders a build may write: guarded, locked, manifested, swapped in by journal.

A build may only ever replace what a build of the same access level made. Every output
folder carries a manifest (``.proposals-build.json``) naming its access level and, for each
site in it, the key of the inputs it was built from and the top-level entries it owns.
Anything else in the folder (a ``CNAME``, ``.nojekyll``, ``.git``) belongs to the user and is
never touched. A folder without a manifest is used only when it is empty; a folder that is,
holds or lies inside the workspace's sources is never used.

Sites are built into a staging folder beside the output folder, then moved in by renames
that follow a journal written first (``.<name>.swap.json``, also beside it): if the process
dies between two renames, the next build completes the journal before it does anything
else, so the folder always ends up holding whole sites. A site's key is removed from the
manifest before its bytes are touched and written back only once they are in place, so a
reuse decision is always proven by what the folder holds.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.cache.store import read_regular, write_atomic
from generator.errors import OutputError, shown

MANIFEST = ".proposals-build.json"
TOOL = "sns-proposals"
LOCK_WAIT_SECONDS = 600.0


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
        if data.get("tool") != TOOL or access not in ("internal", "public", "client"):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise OutputError(
            f"{shown(path)} is damaged; delete {shown(folder)}/ (it holds only built output) and build again"
        ) from None
    for site in sites.values():
        for entry in site.entries:
            if not _plain_name(entry):
                raise OutputError(f"{shown(path)} names '{entry}', which is not an entry of {shown(folder)}/")
    return Manifest(access, sites)


def _plain_name(entry: str) -> bool:
    return bool(entry) and entry not in (".", "..", MANIFEST) and "/" not in entry and "\0" not in entry


def guard(out: Path, sources: list[Path]) -> None:
    """Refuse an output folder that is, holds or lies inside the workspace's sources."""
    target = out.resolve()
    for source in sources:
        real = source.resolve()
        if not real.exists():
            continue
        if target == real or real.is_relative_to(target) or target.is_relative_to(real):
            what = "is" if target == real else "holds" if real.is_relative_to(target) else "lies inside"
            raise OutputError(
                f"cannot build into {shown(out)}/: it {what} {shown(source)}{'/' if real.is_dir() else ''}, "
                "part of the workspace's "
                "sources; choose an empty folder or one a build made (default: site/)"
            )


class OutputFolder:
    """One output folder, held under its lock for the length of a build."""

    def __init__(self, path: Path, access: str, sources: list[Path]) -> None:
        self.path = path.absolute()
        self.access = access
        guard(self.path, sources)
        self.parent = self.path.parent
        self._lock: int | None = None
        self.manifest = Manifest(access)

    # ------------------------------------------------------------------------------ names

    def _beside(self, suffix: str) -> Path:
        return self.parent / f".{self.path.name}.{suffix}"

    def _scratch(self, name: str) -> bool:
        """A staging or trash folder a build of this folder makes (``.site.building-123``):
        the only names beside the output that a build ever removes."""
        rest = name.removeprefix(f".{self.path.name}.")
        kind, _, pid = rest.partition("-")
        return rest != name and kind in ("building", "old") and pid.isdigit()

    @property
    def journal(self) -> Path:
        return self._beside("swap.json")

    # ------------------------------------------------------------------------------ opening

    @contextlib.contextmanager
    def locked(
        self, *, wait: float = LOCK_WAIT_SECONDS, say: Callable[[str], None] | None = None
    ) -> Iterator[OutputFolder]:
        """Hold the folder for one build: a second build waits its turn, then says who held it."""
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self._beside("lock"), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            raise OutputError(f"cannot build into {shown(self.path)}/: {exc.strerror or exc}") from None
        try:
            self._acquire(fd, wait, say)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            self._lock = fd
            self._open()
            yield self
        finally:
            self._lock = None
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _acquire(self, fd: int, wait: float, say: Callable[[str], None] | None) -> None:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"{shown(self.path)}/ is being built by process {holder}; "
                        "try again when it has finished"
                    ) from None
                if not told and say is not None:
                    say(f"waiting for process {holder}, which is building {shown(self.path)}/")
                    told = True
                time.sleep(0.1)

    def _open(self) -> None:
        """Finish what a killed build left, then check that this build may write here."""
        self._recover()
        self._sweep()
        found = read_manifest(self.path) if self.path.is_dir() else None
        if found is None:
            if self.path.exists() and not self.path.is_dir():
                raise OutputError(f"cannot build into {shown(self.path)}: it is a file, not a folder")
            if self.path.is_dir() and any(self.path.iterdir()):
                raise OutputError(
                    f"{shown(self.path)}/ is not empty and was not made by proposals build (no {MANIFEST}); "
                    "choose an empty folder, or move its contents away"
                )
            self.manifest = Manifest(self.access)
            return
        if found.access != self.access:
            raise OutputError(
                f"{shown(self.path)}/ holds the output of {_a(found.access)} build, and {_a(self.access)} "
                "build never writes there (default folders: site/ internal, public/ public, clients/ client)"
            )
        self.manifest = found

    def _sweep(self) -> None:
        """Staging and trash folders of builds that died (this build holds the lock)."""
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.parent):
                if self._scratch(entry.name):
                    _remove(Path(entry.path))

    # ------------------------------------------------------------------------------ building

    def key(self, name: str) -> str | None:
        """The key the folder proves it holds for ``name``: recorded, and every entry in place."""
        site = self.manifest.sites.get(name)
        if site is None or site.key is None:
            return None
        if not all((self.path / entry).exists() for entry in site.entries):
            return None
        return site.key

    def staging(self) -> Path:
        folder = self._beside(f"building-{os.getpid()}")
        _remove(folder)
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"cannot build into {shown(self.path)}/: {exc.strerror or exc}") from None
        return folder

    def commit(
        self, staging: Path, built: dict[str, Site], dropped: frozenset[str] | set[str] = frozenset()
    ) -> None:
        """Move the staged sites in, replacing their old selves and removing ``dropped`` sites."""
        assert self._lock is not None, "commit needs the folder's lock"
        try:
            self._commit(staging, built, dropped)
        except OSError as exc:
            # Whatever was renamed is in the journal; the next build completes it.
            where = shown(Path(exc.filename)) if exc.filename else shown(self.path)
            raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from None

    def _commit(self, staging: Path, built: dict[str, Site], dropped: frozenset[str] | set[str]) -> None:
        old = self.manifest
        touched = set(built) | set(dropped)
        mine = {name: site for name, site in old.sites.items() if name in touched}
        kept = {name: site for name, site in old.sites.items() if name not in touched}
        incoming = [entry for site in built.values() for entry in site.entries]
        outgoing = sorted({e for site in mine.values() for e in site.entries if (self.path / e).exists()})
        for name, site in built.items():
            if site.private and (self.path / site.entries[0]).exists() and name not in old.sites:
                # A client's folder is not listed in the shared manifest; its own says it is ours.
                inner = read_manifest(self.path / site.entries[0])
                if inner is None or inner.access != self.access:
                    raise OutputError(
                        f"{shown(self.path / site.entries[0])}/ was not made by a client build; move it away"
                    )
                outgoing.append(site.entries[0])
        for entry in incoming:
            owner = old.owner(entry)
            there = (self.path / entry).exists() or (self.path / entry).is_symlink()
            if there and entry not in outgoing:
                whose = f"the site '{owner}'" if owner else "nobody: it was not made by proposals build"
                raise OutputError(
                    f"{shown(self.path / entry)} is in the way (it belongs to {whose}); "
                    "move it away and build again"
                )
        self._check_movable(outgoing)
        self.path.mkdir(parents=True, exist_ok=True)
        # Keys of everything about to change go first: whatever happens next, nothing of it
        # is reused until its new bytes are proven to be in place.
        pending = Manifest(old.access, kept | {n: Site(None, s.entries, s.private) for n, s in mine.items()})
        self._write_manifest(pending)
        journal = {
            "staging": staging.name,
            "trash": self._beside(f"old-{os.getpid()}").name,
            "old": outgoing,
            "new": incoming,
            "sites": {
                n: {"key": s.key, "entries": s.entries, "private": s.private}
                for n, s in (kept | built).items()
            },
            "access": self.access,
        }
        write_atomic(self.journal, json.dumps(journal).encode("utf-8"), durable=True)
        self._apply(journal)

    def _check_movable(self, entries: list[str]) -> None:
        """A folder whose own permissions forbid moving it fails here, before any rename."""
        for entry in entries:
            path = self.path / entry
            if path.is_dir() and not path.is_symlink() and not os.access(path, os.W_OK):
                raise OutputError(
                    f"cannot replace {shown(path)}/: it is read-only; "
                    "make it writable (chmod u+w) and build again"
                )
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise OutputError(f"cannot write into {shown(self.path)}/: it is read-only")

    # ------------------------------------------------------------------------------ the swap

    def _apply(self, journal: dict[str, Any]) -> None:
        """Carry out a journal: each step is skipped when already done, so it can be re-run."""
        staging = self.parent / str(journal["staging"])
        trash = self.parent / str(journal["trash"])
        trash.mkdir(exist_ok=True)
        for entry in journal["old"]:
            if _plain_name(entry) and not _lexists(trash / entry) and _lexists(self.path / entry):
                rename(self.path / entry, trash / entry)
        for entry in journal["new"]:
            if _plain_name(entry) and _lexists(staging / entry):
                rename(staging / entry, self.path / entry)
        sites = {}
        for name, value in journal["sites"].items():
            entries = [str(e) for e in value["entries"]]
            whole = all(_lexists(self.path / e) for e in entries)
            sites[name] = Site(value["key"] if whole else None, entries, bool(value.get("private")))
        self.manifest = Manifest(str(journal["access"]), sites)
        self._write_manifest(self.manifest)
        with contextlib.suppress(OSError):
            self.journal.unlink()
        _remove(trash)
        _remove(staging)

    def _recover(self) -> None:
        if not self.journal.exists():
            return
        try:
            journal = json.loads(self.journal.read_text(encoding="utf-8"))
            journal["old"], journal["new"], journal["sites"]
            # Never follow a journal outside what a build makes: its folders are removed after.
            if not (self._scratch(str(journal["staging"])) and self._scratch(str(journal["trash"]))):
                raise ValueError
        except (OSError, ValueError, KeyError, TypeError):
            # Written whole or not at all (atomic rename): damage means someone else's file.
            raise OutputError(
                f"{shown(self.journal)} is damaged; delete it and {shown(self.path)}/, then build again"
            ) from None
        if not self.path.is_dir():
            self.path.mkdir(parents=True)
        self._apply(journal)

    def _write_manifest(self, manifest: Manifest) -> None:
        write_atomic(self.path / MANIFEST, manifest.to_bytes(), durable=True)


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def rename(source: Path, target: Path) -> None:
    """One step of a swap (a name of its own, so fault-injection tests can stop between two)."""
    os.rename(source, target)


def _lexists(path: Path) -> bool:
    return os.path.lexists(path)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        with contextlib.suppress(OSError):
            path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def say_on_stderr(line: str) -> None:
    print(f"proposals: {line}", file=sys.stderr, flush=True)
