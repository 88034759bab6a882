"""Where the figures of a progress page or a monthly report came from: the sources the month
table cites by number, and the days a partial month's figure covers."""

from __future__ import annotations

import datetime as dt

from generator.actuals.progress import Cell
from generator.actuals.records import Origin
from generator.locale import formatting
from generator.plans.values import Month


class Sources:
    """The sources a page cites, numbered in the order the table first cites them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lines: list[str] = []
        self._numbers: dict[tuple[str, str, str], int] = {}

    def cite(self, origins: tuple[Origin, ...]) -> tuple[int, ...]:
        found = []
        for origin in origins:
            name = origin.file.rsplit("/", 1)[-1]
            key = (name, origin.table, origin.account)
            if key not in self._numbers:
                self._numbers[key] = len(self.lines) + 1
                self.lines.append(self._line(name, origin))
            found.append(self._numbers[key])
        return tuple(dict.fromkeys(found))

    def _line(self, name: str, origin: Origin) -> str:
        parts = [name]
        if origin.table and origin.table != origin.file and "#" not in origin.table:
            parts.append(f"「{origin.table}」" if self.lang == "ja" else f"“{origin.table}”")
        if origin.account:
            parts.append(f"@{origin.account}")
        if origin.first and origin.last:
            parts.append(formatting.day_range(origin.first, origin.last, self.lang))
        return ("、" if self.lang == "ja" else ", ").join(parts)


def covered_days(cell: Cell, month: Month) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial month's figure covers, as its sources say."""
    first = [
        o.first
        for o in cell.origins
        if o.first and (o.first.year, o.first.month) == (month.year, month.month)
    ]
    last = [
        o.last for o in cell.origins if o.last and (o.last.year, o.last.month) == (month.year, month.month)
    ]
    start = min(first) if first else dt.date(month.year, month.month, 1)
    if last:
        return start, max(last)
    if cell.days is not None:
        return start, start + dt.timedelta(days=cell.days[0] - 1)
    return None
