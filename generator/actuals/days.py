"""The days of a table's rows: each cell read as a date, the old Page export's second header
row told apart from data, and days written without a year (TikTok's) placed by the file's
own order and the plan's period."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from generator.actuals.dates import DateProblem, YearLess, parse_date
from generator.actuals.errors import Unreadable
from generator.plans.model import Plan
from generator.plans.values import Month

_TOTALS = ("total", "合計", "grand total", "総計", "totales", "total general", "gesamt", "totale")


def describes(cells: list[str], date_at: int) -> bool:
    """A row that says what each column means (the old Page export's second row): no date
    where the date goes, and words, not figures, in its cells."""
    if cells[date_at].strip() and _looks_dated(cells[date_at]):
        return False
    filled = [c for c in cells if c.strip()]
    wordy = [c for c in filled if re.search(r"[^\W\d_]{3,}", c) and not _looks_dated(c)]
    return bool(filled) and len(wordy) * 2 >= len(filled)


def _looks_dated(text: str) -> bool:
    try:
        return parse_date(text, "dmy") is not None
    except ValueError:
        return False


def row_dates(cells: list[tuple[int, str]], order: str | None, plan: Plan) -> dict[int, dt.date | None]:
    """Each row's day. Days without a year (TikTok's) are placed by the file's own order:
    rows run one way through time, so a step back from 31 December to 1 January is a new
    year; the whole run is then put in the years that overlap the plan's period most."""
    found: dict[int, dt.date | None] = {}
    yearless: list[tuple[int, YearLess]] = []
    for offset, text in cells:
        if text.strip().lower() in _TOTALS:
            found[offset] = None
            continue
        try:
            day = parse_date(text, order)
        except DateProblem as exc:
            raise Unreadable(exc.key, **exc.values) from None
        except ValueError:
            raise Unreadable("bad_date", line=offset, date=text.strip()[:30]) from None
        if isinstance(day, YearLess):
            yearless.append((offset, day))
        else:
            found[offset] = day
    if yearless:
        found |= _place_yearless(yearless, plan)
    return found


def _place_yearless(days: list[tuple[int, YearLess]], plan: Plan) -> dict[int, dt.date]:
    keys = [(d.month, d.day) for _, d in days]
    # Which way the file runs: each step read the short way round the calendar (30 December
    # to 2 January is three days forward, 5 January to 4 January one day back).
    forward = sum(1 for a, b in itertools.pairwise(keys) if 0 < (_doy(b) - _doy(a)) % 366 < 183)
    backward = sum(1 for a, b in itertools.pairwise(keys) if (_doy(b) - _doy(a)) % 366 >= 183)
    ascending = forward >= backward
    # Year steps in the file's direction; a file that turns back more than twice keeps no
    # order (a list sorted by views), and each day is placed in the period on its own.
    steps, backs = [0], 0
    for a, b in itertools.pairwise(keys):
        back = b < a if ascending else b > a
        backs += back
        steps.append(steps[-1] + (1 if ascending else -1) * back)
    if backs > 2:
        return {offset: _in_period(d.month, d.day, plan) for offset, d in days}
    start = plan.period.start if plan.period else Month(dt.date.today().year, 1)
    end = plan.period.end if plan.period else start.plus(11)

    def fit(base: int) -> tuple[bool, int, int]:
        """Whether the file's latest day is inside the plan (a download ends on the day it was
        made, in the plan's time: a year-long download made after month three reaches back
        before the start, never past the end); then rows inside; then nearness to the plan's
        first year."""
        placed = [Month(base + step, d.month) for step, (_, d) in zip(steps, days, strict=True)]
        inside = sum(1 for m in placed if start <= m <= end)
        return start <= max(placed) <= end, inside, -abs(base - start.year)

    base = max(range(start.year - 2, end.year + 2), key=fit)
    return {
        offset: dt.date(base + step, d.month, _fit(base + step, d.month, d.day))
        for step, (offset, d) in zip(steps, days, strict=True)
    }


def _doy(key: tuple[int, int]) -> int:
    """A month and day as a day of a leap year (1 January is 0)."""
    return (dt.date(2028, key[0], 1) - dt.date(2028, 1, 1)).days + key[1] - 1


def _in_period(month: int, day: int, plan: Plan) -> dt.date:
    """A date without a year (TikTok), placed in the year that puts it inside the plan."""
    start = plan.period.start if plan.period else Month(dt.date.today().year, 1)
    for year in (start.year, start.year + 1, start.year - 1):
        candidate = Month(year, month)
        if plan.period is None or plan.period.start <= candidate <= plan.period.end:
            return dt.date(year, month, _fit(year, month, day))
    return dt.date(start.year, month, _fit(start.year, month, day))


def _fit(year: int, month: int, day: int) -> int:
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return min(day, last)
