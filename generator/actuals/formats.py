"""The platforms' own exports: recognised by their header row (which need not be the first),
and read row by row into records keyed for de-duplication — per post in its publish month,
per day in its calendar month. Which platform a file is from is read from the file itself
(its title line, its name, the folders of its download), never from what the plan holds.

A file is read right or not at all: anything that would make its figures doubtful (dates
that could be day/month or month/day, a range that spans months, a cell that is no number)
stops that file with a reason, which the folder's reading reports and moves past.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from generator.actuals.cells import CellError, number
from generator.actuals.dates import DateProblem, needs_order, numeric_order
from generator.actuals.days import describes, row_dates
from generator.actuals.errors import Unreadable
from generator.actuals.tables import RawTable
from generator.knowledge import ExportFormat, knowledge
from generator.plans.keys import node_key
from generator.plans.model import Plan
from generator.plans.values import Month

HEADER_SEARCH = 12
"""How far down a file its header row may sit, past comment lines (a title line, say)."""


@dataclass
class Record:
    month: Month
    values: dict[str, float] = field(default_factory=dict)
    day: dt.date | None = None
    file: str = ""
    account: str = ""
    """The account the row is from, where the export says (a collab post's other account)."""
    post: dict[str, str] = field(default_factory=dict)
    """A post's caption, type and link, where a per-post export says them."""


@dataclass
class Parsed:
    format: ExportFormat
    platform: str | None
    records: dict[str, Record]
    """By post id or by date (and source for GA4): a later download replaces an earlier one."""
    accounts: set[str] = field(default_factory=set)
    """The accounts the rows come from, where the export names them."""
    retired: list[tuple[str, str]] = field(default_factory=list)
    """(column, month it changed meaning) for old columns read in place of today's."""
    changed: list[tuple[str, dt.date, int]] = field(default_factory=list)
    """(metric, day the counting changed, rows before it) for rows counted the old way."""
    summed_over: str = ""
    """The dimension whose rows were added up to each day's total (traffic source…)."""
    ranged: bool = False
    """Placed by the file's stated range, not by dates in its rows."""
    table: RawTable = field(default_factory=lambda: RawTable("", []))
    span: tuple[dt.date, dt.date] | None = None
    """The days the download covers: its stated range, else the days its tables hold."""

    @property
    def last(self) -> dt.date | None:
        """The last day the table holds: a later download replaces an earlier one."""
        return max((r.day for r in self.records.values() if r.day), default=self.table.end)

    def own_account(self) -> str:
        accounts = Counter(r.account for r in self.records.values() if r.account)
        return accounts.most_common(1)[0][0] if accounts else ""


@dataclass(frozen=True)
class Match:
    format: ExportFormat
    header_at: int
    platform: str | None
    """None while the file does not say which of ``format.candidates`` it is from."""


def header_cells(row: list[str]) -> list[str]:
    return [" ".join(c.replace("\ufeff", "").split()).lower() for c in row]


def recognise(table: RawTable) -> Match | None:
    """The format, where its header row is, and the platform the file is from; None for a
    file we do not know."""
    seen = 0
    for index, row in enumerate(table.rows):
        if row and row[0].lstrip("\ufeff").startswith("#"):
            continue
        seen += 1
        if seen > HEADER_SEARCH:
            break
        cells = set(header_cells(row))
        # The most specific signature wins (a Facebook post export also has Instagram's
        # columns); then the format that maps more of the header; then a daily format,
        # since a per-item table has no per-day date column.
        matches = [
            ((len(signature), _mapped(fmt, cells), fmt.kind == "daily"), fmt)
            for fmt in knowledge().exports.exports
            for signature in fmt.signature
            if set(signature) <= cells and (not fmt.names or _named(table.stem, fmt.names))
        ]
        if matches:
            best = max(score for score, _ in matches)
            fmt = next(f for score, f in matches if score == best)
            return Match(fmt, index, platform_named(fmt.candidates, table))
    return None


def _mapped(fmt: ExportFormat, cells: set[str]) -> int:
    return sum(1 for names in fmt.columns.values() if cells & set(names))


def _named(stem: str, names: tuple[str, ...]) -> bool:
    return any(stem == n or stem.startswith(n + " ") or stem.startswith(n + "_") for n in names)


_TOKENS = re.compile(r"[a-z0-9]+|[^\x00-\x7f]+")


def platform_named(candidates: tuple[str, ...], table: RawTable) -> str | None:
    """Which of ``candidates`` the file says it is from: its title line first ("Instagram
    reach"), then its own name, then the folders or archive of its download. None when
    nothing there names exactly one."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    words: dict[str, tuple[str, ...]] = {str(k): v for k, v in knowledge().exports.platform_words.items()}
    for text in (table.title, table.stem, table.context):
        lowered = text.lower()
        tokens = set(_TOKENS.findall(lowered))
        named = [
            p
            for p in candidates
            if any((w in tokens) if w.isascii() else (w in lowered) for w in words.get(p, (p,)))
        ]
        if len(named) == 1:
            return named[0]
    return None


def parse(table: RawTable, match: Match, plan: Plan, order: str | None, settings: str) -> Parsed:
    """The table's records; ``order`` (dmy or mdy) decides dates the file cannot settle."""
    fmt, header_at = match.format, match.header_at
    header = header_cells(table.rows[header_at])
    where: dict[str, int] = {}
    for i, name in enumerate(header):
        where.setdefault(name, i)

    def column(names: tuple[str, ...]) -> int | None:
        return next((where[n] for n in names if n in where), None)

    date_at = column(fmt.date_column)
    account_at = column(fmt.account_column)
    id_at = column(fmt.id_column)
    source_at = column(fmt.source_column)
    channel_at = column(fmt.channel_column)
    dimension_at = column(fmt.dimension)
    post_at = {name: at for name, names in fmt.post_columns.items() if (at := column(names)) is not None}
    metrics = (
        _titled(table, fmt, header_at, column(fmt.titled))
        if fmt.titled
        else {metric: at for metric, names in fmt.columns.items() if (at := column(names)) is not None}
    )
    # Net from gained and lost only where the file gives no net column and gives both.
    nets = {
        metric: (plus, minus)
        for metric, (gained, lost) in fmt.net.items()
        if metric not in metrics
        and (plus := column(gained)) is not None
        and (minus := column(lost)) is not None
    }
    rows = [
        (offset, [*row, *[""] * len(header)])
        for offset, row in enumerate(table.rows[header_at + 1 :], header_at + 2)
        if row and not row[0].lstrip().startswith("#") and row[0].strip().lower() not in fmt.skip_first
    ]
    if rows and date_at is not None and describes(rows[0][1], date_at):
        rows = rows[1:]  # the old Page export's second header row: what each column means
    fixed = _fixed_day(table, fmt, date_at)
    dates: dict[int, dt.date | None] = {}
    if date_at is not None:
        order = _order([cells[date_at] for _, cells in rows], order, settings)
        dates = row_dates([(offset, cells[date_at]) for offset, cells in rows], order, plan)
    records: dict[str, Record] = {}
    accounts: set[str] = set()
    for offset, cells in rows:
        if (source_at is not None and not cells[source_at].strip()) or (
            channel_at is not None and not cells[channel_at].strip()
        ):
            continue  # a totals row without its dimension
        when = fixed if date_at is None else dates.get(offset)
        if when is None:
            continue
        values = _values(cells, metrics, nets, fmt, offset)
        key_parts = [] if fmt.kind == "posts" else [when.isoformat()]
        if id_at is not None:
            key_parts.append(cells[id_at].strip())
        if fmt.kind == "posts" and not key_parts:
            key_parts.append(str(offset))
        if dimension_at is not None:
            key_parts.append(cells[dimension_at].strip().lower())
        if source_at is not None:  # GA4: the row's values belong to the platform its source names
            source = cells[source_at].strip().lower()
            key_parts.append(source)
            platform = platform_of(source, plan)
            values = {node_key(k, platform): v for k, v in values.items()} if platform else {}
        elif channel_at is not None:  # GA4 by channel: social channels' sessions, no platform
            channel = cells[channel_at].strip().lower()
            key_parts.append(channel)
            if channel not in knowledge().exports.social_channels:
                values = {}
        if fmt.titled:  # one file a metric: a Views day and a Follows day are different rows
            key_parts = [*metrics, *key_parts]
        account = cells[account_at].strip().lstrip("@").lower() if account_at is not None else ""
        post = {name: cells[at].strip()[:300] for name, at in post_at.items() if cells[at].strip()}
        records["|".join(key_parts)] = Record(
            Month(when.year, when.month), values, when, table.name, account, post
        )
        if account:
            accounts.add(account)
    retired = [(name, since) for name, since in fmt.retired.items() if name in where]
    changed = [
        (metric, change.since, before)
        for metric, change in fmt.changed.items()
        if metric in metrics
        and (
            before := sum(
                1 for r in records.values() if r.day and r.day < change.since and metric in r.values
            )
        )
    ]
    summed_over = table.rows[header_at][dimension_at].strip() if dimension_at is not None else ""
    return Parsed(
        fmt, match.platform, records, accounts, retired, changed, summed_over, fixed is not None, table
    )


def _values(
    cells: list[str],
    metrics: dict[str, int],
    nets: dict[str, tuple[int, int]],
    fmt: ExportFormat,
    offset: int,
) -> dict[str, float]:
    try:
        values = {
            m: v for m, i in metrics.items() if (v := number(cells[i], signed=m in fmt.signed)) is not None
        }
        for metric, (plus, minus) in nets.items():
            gained, lost = number(cells[plus]), number(cells[minus])
            if gained is not None and lost is not None:
                values[metric] = gained - lost
    except CellError as exc:
        raise Unreadable("bad_cell", line=offset, detail=str(exc)) from None
    return values


def _fixed_day(table: RawTable, fmt: ExportFormat, date_at: int | None) -> dt.date | None:
    """The one day a file without dates in its rows stands for: the end of its stated range,
    when that range lies in one month."""
    if date_at is not None:
        return None
    if not fmt.ranged:
        raise Unreadable("no_dates")
    if table.start is None or table.end is None:
        raise Unreadable("no_dates")
    if (table.start.year, table.start.month) != (table.end.year, table.end.month):
        raise Unreadable("range_months", start=table.start.isoformat(), end=table.end.isoformat())
    return table.end


def _order(cells: list[str], order: str | None, settings: str) -> str | None:
    """The file's own answer to day/month or month/day, else the setting, else a refusal."""
    try:
        found = numeric_order(cells)
    except DateProblem as exc:
        raise Unreadable(exc.key, **exc.values) from None
    if found is not None:
        return found
    if order is None:
        ambiguous = needs_order(cells)
        if ambiguous is not None:
            raise Unreadable("ambiguous_date", date=ambiguous[:20], settings=settings)
    return order


def _titled(table: RawTable, fmt: ExportFormat, header_at: int, value_at: int | None) -> dict[str, int]:
    """A one-metric file's metric, named on a line above its header (Meta's page CSVs)."""
    titles = [
        " ".join(c.replace("\ufeff", "").split()).lower()
        for row in table.rows[:header_at]
        for c in row
        if c.strip() and not c.strip().lower().startswith("sep=")
    ]
    for metric, names in fmt.columns.items():
        if value_at is not None and any(
            t == n or t.endswith(" " + n) or (not n.isascii() and t.endswith(n))
            for t in titles
            for n in names
        ):
            return {metric: value_at}
    raise Unreadable("titled_metric", title=titles[0][:40] if titles else "—")


def platform_of(source_medium: str, plan: Plan) -> str | None:
    """The plan's platform a GA4 source / medium belongs to: its UTM source, else a referrer
    the platform is known to send from."""
    source = source_medium.split("/", 1)[0].strip()
    kb = knowledge()
    for p in plan.platforms:
        own = (p.utm.source if p.utm and p.utm.source else kb.platforms[p.id].utm_source).lower()
        if source == own or source in dict(kb.exports.referrers).get(p.id, ()):
            return p.id
    return None
