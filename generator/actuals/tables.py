"""Export files as tables of text: CSV or TSV in UTF-8 (with or without a BOM), UTF-16 (either
byte order, with or without a BOM) or Shift_JIS, Excel workbooks, and ZIP archives of them,
read within fixed bounds so that a hostile file is one line of reason, never a hang, a
traceback or memory beyond about ten times its size.

A CSV may hold several tables: a blank line followed by ``#`` comment lines starts the next
(GA4's reports snapshot), and so does a blank line followed by a title line of one cell
(Meta's 2023 downloads: a Facebook table, a blank line, an Instagram table; its Audience
file's blocks). Comment lines carry what the rows do not: the range a GA4 download covers
(``# Start date: 20270101``), or that the platform cut the list short (``Showing top 500
results``); title lines name what a table holds (``"Instagram reach"``). Encodings other than
UTF-8 and UTF-16 (Shift_JIS, the old Page export's Windows-1252) are found by
charset-normalizer, never guessed from a hand list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest export read: a year of per-post data is a few megabytes."""
MAX_ZIP_MEMBERS = 50
MAX_ZIP_RATIO = 100
"""A member that inflates more than this many times its packed size is a bomb, not an export."""
MAX_SHEET_CELLS = 2_000_000
"""A table larger than this is no export a platform hands out."""
MAX_LINE_CHARS = 1_000_000
"""Exports have short lines; one of megabytes is a file meant to exhaust memory."""
MAX_CELL_CHARS = 131_072
"""The csv module's own limit, said in one line instead of raised."""
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

_RANGE_COMMENT = re.compile(
    r"^#\s*(start date|end date|開始日|終了日)\s*[:：]\s*(\d{8}|\d{4}-\d{2}-\d{2})", re.I
)
_RANGE_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})")
_PARTIAL = re.compile(
    r"(showing (the )?top \d[\d,]*( results| rows)?|上位\s*\d[\d,]*\s*(件|行)|top \d[\d,]* results)", re.I
)


class TableError(ValueError):
    """A file that cannot be read as an export: ``key`` names the reason in exports.yaml's
    ``reasons``, ``values`` fill it in."""

    def __init__(self, name: str, key: str, **values: object) -> None:
        super().__init__(f"{name}: {key}")
        self.name = name
        self.key = key
        self.values = {k: str(v) for k, v in values.items()}


@dataclass
class RawTable:
    name: str
    """The file (``folder/file.csv``, or ``archive.zip:member.csv``)."""
    rows: list[list[str]]
    stem: str = ""
    """The file's own name without its extension, lower case (``table data``)."""
    start: dt.date | None = None
    end: dt.date | None = None
    """The range the file says it covers (GA4's comment lines, YouTube's download name)."""
    partial: str = ""
    """The platform's own words for a list it cut short ("Showing top 500 results")."""
    dates_from: list[str] = field(default_factory=list)
    """Where the range was read from, for messages."""
    title: str = ""
    """The table's own title line, when it has one ("Instagram profile visits")."""
    context: str = ""
    """Where the table came from, in lower case: its folders, archive and file name; the
    platform's name there tells whose export it is when the table does not."""


