"""Moving built sites into a served folder so that every moment serves whole sites.

A host serves the output folder while a build replaces what is in it. Each top-level entry
that already exists is swapped with its new self in one atomic step (Linux's
``renameat2(RENAME_EXCHANGE)``): readers see the old entry or the new one, never neither.
New entries move in before old ones are replaced, so a new home page never links to a
proposal that is not there yet; entries of dropped sites go last. Where the file system
cannot exchange, the old entry moves aside and the new one follows at once.

Every step follows a journal written first. A step is recognised as done by the inode of
the new entry, which the journal records, so a journal can be carried out again from any
point after a crash. The staging and trash folders a journal names are the only scratch a
build ever removes, besides those listed in the scratch register (``.<name>.scratch.json``)
that the build wrote before making them.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
from pathlib import Path
from typing import Any

from generator.cache.store import read_regular, write_atomic
from generator.output.manifest import plain_name

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_libc: Any = None


def rename(source: Path, target: Path) -> None:
    """One step of a swap (a name of its own, so fault-injection tests can stop between two)."""
    os.rename(source, target)


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False when the system cannot (the caller falls back)."""
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(None, use_errno=True)
            _libc.renameat2  # noqa: B018 — glibc 2.28 and later
        except (OSError, AttributeError):
            _libc = False
    if not _libc:
        return False
    done = _libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def identity(path: Path) -> list[int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return [info.st_dev, info.st_ino]


def plan_steps(staging: Path, served: Path, incoming: list[str], leaving: list[str]) -> list[dict[str, Any]]:
    """The journal's steps: new entries in, existing ones exchanged, dropped ones out."""
    fresh = [e for e in incoming if not os.path.lexists(served / e)]
    replaced = [e for e in incoming if os.path.lexists(served / e)]
    steps = [{"entry": e, "op": "move", "new": identity(staging / e)} for e in fresh]
    steps += [{"entry": e, "op": "exchange", "new": identity(staging / e)} for e in replaced]
    steps += [{"entry": e, "op": "remove"} for e in leaving if e not in incoming]
    return steps


def apply_steps(steps: list[dict[str, Any]], staging: Path, trash: Path, served: Path) -> None:
    """Carry out the steps; each one is skipped when already done, so this can be re-run."""
    for step in steps:
        entry = str(step["entry"])
        if not plain_name(entry):
            continue
        new, old_place, there = step.get("new"), staging / entry, served / entry
        if step["op"] == "remove":
            if os.path.lexists(there):
                trash.mkdir(exist_ok=True)
                rename(there, trash / entry)
            continue
        if new is not None and identity(there) == new:
            continue  # done before the crash
        if identity(old_place) != new:
            continue  # the staged entry is gone: nothing left to move
        if not os.path.lexists(there):
            rename(old_place, there)
        elif not exchange(old_place, there):
            trash.mkdir(exist_ok=True)
            rename(there, trash / entry)
            rename(old_place, there)


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        with contextlib.suppress(OSError):
            path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


class Scratch:
    """The register of staging and trash folders a build made beside its output: only what
    it lists is ever swept, so a folder of the user's named like scratch stays."""

    def __init__(self, register: Path) -> None:
        self.register = register

    def names(self) -> list[str]:
        raw = read_regular(self.register, 1 << 20)
        if raw is None:
            return []
        try:
            data = json.loads(raw)
            return [str(n) for n in data["names"] if plain_name(str(n))]
        except (ValueError, KeyError, TypeError):
            return []

    def add(self, *names: str) -> None:
        listed = self.names()
        listed += [n for n in names if n not in listed]
        write_atomic(self.register, json.dumps({"names": listed}).encode("utf-8"), durable=True)

    def sweep(self, keep: frozenset[str] = frozenset()) -> None:
        """Remove every listed folder but ``keep``, then forget them."""
        listed = self.names()
        if not listed:
            return
        for name in listed:
            if name not in keep:
                remove(self.register.parent / name)
        left = [n for n in listed if n in keep]
        with contextlib.suppress(OSError):
            if left:
                write_atomic(self.register, json.dumps({"names": left}).encode("utf-8"), durable=True)
            else:
                self.register.unlink()
