"""An ``actuals/<slug>/`` folder read into observations: (month, node key, value), each
from files the agency dropped there. Formats are recognised by their header row.

One file that cannot be read never costs the others: it is skipped with its reason (the
finding ``actuals-unread``), in the plan's language, and the rest is read. Only a folder in
which nothing at all could be read stops `proposals actuals`.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.actuals.formats import Match, Parsed, Unreadable, monthly, parse, recognise
from generator.actuals.manual import MANUAL_HEADERS, read_manual
from generator.actuals.records import FileInfo, Observation, Read, Skipped
from generator.actuals.tables import RawTable, TableError, tables
from generator.errors import ConfigError, shown
from generator.knowledge import knowledge
from generator.plans.model import Plan

SETTINGS = "settings.yaml"
"""A folder's own settings (``date_order: dmy|mdy``), beside its exports."""
ORDERS = ("dmy", "mdy")


def read_folder(folder: Path, plan: Plan, date_order: str | None = None) -> Read:
    """Every export in the folder (and in ZIPs in it), oldest download first so that a later
    one replaces what it overlaps. ``date_order`` is the workspace's default; the folder's
    ``settings.yaml`` overrides it."""
    read = Read()
    if not folder.is_dir():
        return read
    order, settings = _date_order(folder, date_order)
    files = sorted(
        (p for p in folder.iterdir() if not p.name.startswith(".") and p.name != SETTINGS and not p.is_dir()),
        key=lambda p: (p.lstat().st_mtime_ns, p.name),
    )
    records: dict[tuple[str, str | None], Parsed] = {}
    for path in files:
        name = shown(path)
        if path.is_symlink():
            read.skipped.append(Skipped(name, _reason("link", plan)))
            continue
        if not path.is_file():
            continue
        try:
            found = list(tables(path, name))
        except TableError as exc:
            read.skipped.append(Skipped(exc.name, _reason(exc.key, plan, **exc.values)))
            continue
        except OSError as exc:
            detail = (exc.strerror or str(exc)).lower()
            read.skipped.append(Skipped(name, _reason("unreadable", plan, detail=detail)))
            continue
        _read_file(found, name, read, plan, records, order, settings)
    totals, sources = monthly(list(records.values()))
    for (month, key), value in sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        files_of = ", ".join(sorted(sources.get((month, key), ())))
        read.observations.append(Observation(month, key, value, "imported", files_of, 0))
    return read


def _read_file(
    found: list[RawTable],
    name: str,
    read: Read,
    plan: Plan,
    records: dict[tuple[str, str | None], Parsed],
    order: str | None,
    settings: str,
) -> None:
    """The tables of one file; a table we do not know inside a file we read (a snapshot's
    other cards) is passed over, a file of which nothing is known is skipped with a reason."""
    unknown: list[RawTable] = []
    known = 0
    for table in found:
        header = [c.strip().lstrip("\ufeff").lower() for c in table.rows[0]] if table.rows else []
        try:
            if tuple(header[:3]) in MANUAL_HEADERS:
                read_manual(table, header, read, plan)
                known += 1
                continue
            match = recognise(table, plan)
            if match is None:
                unknown.append(table)
                continue
            known += 1
            if match.format.kind == "unused":
                why = match.format.why(plan.language) if match.format.why else ""
                read.unused.append(FileInfo(table.name, match.format.id, match.platform, 0, note=why))
                continue
            _read_table(table, match, read, plan, records, order, settings)
        except Unreadable as exc:
            known += 1
            read.skipped.append(Skipped(table.name, _reason(exc.key, plan, **exc.values)))
    if not found:
        read.skipped.append(Skipped(name, _reason("empty", plan)))
    elif not known:
        for table in unknown[:1] if len(found) > 1 else unknown:
            read.skipped.append(Skipped(table.name, _reason("unknown", plan, header=_header_of(table))))


def _read_table(
    table: RawTable,
    match: Match,
    read: Read,
    plan: Plan,
    records: dict[tuple[str, str | None], Parsed],
    order: str | None,
    settings: str,
) -> None:
    parsed = parse(table, match, plan, order, settings)
    fmt = parsed.format
    _check_source(table.name, parsed, plan, read)
    slot = records.setdefault((fmt.id, parsed.platform), Parsed(fmt, parsed.platform, {}))
    slot.records.update(parsed.records)  # the later download wins where they overlap
    months = [r.month for r in parsed.records.values()]
    notes = []
    if parsed.summed_over:
        notes.append(_note("summed", plan, dimension=parsed.summed_over))
    if parsed.ranged and table.start and table.end:
        notes.append(_note("ranged", plan, start=table.start.isoformat(), end=table.end.isoformat()))
    if table.partial:
        read.notes.append(("actuals-partial", "partial", {"file": table.name, "said": table.partial}))
        notes.append(_note("partial", plan, said=table.partial))
    read.files.append(
        FileInfo(
            table.name,
            fmt.id,
            parsed.platform,
            len(parsed.records),
            min(months, default=None),
            max(months, default=None),
            "; ".join(notes),
        )
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


def _header_of(table: RawTable) -> str:
    """The real header row, not a comment line above it."""
    rows = [r for r in table.rows if r and not r[0].lstrip("\ufeff").startswith("#")]
    return ", ".join(c.strip() for c in rows[0][:6])[:120] if rows else "—"


def _reason(key: str, plan: Plan, **values: str) -> str:
    template = knowledge().exports.reasons.get(key)
    if template is None:
        return key
    try:
        return template(plan.language).format(**values)
    except (KeyError, IndexError):
        return template(plan.language)


def _note(key: str, plan: Plan, **values: str) -> str:
    return _reason(f"note_{key}", plan, **values)


def _date_order(folder: Path, default: str | None) -> tuple[str | None, str]:
    """The folder's ``date_order`` (its settings.yaml), else the workspace's; and where to set it."""
    file = folder / SETTINGS
    where = shown(file)
    if not os.path.lexists(file):
        return _checked(default, "mkdocs.yml: plugins.proposals.date_order"), where
    import yaml

    from generator.cache.store import read_regular

    raw = read_regular(file, 64 * 1024)
    try:
        data = yaml.safe_load(raw.decode("utf-8")) if raw is not None else None
    except (yaml.YAMLError, UnicodeDecodeError):
        data = None
    if raw is None or not isinstance(data, dict) or set(data) - {"date_order"}:
        raise ConfigError(f"{where}: write only 'date_order: dmy' (day/month) or 'mdy' (month/day)")
    return _checked(data.get("date_order") or default, where), where


def _checked(order: object, where: str) -> str | None:
    if order is None:
        return None
    if order not in ORDERS:
        raise ConfigError(f"{where}: date_order is '{order}'; write dmy (day/month) or mdy (month/day)")
    return str(order)