def tables(path: Path, shown: str, context: str = "") -> Iterator[RawTable]:
    """The tables in one file (a ZIP or a workbook holds several). ``context`` is where the
    file lies inside the actuals folder (its sub-folders), which may name the platform."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TableError(shown, "too_big", size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}")
    suffix = path.suffix.lower()
    where = (context or path.name).lower()
    if suffix == ".zip":
        found = _archive(path, shown)
    elif suffix in WORKBOOK_SUFFIXES:
        found = _workbook(path.read_bytes(), shown, path.name, _stem(path.name))
    elif suffix in TABLE_SUFFIXES:
        found = _csv_tables(path.read_bytes(), shown, path.name, _stem(path.name))
    else:
        raise TableError(shown, "not_export")
    for table in found:
        table.context = f"{where} {table.context}".strip()
        yield table


def _archive(path: Path, shown: str) -> Iterator[RawTable]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise TableError(shown, "bad_zip", detail=_short(exc)) from None
    with archive:
        for member in _members(archive, shown):
            name = PurePosixPath(member.filename)
            suffix = name.suffix.lower()
            if suffix not in TABLE_SUFFIXES + WORKBOOK_SUFFIXES:
                continue
            inner = f"{shown}:{name.name}"
            data = _member_bytes(archive, member, inner)
            # YouTube names the download by its range: "Content 2027-01-01_2027-01-31 …".
            label = f"{path.name} {member.filename}"
            found = (
                _workbook(data, inner, label, _stem(name.name))
                if suffix in WORKBOOK_SUFFIXES
                else _csv_tables(data, inner, label, _stem(name.name))
            )
            for table in found:
                table.context = member.filename.lower()
                yield table


def _member_bytes(archive: zipfile.ZipFile, member: zipfile.ZipInfo, inner: str) -> bytes:
    if member.flag_bits & 0x1:
        raise TableError(inner, "encrypted_zip")
    try:
        with archive.open(member) as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except RuntimeError as exc:  # zipfile says "encrypted" this way
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise TableError(inner, "encrypted_zip") from None
        raise TableError(inner, "bad_zip", detail=_short(exc)) from None
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise TableError(inner, "bad_zip", detail=_short(exc)) from None


def _members(archive: zipfile.ZipFile, shown: str) -> list[zipfile.ZipInfo]:
    """The archive's files, refused whole when one escapes the archive or inflates like a bomb."""
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        raise TableError(shown, "zip_members", count=len(members))
    for member in members:
        name = PurePosixPath(member.filename)
        if name.is_absolute() or ".." in name.parts:
            raise TableError(shown, "zip_path", member=member.filename[:60])
        if member.file_size > MAX_FILE_BYTES or member.file_size > MAX_ZIP_RATIO * max(
            member.compress_size, 1
        ):
            raise TableError(shown, "zip_bomb", member=name.name[:60])
    return members


def _workbook(data: bytes, shown: str, label: str, stem: str) -> Iterator[RawTable]:
    """Each sheet as a table of text. A workbook is itself a ZIP, so it passes the same bomb
    checks before openpyxl inflates it; formulas count only by their saved value, never as
    text. openpyxl parses its XML through defusedxml: no entity expansion, no external entity."""
    import openpyxl  # ~100 ms to import, paid only by a folder that holds a workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _members(archive, shown)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TableError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged workbook; all mean the same here
        raise TableError(shown, "bad_workbook") from None
    try:
        found: list[RawTable] = []
        for sheet in book.worksheets:
            rows: list[list[str]] = []
            cells = 0
            for values in sheet.iter_rows(values_only=True):
                cells += len(values)
                if cells > MAX_SHEET_CELLS:
                    raise TableError(shown, "big_sheet", sheet=sheet.title[:40], limit=f"{MAX_SHEET_CELLS:,}")
                row = [_cell_text(v) for v in values]
                if any(c.strip() for c in row):
                    rows.append(row)
            name = shown if len(book.worksheets) == 1 else f"{shown}[{sheet.title[:40]}]"
            found.append(_described(RawTable(name, rows, stem), label))
    except TableError:
        raise
    except Exception:  # sheets are parsed lazily: damage inside one shows only here
        raise TableError(shown, "bad_workbook") from None
    finally:
        book.close()
    yield from found


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


def _csv_tables(data: bytes, shown: str, label: str, stem: str) -> Iterator[RawTable]:
    """The tables of one CSV: one, or several where blank lines part them before ``#``
    comments or a title line."""
    text = _decode(data, shown)
    long = re.search(rf"[^\r\n]{{{MAX_LINE_CHARS + 1}}}", text)
    if long:
        length = len(re.match(r"[^\r\n]*", text[long.start() :]).group(0))  # type: ignore[union-attr]
        raise TableError(shown, "long_line", size=f"{length:,}")
    # Excel's hint on the first line (Meta writes it) says the delimiter and is no row.
    hint = re.match(r"\A\ufeff?\"?sep=(.)\"?[ \t]*\r?\n", text)
    if hint:
        delimiter, text = hint.group(1), text[hint.end() :]
    else:
        sample = text[:4096]
        delimiter = "\t" if sample.count("\t") > sample.count(",") else (";" if _semicolons(sample) else ",")
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            cells += len(row)
            if cells > MAX_SHEET_CELLS:
                raise TableError(shown, "too_many_cells", limit=f"{MAX_SHEET_CELLS:,}")
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TableError(shown, "long_cell", limit=f"{MAX_CELL_CHARS:,}") from None
        raise TableError(shown, "bad_csv", detail=_short(exc)) from None
    parts = _split(rows)
    for index, part in enumerate(parts):
        name = shown if len(parts) == 1 else f"{shown}#{index + 1}"
        table = _described(RawTable(name, part, stem), label)
        table.title = _title(part)
        yield table


