"""The platforms' own exports: recognised by their header row (which need not be the first),
read row by row into records keyed for de-duplication, and summed into months — per post in
its publish month, per day in its calendar month — with rates recomputed from summed parts."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field

from generator.actuals.cells import CellError, number
from generator.actuals.tables import RawTable
from generator.knowledge import ExportFormat, knowledge
from generator.plans.model import Plan
from generator.plans.values import Month

HEADER_SEARCH = 12
"""How far down a file its header row may sit (a title line, GA4's comment lines)."""
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%a, %b %d, %Y",
    "%b %d, %Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%b %d %Y",
)
YEARLESS = "yearless"
"""A day and a month without a year (TikTok's downloads): placed inside the plan's period."""
_YEARLESS_JA = re.compile(r"^(\d{1,2})月(\d{1,2})日$")
_YEARLESS_EN = (re.compile(r"^(\d{1,2}) ([A-Za-z]+)$"), re.compile(r"^([A-Za-z]+) (\d{1,2})$"))


@dataclass
class Record:
    month: Month
    values: dict[str, float] = field(default_factory=dict)
    day: dt.date | None = None


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


def recognise(table: RawTable) -> tuple[ExportFormat, int] | None:
    """The format and the index of its header row, or None."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH]):
        cells = {c.strip().lstrip("\ufeff").lower() for c in row}
        # The most specific signature wins: a Facebook post export also has Instagram's columns.
        # On a tie a daily format wins, since a per-item table has no per-day date column.
        matches = [
            (len(signature), fmt.kind == "daily", fmt)
            for fmt in knowledge().exports.exports
            for signature in fmt.signature
            if set(signature) <= cells
        ]
        if matches:
            return max(matches, key=lambda m: m[:2])[2], index
    return None


def parse(table: RawTable, fmt: ExportFormat, header_at: int, plan: Plan) -> Parsed:
    header = [c.strip().lstrip("\ufeff").lower() for c in table.rows[header_at]]
    where = {name: i for i, name in enumerate(header)}

    def column(names: tuple[str, ...]) -> int | None:
        return next((where[n] for n in names if n in where), None)

    date_at = column(fmt.date_column)
    account_at = column(fmt.account_column)
    retired = [(name, since) for name, since in fmt.retired.items() if name in where]
    id_at = column(fmt.id_column)
    source_at = column(fmt.source_column)
    metrics = (
        _titled(table, fmt, header_at, column(fmt.titled))
        if fmt.titled
        else {metric: i for metric, names in fmt.columns.items() if (i := column(names)) is not None}
    )
    nets = {metric: (column(plus), column(minus)) for metric, (plus, minus) in fmt.net.items()}
    records: dict[str, Record] = {}
    accounts: set[str] = set()
    tried = [*_DATE_FORMATS, YEARLESS]
    for offset, row in enumerate(table.rows[header_at + 1 :], header_at + 2):
        cells = [*row, *[""] * len(header)]
        if cells[0].strip().lower() in fmt.skip_first or cells[0].startswith("#"):
            continue  # YouTube's Total row, GA4's comment lines
        try:
            when = _date(cells[date_at] if date_at is not None else "", plan, tried)
            values = {
                m: v
                for m, i in metrics.items()
                if (v := number(cells[i], signed=m in fmt.signed)) is not None
            }
            for metric, (plus, minus) in nets.items():
                gained = number(cells[plus]) if plus is not None else None
                lost = number(cells[minus]) if minus is not None else None
                if gained is not None:
                    values[metric] = gained - (lost or 0.0)
        except (ValueError, CellError) as exc:
            raise ValueError(f"{table.name}:{offset}: {exc}") from None
        if when is None:
            continue
        source = cells[source_at].strip().lower() if source_at is not None else ""
        # A post is itself whenever it was downloaded; a day's row is that day (per video too).
        row_id = cells[id_at].strip() if id_at is not None else ""
        key = (row_id if fmt.kind == "posts" else f"{when.isoformat()}|{row_id}") + (
            f"|{source}" if source else ""
        )
        if fmt.titled:  # one file a metric: a Views day and a Follows day are different rows
            key = "|".join([*metrics, key])
        if source_at is not None:  # GA4: the row's values belong to the platform its source names
            platform = platform_of(source, plan)
            values = {f"{k}@{platform}": v for k, v in values.items()} if platform else {}
        records[key] = Record(Month(when.year, when.month), values, when)
        if account_at is not None and cells[account_at].strip():
            accounts.add(cells[account_at].strip().lstrip("@").lower())
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
    return Parsed(fmt, fmt.platform, records, accounts, retired, changed)


def _titled(table: RawTable, fmt: ExportFormat, header_at: int, value_at: int | None) -> dict[str, int]:
    """A one-metric file's metric, named on a line above its header (Meta's page CSVs)."""
    titles = [c.strip().lstrip("\ufeff").lower() for row in table.rows[:header_at] for c in row if c.strip()]
    for metric, names in fmt.columns.items():
        if value_at is not None and any(t == n or t.endswith(" " + n) for t in titles for n in names):
            return {metric: value_at}
    shown = titles[0][:40] if titles else "none"
    raise ValueError(f"{table.name}: the metric this file holds ('{shown}') is not one we read")


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


def _date(text: str, plan: Plan, tried: list[str]) -> dt.date | None:
    """The row's date; ``tried`` keeps the pattern that read the last row first, so a file of
    one date style parses each row on the first attempt."""
    text = text.strip()
    if not text or text.lower() in ("total", "合計"):
        return None
    if len(text) == 10 and text[4] == "-":
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(text)
    for pattern in tried:
        found = _read_date(text, pattern, plan)
        if found is None:
            continue
        if tried[0] != pattern:
            tried.remove(pattern)
            tried.insert(0, pattern)
        return found
    raise ValueError(f"'{text[:30]}' is not a date")


def _read_date(text: str, pattern: str, plan: Plan) -> dt.date | None:
    if pattern == YEARLESS:
        month_day = _yearless(text)
        return _in_period(*month_day, plan) if month_day else None
    try:
        return dt.datetime.strptime(text, pattern).date()
    except ValueError:
        return None


def _yearless(text: str) -> tuple[int, int] | None:
    found = _YEARLESS_JA.match(text)
    if found:
        return int(found.group(1)), int(found.group(2))
    for pattern in _YEARLESS_EN:
        found = pattern.match(text)
        if found:
            day, name = (
                (found.group(1), found.group(2))
                if found.group(1).isdigit()
                else (found.group(2), found.group(1))
            )
            for fmt in ("%B", "%b"):
                try:
                    return dt.datetime.strptime(name, fmt).month, int(day)
                except ValueError:
                    continue
    return None


def _in_period(month: int, day: int, plan: Plan) -> dt.date:
    """A date without a year (TikTok), placed in the year that puts it inside the plan."""
    start = plan.period.start if plan.period else Month(dt.date.today().year, 1)
    for year in (start.year, start.year + 1, start.year - 1):
        candidate = Month(year, month)
        if plan.period is None or plan.period.start <= candidate <= plan.period.end:
            return dt.date(year, month, min(day, 28) if month == 2 else day)
    return dt.date(start.year, month, day)


def monthly(parsed: list[Parsed]) -> dict[tuple[Month, str], float]:
    """Sums by month and node key; every count adds up, ratios are recomputed from parts."""
    totals: dict[tuple[Month, str], float] = {}
    latest: dict[tuple[Month, str], dt.date] = {}
    for item in parsed:
        suffix = f"@{item.platform}" if item.platform else ""
        for record in sorted(item.records.values(), key=lambda r: r.day or dt.date.min):
            for metric, value in record.values.items():
                key = metric if "@" in metric else metric + suffix
                if metric in item.format.stocks:  # a level: the month's last value, never a sum
                    if record.day is not None and record.day >= latest.get((record.month, key), dt.date.min):
                        latest[(record.month, key)] = record.day
                        totals[(record.month, key)] = value
                    continue
                totals[(record.month, key)] = totals.get((record.month, key), 0.0) + value
    for (month, key), value in list(totals.items()):
        if key.startswith("sns_sessions@"):
            totals[(month, "sns_sessions")] = totals.get((month, "sns_sessions"), 0.0) + value
        elif key.startswith(("orders@", "ec_revenue@")):
            base = key.split("@", 1)[0]
            totals[(month, base)] = totals.get((month, base), 0.0) + value
    for month in {m for m, _ in totals}:
        sessions, orders, revenue = (totals.get((month, k)) for k in ("sns_sessions", "orders", "ec_revenue"))
        if sessions and orders is not None:
            totals[(month, "ec_cvr")] = orders / sessions
        if orders and revenue is not None:
            totals[(month, "average_order_value")] = revenue / orders
    return totals
