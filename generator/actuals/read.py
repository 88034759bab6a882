"""An ``actuals/<slug>/`` folder read into observations: (month, node key, value), each
from files the agency dropped there. Formats are recognised by their header row.

One file that cannot be read never costs the others: it is skipped with its reason (the
finding ``actuals-unread``), in the plan's language, and the rest is read. Only a folder in
which nothing at all could be read stops `proposals actuals`.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.actuals.errors import Unreadable
from generator.actuals.formats import Match, Parsed, parse, recognise
from generator.actuals.manual import MANUAL_HEADERS, read_manual
from generator.actuals.records import FileInfo, Observation, Read, Skipped
from generator.actuals.sources import choose
from generator.actuals.tables import RawTable, TableError, tables
from generator.errors import ConfigError, shown
from generator.knowledge import knowledge
from generator.plans.model import Plan

SETTINGS = "settings.yaml"
"""A folder's own settings (``date_order: dmy|mdy``), beside its exports."""
COMMENTS = "comments"
"""The agency's monthly comments, beside the exports: no export."""
ORDERS = ("dmy", "mdy")
MAX_DEPTH = 4
"""actuals/<slug>/<download>/<its folders>: deeper is no download a platform makes."""


@dataclass(frozen=True)
class _Found:
    """A table recognised, with the download it came in (its folder, or its archive)."""

    table: RawTable
    match: Match
    download: str


def read_folder(
    folder: Path, plan: Plan, date_order: str | None = None, labels: dict[str, str] | None = None
) -> Read:
    """Every export in the folder, its sub-folders (one per download) and its ZIPs, read in
    the order of their names (never their dates on disk). ``date_order`` is the workspace's
    default; the folder's ``settings.yaml`` overrides it. ``labels`` are the plan's tree
    nodes by label, which a typed row may name."""
    read = Read()
    if not folder.is_dir():
        return read
    order, settings = _date_order(folder, date_order)
    found: list[_Found] = []
    for path, relative in _export_files(folder, read, plan):
        name = shown(path)
        try:
            raw = list(tables(path, name, relative))
        except TableError as exc:
            read.skipped.append(Skipped(exc.name, _reason(exc.key, plan, **exc.values)))
            continue
        except OSError as exc:
            detail = (exc.strerror or str(exc)).lower()
            read.skipped.append(Skipped(name, _reason("unreadable", plan, detail=detail)))
            continue
        download = relative.rsplit("/", 1)[0] if "/" in relative else ""
        if path.suffix.lower() == ".zip":
            download = relative
        found += _recognised(raw, name, read, plan, download, labels)
    parsed = _parsed(_decided(found), read, plan, order, settings)
    typed, read.observations = read.observations, []
    chosen = choose(parsed, typed, plan)
    read.notes += chosen.notes
    read.set_aside = chosen.set_aside
    read.posts = sorted(chosen.posts, key=lambda p: (p.day, p.platform, p.link, p.caption))
    for figure in chosen.figures:
        files = ", ".join(dict.fromkeys(o.file for o in figure.sources))
        source = "manual" if figure.typed else "imported"
        read.observations.append(
            Observation(
                figure.month,
                figure.key,
                figure.value,
                source,
                files,
                figure.line,
                figure.sources,
                figure.days,
            )
        )
    return read


def _export_files(folder: Path, read: Read, plan: Plan) -> list[tuple[Path, str]]:
    """(path, path relative to the folder) of every file that may be an export, sorted by
    name; a link is listed as skipped and never followed."""
    found: list[tuple[Path, str]] = []

    def walk(here: Path, prefix: str, depth: int) -> None:
        with os.scandir(here) as entries:
            listed = sorted(entries, key=lambda e: e.name)
        for entry in listed:
            if entry.name.startswith(".") or (depth == 0 and entry.name in (SETTINGS, COMMENTS)):
                continue
            info = entry.stat(follow_symlinks=False)
            path = Path(entry.path)
            if stat.S_ISLNK(info.st_mode):
                read.skipped.append(Skipped(shown(path), _reason("link", plan)))
            elif stat.S_ISDIR(info.st_mode) and depth < MAX_DEPTH:
                walk(path, f"{prefix}{entry.name}/", depth + 1)
            elif stat.S_ISREG(info.st_mode):
                found.append((path, f"{prefix}{entry.name}"))

    walk(folder, "", 0)
    return found