def _semicolons(sample: str) -> bool:
    """European spreadsheets save CSV with semicolons (a decimal comma frees the comma)."""
    first = next((line for line in sample.splitlines() if line.strip()), "")
    return first.count(";") >= 2 and first.count(",") == 0


def _title_row(row: list[str]) -> bool:
    """A line naming the table below it: one filled cell, no comment, no number."""
    filled = [c.strip() for c in row if c.strip()]
    return len(filled) == 1 and not filled[0].startswith("#") and not re.fullmatch(r"[\d.,%\s-]+", filled[0])


def _title(rows: list[list[str]]) -> str:
    """The title line at the top of a table (before its header), if it has one."""
    for row in rows[:3]:
        if _title_row(row):
            return next(c.strip() for c in row if c.strip())[:120]
        if sum(1 for c in row if c.strip()) > 1:
            break
    return ""


def _split(rows: list[list[str]]) -> list[list[list[str]]]:
    """Tables parted by a blank line that a ``#`` comment line or a title line follows.
    Blank lines anywhere else are dropped, as a spreadsheet saved as CSV leaves them.
    Comment lines stay with the table they precede; later tables also inherit the file's
    opening comment lines (its range) unless they state a range of their own."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    preamble: list[list[str]] = []
    blank = False
    for row in rows:
        if not any(c.strip() for c in row):
            blank = True
            continue
        comment = row[0].lstrip("\ufeff").startswith("#")
        has_data = any(not r[0].startswith("#") and not _title_row(r) for r in current)
        if (comment or _title_row(row)) and blank and has_data:
            found.append(current)
            current = []
        elif comment and not found and not has_data:
            preamble.append(row)
        current.append(row)
        blank = False
    if current:
        found.append(current)
    return found[:1] + [t if _has_range(t) else preamble + t for t in found[1:]]


def _has_range(rows: list[list[str]]) -> bool:
    return any(_RANGE_COMMENT.match(",".join(r).strip()) for r in rows if r and r[0].startswith("#"))


def _described(table: RawTable, label: str) -> RawTable:
    """What the comment lines and the file's name say about the rows."""
    for row in table.rows:
        line = ",".join(row).strip()
        if line.startswith("#"):
            found = _RANGE_COMMENT.match(line)
            if found:
                day = _day(found.group(2))
                if day is not None and found.group(1).lower() in ("start date", "開始日"):
                    table.start = day
                elif day is not None:
                    table.end = day
        partial = _PARTIAL.search(line) if len(row) <= 2 or line.startswith("#") else None
        if partial and not table.partial:
            table.partial = partial.group(0)
    if table.start is not None and table.end is not None:
        table.dates_from.append("comments")
    else:
        found_name = _RANGE_NAME.search(label)
        if found_name:
            table.start, table.end = _day(found_name.group(1)), _day(found_name.group(2))
            table.dates_from.append("name")
    # A cut-off note on a line of its own is no row of the table.
    if table.partial:
        table.rows = [r for r in table.rows if not (len(r) <= 2 and _PARTIAL.search(",".join(r)))]
    return table


def _day(text: str) -> dt.date | None:
    digits = text.replace("-", "")
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _stem(name: str) -> str:
    """A file's own name in lower case, without extension or a browser's " (2)" suffix."""
    return re.sub(r"\s*\(\d+\)$", "", PurePosixPath(name).stem.lower()).strip()


def _decode(data: bytes, shown: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    order = _utf16_without_bom(data)
    if order:
        return data.decode(order, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise TableError(shown, "encoding")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise TableError(shown, "encoding") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without its BOM, either byte order, even when it starts with Japanese: a CSV
    always holds ASCII (commas, digits, line ends), whose high byte is zero, so zero bytes
    gather on one side — odd places for little-endian, even for big-endian."""
    sample = data[:65536]
    if len(sample) < 4 or sample.count(0) < len(sample) // 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > 3 * even:
        return "utf-16-le"
    if even > 3 * odd:
        return "utf-16-be"
    return None


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:80]
