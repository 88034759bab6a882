"""Dates as the platforms write them, read so that a file is never misread silently.

Numeric dates such as ``1/7/2022`` are day/month in one locale and month/day in another.
The order is decided from every date of the file at once: a first part above 12 anywhere
settles day/month, a second part above 12 month/day. A file that cannot tell is read with
the ``date_order`` the agency set for the folder or the workspace, and otherwise refused —
a year of figures spread over the wrong months is worse than no figures.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

ORDERS = ("dmy", "mdy")

_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?$",
    re.I,
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_JA = re.compile(r"^(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日")
_NUMERIC = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?"
    r"\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?$",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+\.?")
_YEARLESS_JA = re.compile(r"^(\d{1,2})月\s*(\d{1,2})日$")
_KO = re.compile(r"^(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_LOCALES = ("en", "es", "pt", "fr", "de", "it", "nl")
"""The languages whose month and weekday names a download's dates may be written in (TikTok
Studio and Meta write the UI's language: "8 de marzo", "8 mars 2026", "8. März 2026")."""
_JOINERS = {
    "de",
    "del",
    "of",
    "le",
    "la",
    "der",
    "den",
    "d",
    "à",
    "a",
    "el",
    "um",
    "at",
    "am",
    "pm",
    "a.m",
    "p.m",
    "utc",
    "gmt",
    "jst",
}
"""Words a written date may hold besides the month and the weekday ("8 de marzo de 2026")."""


def _fold(word: str) -> str:
    """A word as dates are compared: lower case, no accents, no closing dot."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", word.rstrip(".").casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


@cache
def _names() -> tuple[dict[str, int], set[str]]:
    """Month names (and their short forms) in every language above, by month number; a word
    that names different months in two languages is left out; and every weekday name."""
    from babel.dates import get_day_names, get_month_names

    found: dict[str, set[int]] = {}
    weekdays: set[str] = set()
    for locale in _LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    found.setdefault(_fold(name), set()).add(int(number))
                weekdays |= {_fold(d) for d in get_day_names(width, context, locale).values()}
    found.setdefault("sept", {9})
    months = {word: next(iter(numbers)) for word, numbers in found.items() if len(numbers) == 1}
    return months, weekdays - set(months)


class DateProblem(ValueError):
    """Why the dates of a file cannot be read: ``key`` names the reason, ``values`` fill it."""

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class YearLess:
    """A day without a year (TikTok's downloads): the plan's period places it."""

    month: int
    day: int


def numeric_order(cells: Iterable[str]) -> str | None:
    """``dmy`` or ``mdy`` as the file's own dates settle it, None when they cannot.
    Raises DateProblem when they contradict each other (13/1 and 1/13 in one file)."""
    first_big = second_big = ""
    for cell in cells:
        found = _NUMERIC.match(cell.strip())
        if not found:
            continue
        a, b = int(found.group(1)), int(found.group(2))
        if a > 12 and not first_big:
            first_big = cell.strip()
        if b > 12 and not second_big:
            second_big = cell.strip()
        if first_big and second_big:
            raise DateProblem("mixed_dates", first=first_big[:20], second=second_big[:20])
    if first_big:
        return "dmy"
    if second_big:
        return "mdy"
    return None


def needs_order(cells: Iterable[str]) -> str | None:
    """The first date whose reading depends on the order (``1/7/2022``), else None."""
    for cell in cells:
        found = _NUMERIC.match(cell.strip())
        if found and found.group(1) != found.group(2):
            return cell.strip()
    return None


def parse_date(text: str, order: str | None) -> dt.date | YearLess | None:
    """The date in ``text``; None for an empty cell. Raises ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    found = _ISO.match(text) or _COMPACT.match(text) or _JA.match(text)
    if found:
        return _day(int(found.group(1)), int(found.group(2)), int(found.group(3)), text)
    found = _NUMERIC.match(text)
    if found:
        a, b, year = int(found.group(1)), int(found.group(2)), int(found.group(3))
        if year < 100:
            year += 2000
        if a == b:
            return _day(year, a, b, text)
        if order is None:
            raise DateProblem("ambiguous_date", date=text[:20])
        month, day = (b, a) if order == "dmy" else (a, b)
        return _day(year, month, day, text)
    found = _YEARLESS_JA.match(text)
    if found:
        return _yearless(int(found.group(1)), int(found.group(2)), text)
    found = _KO.match(text)
    if found:
        if found.group(1):
            return _day(int(found.group(1)), int(found.group(2)), int(found.group(3)), text)
        return _yearless(int(found.group(2)), int(found.group(3)), text)
    return _worded(text)


def _worded(text: str) -> dt.date | YearLess:
    """``Mon, May 11, 2026``, ``May 11, 2026``, ``11 May 2026``, ``28 August``, ``Aug 28``,
    ``8 de marzo``, ``8 mars 2026``, ``8. März 2026``, ``8 de mar. de 2026``."""
    text = re.sub(r"\d{1,2}:\d{2}(?::\d{2})?", " ", text)  # a time of day is no day
    words = [_fold(w) for w in _WORD.findall(text)]
    # Babel's month and weekday names, built the first time a date needs them (a build that
    # reads no export never does).
    names, weekdays = _names()
    months = [names[w] for w in words if w in names]
    others = [w for w in words if w not in names and w not in weekdays and w not in _JOINERS]
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(months) != 1 or others or not 1 <= len(numbers) <= 4:
        raise ValueError(f"'{text[:30]}' is not a date")
    month = months[0]
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if 1 <= n <= 31]
    if len(years) > 1 or not days:
        raise ValueError(f"'{text[:30]}' is not a date")
    day = days[0]
    if not years:
        return _yearless(month, day, text)
    return _day(years[0], month, day, text)


def _yearless(month: int, day: int, text: str) -> YearLess:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ValueError(f"'{text[:30]}' is not a date")
    return YearLess(month, day)


def _day(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text[:30]}' is not a date") from None
