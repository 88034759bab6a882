"""An ``actuals/<slug>/`` folder read into observations: (month, node key, value), each
from a file the agency dropped there. Formats are recognised by their header row."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.actuals.cells import CellError, number
from generator.actuals.formats import Parsed, monthly, parse, recognise
from generator.actuals.tables import RawTable, TableError, tables
from generator.errors import ActualsError, shown, system_problem
from generator.knowledge import knowledge
from generator.plans.model import Plan
from generator.plans.values import Month, parse_month

MANUAL_HEADERS = (("month", "metric", "value"), ("月", "指標", "値"))
"""The manual format (`month,metric,value[,platform][,note]`), in English or Japanese."""


@dataclass(frozen=True)
class Observation:
    month: Month
    key: str
    """The node key: ``metric`` or custom ``id``, with ``@platform`` when it names one."""
    value: float
    source: str
    """``manual``, or ``imported`` from a platform export."""
    file: str
    line: int


@dataclass
class FileInfo:
    file: str
    format: str
    platform: str | None
    rows: int
    first: Month | None = None
    last: Month | None = None


@dataclass
class Read:
    files: list[FileInfo] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    notes: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    """(rule, message, values) the reading itself found: a retired column, another account."""


def read_folder(folder: Path, plan: Plan) -> Read:
    """Every export in the folder (and in ZIPs in it), oldest download first so that a later
    one replaces what it overlaps; a file that cannot be read or recognised stops with one
    line naming it."""
    read = Read()
    if not folder.is_dir():
        return read
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")),
        key=lambda p: (p.stat().st_mtime_ns, p.name),
    )
    records: dict[tuple[str, str | None], Parsed] = {}
    for path in files:
        try:
            for table in tables(path, shown(path)):
                _read_table(table, read, plan, records)
        except TableError as exc:
            raise ActualsError(str(exc)) from None
        except OSError as exc:
            raise ActualsError(system_problem(exc)) from None
    for (month, key), value in sorted(
        monthly(list(records.values())).items(), key=lambda kv: (kv[0][0], kv[0][1])
    ):
        read.observations.append(Observation(month, key, value, "imported", "", 0))
    return read


def _read_table(
    table: RawTable, read: Read, plan: Plan, records: dict[tuple[str, str | None], Parsed]
) -> None:
    header = [c.strip().lstrip("\ufeff").lower() for c in table.rows[0]] if table.rows else []
    if tuple(header[:3]) in MANUAL_HEADERS:
        _manual(table, header, read)
        return
    found = recognise(table)
    if found is not None:
        fmt, header_at = found
        try:
            parsed = parse(table, fmt, header_at, plan)
        except ValueError as exc:
            raise ActualsError(str(exc)) from None
        _check_source(table.name, parsed, plan, read)
        slot = records.setdefault((fmt.id, fmt.platform), Parsed(fmt, fmt.platform, {}))
        slot.records.update(parsed.records)  # the later download wins where they overlap
        months = [r.month for r in parsed.records.values()]
        read.files.append(
            FileInfo(
                table.name,
                fmt.id,
                fmt.platform,
                len(parsed.records),
                min(months, default=None),
                max(months, default=None),
            )
        )
        return
    raise ActualsError(
        f"{table.name}: unknown export (header: {', '.join(table.rows[0][:6]) if table.rows else 'none'})"
        " — type such figures in the manual format: month,metric,value[,platform][,note]"
    )


def _check_source(name: str, parsed: Parsed, plan: Plan, read: Read) -> None:
    """An export from another account than the plan's, or with a column that changed meaning."""
    handles = {
        (p.handle or "").strip().lstrip("@").lower()
        for p in plan.platforms
        if p.id == parsed.platform and p.handle
    }
    other = sorted(parsed.accounts - handles) if handles else []
    if other:
        read.notes.append(("actuals-account-mismatch", "other", {"file": name, "account": other[0]}))
    for column, since in parsed.retired:
        read.notes.append(
            ("actuals-definition-change", "retired", {"file": name, "column": column, "since": since})
        )
    names = knowledge().metrics
    for metric, day, rows in parsed.changed:
        instead = parsed.format.changed[metric].instead or metric
        values = {"file": name, "since": day.isoformat(), "rows": str(rows)}
        values |= {"metric": names[metric].name(plan.language), "instead": names[instead].name(plan.language)}
        read.notes.append(("actuals-definition-change", "recounted", values))


def _manual(table: RawTable, header: list[str], read: Read) -> None:
    has_platform = len(header) > 3 and header[3] in ("platform", "媒体")
    info = FileInfo(table.name, "manual", None, 0)
    for line, row in enumerate(table.rows[1:], 2):
        cells = [*row, "", ""]
        try:
            month = parse_month(cells[0].strip())
            value = number(cells[2])
        except (ValueError, CellError) as exc:
            raise ActualsError(f"{table.name}:{line}: {exc}") from None
        if value is None:
            continue
        platform = cells[3].strip().lower() if has_platform else ""
        key = cells[1].strip() + (f"@{platform}" if platform else "")
        read.observations.append(Observation(month, key, value, "manual", table.name, line))
        info.rows += 1
    months = [o.month for o in read.observations if o.file == table.name]
    info.first, info.last = min(months, default=None), max(months, default=None)
    read.files.append(info)