def _recognised(
    found: list[RawTable],
    name: str,
    read: Read,
    plan: Plan,
    download: str,
    labels: dict[str, str] | None,
) -> list[_Found]:
    """The tables of one file we know. A manual table is read at once; a table we do not
    know inside a file we read (a snapshot's other cards) is passed over; a file of which
    nothing is known is skipped with a reason."""
    unknown: list[RawTable] = []
    known: list[_Found] = []
    manual = 0
    for table in found:
        header = [c.strip().lstrip("\ufeff").lower() for c in table.rows[0]] if table.rows else []
        if tuple(header[:3]) in MANUAL_HEADERS:
            read_manual(table, header, read, plan, labels or {})
            manual += 1
            continue
        match = recognise(table)
        if match is None:
            unknown.append(table)
        else:
            known.append(_Found(table, match, download))
    if not found:
        read.skipped.append(Skipped(name, _reason("empty", plan)))
    elif not known and not manual:
        for table in unknown[:1] if len(found) > 1 else unknown:
            read.skipped.append(Skipped(table.name, _reason("unknown", plan, header=_header_of(table))))
    return known


def _decided(found: list[_Found]) -> list[_Found]:
    """A file several platforms write alike that does not say whose it is takes the platform
    of the other files of its download, when they are all of one platform it could be."""
    decided: dict[str, set[str]] = {}
    for item in found:
        if item.match.platform is not None:
            decided.setdefault(item.download, set()).add(item.match.platform)
    out = []
    for item in found:
        match = item.match
        if match.platform is None and len(match.format.candidates) > 1:
            siblings = decided.get(item.download, set()) & set(match.format.candidates)
            if len(siblings) == 1:
                match = Match(match.format, match.header_at, siblings.pop())
        out.append(_Found(item.table, match, item.download))
    return out


def _parsed(found: list[_Found], read: Read, plan: Plan, order: str | None, settings: str) -> list[Parsed]:
    """Each table we know, read; one that cannot be is skipped with its reason."""
    used = {p.id for p in plan.platforms}
    parsed: list[Parsed] = []
    kb = knowledge()
    for item in found:
        table, match = item.table, item.match
        fmt = match.format
        try:
            if fmt.kind == "unused":
                why = fmt.why(plan.language) if fmt.why else ""
                read.unused.append(FileInfo(table.name, fmt.id, match.platform, 0, note=why))
                continue
            if match.platform is None and fmt.candidates:
                names = " / ".join(kb.platforms[p].name(plan.language) for p in fmt.candidates)
                raise Unreadable("which_download", platforms=names)
            if match.platform is not None and match.platform not in used:
                why = _reason("not_in_plan", plan, platform=kb.platforms[match.platform].name(plan.language))
                read.unused.append(FileInfo(table.name, fmt.id, match.platform, 0, note=why))
                continue
            item_parsed = _read_table(table, match, read, plan, order, settings)
        except Unreadable as exc:
            if exc.key == "titled_metric":  # a known file of a metric no plan tracks
                why = _reason(exc.key, plan, **exc.values)
                read.unused.append(FileInfo(table.name, fmt.id, match.platform, 0, note=why))
                continue
            read.skipped.append(Skipped(table.name, _reason(exc.key, plan, **exc.values)))
            continue
        parsed.append(item_parsed)
    _spans(parsed, found)
    return parsed


def _spans(parsed: list[Parsed], found: list[_Found]) -> None:
    """The days each download covers: a table's stated range, else the first to the last day
    any table of its download holds (a sparse series, "follows" written only on days with a
    follow, takes its download's range)."""
    download = {id(item.table): item.download for item in found}
    reach: dict[str, tuple[dt.date, dt.date]] = {}
    for item in parsed:
        days = [r.day for r in item.records.values() if r.day]
        if days and item.format.kind == "daily":
            key = download.get(id(item.table), "")
            low, high = reach.get(key, (min(days), max(days)))
            reach[key] = (min(low, min(days)), max(high, max(days)))
    for item in parsed:
        if item.table.start and item.table.end:
            item.span = (item.table.start, item.table.end)
        elif item.format.kind == "daily":
            item.span = reach.get(download.get(id(item.table), ""))


def _read_table(
    table: RawTable, match: Match, read: Read, plan: Plan, order: str | None, settings: str
) -> Parsed:
    parsed = parse(table, match, plan, order, settings)
    fmt = parsed.format
    _check_source(table.name, parsed, plan, read)
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
    return parsed


def _check_source(name: str, parsed: Parsed, plan: Plan, read: Read) -> None:
    """A column that changed meaning, or a count that changed how it counts. (Rows of another
    account are left out where the figures are chosen, see :mod:`generator.actuals.sources`.)"""
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
