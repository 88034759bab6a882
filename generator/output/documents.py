"""Folders the single-document commands write: `pdf`, `deck`, `report` and `render`.

Their files carry a whole plan (budgets, comments, and for `render` the internal notes),
so they never go where a host serves a built site: not into a tool-made output folder of any
access level, nor inside one. They write into their own default folder or into a folder
they made, which a register (``.proposals-files.json``) proves, and replace only the files
it lists: a file of the user's in the way stops the command before anything is written.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.cache.store import read_regular, write_atomic
from generator.errors import OutputError, shown
from generator.output.folder import guard
from generator.output.manifest import MANIFEST, TOOL, refuse_inside_output

REGISTER = ".proposals-files.json"


class DocumentFolder:
    """An output folder of a document command, checked before anything is written."""

    def __init__(self, path: Path, command: str, sources: list[Path]) -> None:
        self.path = path.absolute()
        self.command = command
        where = f"cannot write the {command} output into {shown(self.path)}/"
        guard(self.path, sources)
        refuse_inside_output(self.path, f"the {command} output")
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(f"{where}: it is a file, not a folder")
        if os.path.lexists(self.path / MANIFEST):
            raise OutputError(
                f"{where}: a build made it, and a host serves it whole; documents go into their own "
                f"folder (default: {command_default(command)}/)"
            )
        self.listed = self._read()
        if self.listed is None:
            if self.path.is_dir() and any(self.path.iterdir()):
                raise OutputError(
                    f"{where}: it is not empty and was not made by proposals (no {REGISTER}); "
                    "choose an empty folder, or move its contents away"
                )
            self.listed = set()

    def _read(self) -> set[str] | None:
        file = self.path / REGISTER
        if not os.path.lexists(file):
            return None
        raw = read_regular(file, 16 * 1024 * 1024)
        try:
            data = json.loads(raw or b"")
            if data.get("tool") != TOOL:
                raise ValueError
            names = {str(n) for n in data["files"]}
        except (ValueError, KeyError, TypeError, AttributeError):
            raise OutputError(
                f"{shown(file)} is damaged; delete {shown(self.path)}/ (it holds only written documents) "
                "and run the command again"
            ) from None
        return {n for n in names if _relative(n)}

    def claim(self, names: Iterable[str]) -> list[Path]:
        """The paths for ``names`` (relative, ``/``-separated), after checking that none would
        replace a file this folder's register does not list; the register names them first."""
        assert self.listed is not None
        wanted = list(dict.fromkeys(names))
        for name in wanted:
            if not _relative(name):
                raise OutputError(f"cannot write {name!r} into {shown(self.path)}/")
            target = self.path / name
            ours = name in self.listed and not target.is_symlink() and not target.is_dir()
            if os.path.lexists(target) and not ours:
                raise OutputError(
                    f"{shown(target)} is in the way: proposals did not write it; move it away and "
                    "run the command again"
                )
            for parent in PurePosixPath(name).parents:
                folder = self.path / str(parent)
                blocked = folder.is_symlink() or not folder.is_dir()
                if str(parent) != "." and os.path.lexists(folder) and blocked:
                    raise OutputError(f"{shown(folder)} is in the way; move it away and try again")
        self._register(self.listed | set(wanted))
        return [self.path / name for name in wanted]

    def write(self, files: dict[str, bytes], *, replace_all: bool = False) -> int:
        """Write ``files`` (each whole, by rename); with ``replace_all``, files this folder
        listed from an earlier run and no longer written are removed (a dropped plan's pages)."""
        assert self.listed is not None
        earlier = set(self.listed)
        paths = self.claim(files)
        for path, data in zip(paths, files.values(), strict=True):
            write_atomic(path, data)
        if replace_all:
            stale = sorted(earlier - set(files), reverse=True)
            for name in stale:
                target = self.path / name
                if target.is_file() and not target.is_symlink():
                    with contextlib.suppress(OSError):
                        target.unlink()
                _prune(self.path, PurePosixPath(name).parent)
            self._register(set(files))
        return len(files)

    def _register(self, names: set[str]) -> None:
        self.listed = names
        data = {"tool": TOOL, "command": self.command, "files": sorted(names)}
        write_atomic(self.path / REGISTER, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())


def command_default(command: str) -> str:
    return {"pdf": "pdf", "deck": "deck", "report": "reports", "render": "rendered"}.get(command, command)


def _relative(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and not path.is_absolute()
        and ".." not in path.parts
        and "\0" not in name
        and name != REGISTER
        and path.parts[0] != MANIFEST
    )


def _prune(root: Path, folder: PurePosixPath) -> None:
    """Remove folders left empty by removed files, up to the root."""
    while str(folder) != ".":
        with contextlib.suppress(OSError):
            (root / str(folder)).rmdir()
        folder = folder.parent
