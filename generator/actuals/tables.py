"""Export files as rows of text: CSV or TSV in UTF-8 (with or without a BOM), UTF-16 or
Shift_JIS, Excel workbooks, and ZIP archives of them, read within fixed bounds so a hostile
file is one line of error, never a hang or a full disk."""

from __future__ import annotations

import csv
import datetime as dt
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
MAX_SHEET_CELLS = 2_000_000
"""A workbook sheet larger than this is no export a platform hands out."""
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


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
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        yield from _workbook(path.read_bytes(), shown)
        return
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise TableError(f"{shown}: not a CSV, XLSX or ZIP export")
    yield RawTable(shown, _rows(path.read_bytes(), shown))


def _archive(path: Path, shown: str) -> Iterator[RawTable]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise TableError(f"{shown}: not a readable ZIP archive") from None
    with archive:
        for member in _members(archive, shown):
            name = PurePosixPath(member.filename)
            suffix = name.suffix.lower()
            if suffix not in TABLE_SUFFIXES + WORKBOOK_SUFFIXES:
                continue
            with archive.open(member) as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            inner = f"{shown}:{name.name}"
            if suffix in WORKBOOK_SUFFIXES:
                yield from _workbook(data, inner)
            else:
                yield RawTable(inner, _rows(data, inner))


def _members(archive: zipfile.ZipFile, shown: str) -> list[zipfile.ZipInfo]:
    """The archive's files, refused whole when one escapes the archive or inflates like a bomb."""
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        raise TableError(f"{shown}: {len(members)} files in the archive; exports hold a few")
    for member in members:
        name = PurePosixPath(member.filename)
        if name.is_absolute() or ".." in name.parts:
            raise TableError(f"{shown}: the archive names a path outside itself ({member.filename[:60]})")
        if member.file_size > MAX_FILE_BYTES or member.file_size > MAX_ZIP_RATIO * max(
            member.compress_size, 1
        ):
            raise TableError(f"{shown}: {name.name} inflates beyond what an export can be")
    return members


def _workbook(data: bytes, shown: str) -> Iterator[RawTable]:
    """Each sheet as a table of text. A workbook is itself a ZIP, so it passes the same bomb
    checks before openpyxl inflates it; formulas count only by their saved value, never as text."""
    import openpyxl  # ~100 ms to import, paid only by a folder that holds a workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _members(archive, shown)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TableError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged workbook; all mean the same here
        raise TableError(f"{shown}: not a readable Excel workbook (save it again, or as CSV)") from None
    try:
        for sheet in book.worksheets:
            rows: list[list[str]] = []
            cells = 0
            for values in sheet.iter_rows(values_only=True):
                cells += len(values)
                if cells > MAX_SHEET_CELLS:
                    raise TableError(
                        f"{shown}: sheet '{sheet.title[:40]}' holds over {MAX_SHEET_CELLS:,} cells"
                    )
                row = [_cell_text(v) for v in values]
                if any(c.strip() for c in row):
                    rows.append(row)
            name = shown if len(book.worksheets) == 1 else f"{shown}[{sheet.title[:40]}]"
            yield RawTable(name, rows)
    finally:
        book.close()


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M:%S")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
