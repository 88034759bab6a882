"""Paths that come from records someone else could have written: a publish record at a
host, a version's list of files. Such a path is used only when it names a place inside the
folder it belongs to, and folders are walked without ever following a link."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_PATH = 1024
_BAD_CHARACTER = re.compile(r"[\x00-\x1f\x7f\\]")


def plain_relative(name: object) -> bool:
    """True for a relative path of plain parts ("kpi/index.html"): never absolute, never
    ``..`` or ``.``, no empty part, no backslash or control character, nothing under ``.git``."""
    if not isinstance(name, str) or not name or len(name) > MAX_PATH:
        return False
    if name.startswith("/") or _BAD_CHARACTER.search(name) or re.match(r"^[A-Za-z]:", name):
        return False
    parts = name.split("/")
    return all(part not in ("", ".", "..") and part.casefold() != ".git" for part in parts)


class LinkFound(Exception):
    """A symbolic link (or another special file) where only folders and files may be."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def walk_files(folder: Path) -> list[tuple[str, Path]]:
    """Every regular file under ``folder`` as (relative posix name, path), sorted; raises
    :class:`LinkFound` at the first link or special file, which is never followed."""
    found: list[tuple[str, Path]] = []

    def walk(path: Path, prefix: str) -> None:
        with os.scandir(path) as entries:
            listed = sorted(entries, key=lambda e: e.name)
        for entry in listed:
            info = entry.stat(follow_symlinks=False)
            name = f"{prefix}{entry.name}"
            if stat.S_ISDIR(info.st_mode):
                walk(Path(entry.path), f"{name}/")
            elif stat.S_ISREG(info.st_mode):
                found.append((name, Path(entry.path)))
            else:
                raise LinkFound(Path(entry.path))

    walk(folder, "")
    return found


def inside_without_links(root: Path, name: str) -> bool:
    """True when every folder on the way from ``root`` to ``name`` is a real folder (or not
    there yet) and the file itself is no link: writing there stays inside ``root``."""
    here = root
    for part in name.split("/")[:-1]:
        here = here / part
        try:
            info = os.lstat(here)
        except FileNotFoundError:
            return True
        if not stat.S_ISDIR(info.st_mode):
            return False
    try:
        info = os.lstat(root / name)
    except FileNotFoundError:
        return True
    return stat.S_ISREG(info.st_mode)
