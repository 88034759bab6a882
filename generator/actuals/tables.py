"""Export files as rows of text: CSV or TSV in UTF-8 (with or without a BOM), UTF-16 or
Shift_JIS, and ZIP archives of them, read within fixed bounds so a hostile file is one
line of error, never a hang or a full disk."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest export read: a year of per-post data is a few megabytes."""
MAX_ZIP_MEMBERS = 50
MAX_ZIP_RATIO = 100
"""A member that inflates more than this many times its packed size is a bomb, not an export."""
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


class TableError(ValueError):
    """A file that cannot be read as an export; the message says why in one line."""


@dataclass
class RawTable:
    name: str
    """The file (``folder/file.csv``, or ``archive.zip:member.csv``)."""
    rows: list[list[str]]


def tables(path: Path, shown: str) -> Iterator[RawTable]:
    """The tables in one file (a ZIP holds several)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TableError(f"{shown}: the file is {size:,} bytes; exports are read up to {MAX_FILE_BYTES:,}")
    if path.suffix.lower() == ".zip":
        yield from _archive(path, shown)
        return
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise TableError(f"{shown}: not a CSV or ZIP export (save spreadsheets as CSV)")
    yield RawTable(shown, _rows(path.read_bytes(), shown))


def _archive(path: Path, shown: str) -> Iterator[RawTable]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise TableError(f"{shown}: not a readable ZIP archive") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise TableError(f"{shown}: {len(members)} files in the archive; exports hold a few")
        for member in members:
            name = PurePosixPath(member.filename)
            if name.is_absolute() or ".." in name.parts:
                raise TableError(f"{shown}: the archive names a path outside itself ({member.filename[:60]})")
            if name.suffix.lower() not in TABLE_SUFFIXES:
                continue
            if member.file_size > MAX_FILE_BYTES or member.file_size > MAX_ZIP_RATIO * max(
                member.compress_size, 1
            ):
                raise TableError(f"{shown}: {name.name} inflates beyond what an export can be")
            with archive.open(member) as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            yield RawTable(f"{shown}:{name.name}", _rows(data, f"{shown}:{name.name}"))


def _rows(data: bytes, shown: str) -> list[list[str]]:
    text = _decode(data, shown)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)]


def _decode(data: bytes, shown: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if len(data) > 1 and data[1:2] == b"\x00":  # UTF-16 without its BOM
        return data.decode("utf-16-le", "replace")
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(f"{shown}: the text is neither UTF-8, UTF-16 nor Shift_JIS")
