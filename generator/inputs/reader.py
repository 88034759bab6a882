"""The one safe reader of a build's inputs other than plans: pictures, comments, the deck's
logo and template.

A file is read only when it is a plain file that no link leads to from the folder it is
named in, and only up to a bound; what goes wrong is one line naming the file and what to
do. Every file read (or found missing) is recorded with its digest, so a build can say
exactly what it read.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from generator.actuals.state import folder_digest
from generator.cache.store import read_regular
from generator.errors import UserError, shown

ABSENT = "-"
"""The digest recorded for a file that was looked for and not there."""


def folder_key(folder: Path) -> str:
    """How a record names a folder whose whole state was read (a proposal's actuals)."""
    return f"{folder}{os.sep}"


def folder_state(folder: Path) -> str:
    """What a record says of such a folder: the state of everything in it, or ABSENT when it
    is no real folder (a link is none). A build records it as it reads the folder; the next
    build asks again to see whether the folder moved on."""
    return folder_digest(folder) if folder.is_dir() and not folder.is_symlink() else ABSENT


class InputError(UserError):
    """A file a build reads besides its plans that cannot be used as it is."""


class Reader:
    """Reads files under their folders, each once a build, and records what it read."""

    def __init__(self) -> None:
        self._read: dict[Path, bytes | None] = {}
        self.record: dict[str, str] = {}
        """What was read: path → sha256 of its bytes (or ABSENT)."""

    def read(self, folder: Path, name: str, limit: int, what: str) -> bytes | None:
        """``folder/name``'s bytes, or None when there is no such file. A link anywhere
        below ``folder``, something that is not a file, or a file over ``limit`` bytes is
        refused in one line (``what`` says what the file was for)."""
        path = folder / name
        if path in self._read:
            return self._read[path]
        here = folder
        for part in Path(name).parts:
            here = here / part
            try:
                info = os.lstat(here)
            except FileNotFoundError:
                return self._keep(path, None)
            except OSError as exc:
                raise InputError(f"{shown(path)}: {exc.strerror or exc}") from None
            if stat.S_ISLNK(info.st_mode):
                # A link could publish any file of the machine (/etc/passwd) to a client.
                raise InputError(f"{shown(path)}: {what} must be a plain file, not a link; copy it in")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{shown(path)}: {what} must be a plain file, not a folder")
        if info.st_size > limit:
            raise InputError(f"{shown(path)}: {what} is larger than {_size(limit)}; save a smaller copy")
        data = read_regular(path, limit)
        if data is None:
            raise InputError(f"{shown(path)}: {what} could not be read (or it grew past {_size(limit)})")
        return self._keep(path, data)

    def _keep(self, path: Path, data: bytes | None) -> bytes | None:
        self._read[path] = data
        self.record[str(path)] = hashlib.sha256(data).hexdigest() if data is not None else ABSENT
        return data


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"
