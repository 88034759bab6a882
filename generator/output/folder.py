"""Output folders a build may write: guarded, locked, manifested, swapped in by journal.

A build may only ever replace what a build of the same access level made. Every output
folder carries a manifest (see :mod:`generator.output.manifest`) naming its access level
and, for each site in it, the key of the inputs it was built from and the top-level entries
it owns. Anything else in the folder (a ``CNAME``, ``.nojekyll``, ``.git``) belongs to the
user and is never touched. A folder without a manifest is used only when it is empty; a
folder that is, holds or lies inside the workspace's sources, or lies inside another
tool-made output folder, is never used.

Sites are built into a staging folder beside the output folder, then moved in by the
journalled steps of :mod:`generator.output.swap`, each of which leaves whole sites in
place. If the process dies between two steps, the next build completes the journal before
it does anything else. A site's key is removed from the manifest before its bytes are
touched and written back only once they are in place, so a reuse decision is always proven
by what the folder holds.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generator.cache.store import write_atomic
from generator.errors import OutputError, shown
from generator.output.manifest import (
    MANIFEST,
    Manifest,
    Site,
    nested_manifests,
    read_manifest,
    refuse_inside_output,
)
from generator.output.swap import Scratch, apply_steps, plan_steps, remove

__all__ = ["MANIFEST", "Manifest", "OutputFolder", "Site", "guard", "read_manifest", "say_on_stderr"]

LOCK_WAIT_SECONDS = 600.0


def guard(out: Path, sources: list[Path]) -> None:
    """Refuse an output folder that is, holds or lies inside the workspace's sources."""
    target = out.resolve()
    for source in sources:
        real = source.resolve()
        if not os.path.lexists(real):
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
        refuse_inside_output(self.path, f"{_a(access)} build")
        self.parent = self.path.parent
        self._lock: int | None = None
        self.manifest = Manifest(access)
        self.scratch = Scratch(self._beside("scratch.json"))

    # ------------------------------------------------------------------------------ names

    def _beside(self, suffix: str) -> Path:
        return self.parent / f".{self.path.name}.{suffix}"

    def _scratch_name(self, name: str) -> bool:
        """A staging or trash folder's name (``.site.building-123``): a journal naming
        anything else is not ours."""
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
        """Hold the folder for one build: a second build waits its turn, then says who held it.
        The lock file goes with the build that held it, so nothing is left beside the folder."""
        lock = self._beside("lock")
        while True:
            try:
                self.parent.mkdir(parents=True, exist_ok=True)
                flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
                fd = os.open(lock, flags, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot build into {shown(self.path)}/: {exc.strerror or exc}") from None
            try:
                self._acquire(fd, wait, say)
                held = os.fstat(fd)
                now = os.stat(lock, follow_symlinks=False)
                same = (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)
            except FileNotFoundError:
                same = False  # the build we waited for removed it on its way out: take a new one
            except BaseException:
                os.close(fd)
                raise
            if same:
                break
            os.close(fd)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            self._lock = fd
            self._open()
            yield self
        finally:
            self._lock = None
            with contextlib.suppress(OSError):
                os.unlink(lock)  # while still held: a waiting build then sees it gone and retries
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
        self.scratch.sweep()
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
        # A build made inside this one (by an older version, or by hand) would be served with it.
        nested = nested_manifests(self.path, self._client_folders())
        if nested:
            raise OutputError(
                f"{shown(nested[0])}/ holds another build's output inside {shown(self.path)}/, which a host "
                "serves whole; move it out of the folder and build again"
            )
        self.manifest = found

    def _client_folders(self) -> frozenset[str]:
        """The secret folders at the top of a client output, each with its own client manifest."""
        if self.access != "client":
            return frozenset()
        found = set()
        for entry in os.scandir(self.path):
            if entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OutputError):
                    inner = read_manifest(Path(entry.path))
                    if inner is not None and inner.access == "client":
                        found.add(entry.name)
        return frozenset(found)

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
        try:
            # Registered before it exists: only registered scratch is ever swept.
            self.scratch.add(folder.name, self._beside(f"old-{os.getpid()}").name)
            remove(folder)
            folder.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"cannot build into {shown(self.path)}/: {exc.strerror or exc}") from None
        return folder

    def discard(self, staging: Path) -> None:
        """Give up a staging folder (the build failed before its swap)."""
        remove(staging)
        self.scratch.sweep()

    def commit(
        self, staging: Path, built: dict[str, Site], dropped: frozenset[str] | set[str] = frozenset()
    ) -> None:
        """Move the staged sites in, replacing their old selves and removing ``dropped`` sites."""
        assert self._lock is not None, "commit needs the folder's lock"
        try:
            self._commit(staging, built, dropped)
        except OSError as exc:
            # Whatever was moved is in the journal; the next build completes it.
            where = shown(Path(exc.filename)) if exc.filename else shown(self.path)
            raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from None

    def _commit(self, staging: Path, built: dict[str, Site], dropped: frozenset[str] | set[str]) -> None:
        old = self.manifest
        touched = set(built) | set(dropped)
        mine = {name: site for name, site in old.sites.items() if name in touched}
        kept = {name: site for name, site in old.sites.items() if name not in touched}
        incoming = [entry for site in built.values() for entry in site.entries]
        outgoing = sorted({e for site in mine.values() for e in site.entries if _lexists(self.path / e)})
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
            if _lexists(self.path / entry) and entry not in outgoing:
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
            "steps": plan_steps(staging, self.path, incoming, outgoing),
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
        apply_steps(list(journal["steps"]), staging, trash, self.path)
        sites = {}
        for name, value in journal["sites"].items():
            entries = [str(e) for e in value["entries"]]
            whole = all(_lexists(self.path / e) for e in entries)
            sites[name] = Site(value["key"] if whole else None, entries, bool(value.get("private")))
        self.manifest = Manifest(str(journal["access"]), sites)
        self._write_manifest(self.manifest)
        with contextlib.suppress(OSError):
            self.journal.unlink()
        remove(trash)
        remove(staging)
        self.scratch.sweep()

    def _recover(self) -> None:
        if not self.journal.exists():
            return
        try:
            journal = json.loads(self.journal.read_text(encoding="utf-8"))
            journal["sites"], journal["access"]
            if not isinstance(journal["steps"], list) or not all(
                isinstance(step, dict) and step.get("op") in ("move", "exchange", "remove")
                for step in journal["steps"]
            ):
                raise ValueError
            # Never follow a journal outside what a build makes: its folders are removed after.
            named = (str(journal["staging"]), str(journal["trash"]))
            if not all(self._scratch_name(name) for name in named):
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


def _lexists(path: Path) -> bool:
    return os.path.lexists(path)


def say_on_stderr(line: str) -> None:
    print(f"proposals: {line}", file=sys.stderr, flush=True)
