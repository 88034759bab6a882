"""iCalendar text (RFC 5545) for the few properties `reviews.ics` writes, as icalendar 6–7
writes them, byte for byte (tests/test_ical.py holds the two side by side).

icalendar builds a typed object per property and took most of a cold build's calendar
time (8 ms a proposal for a year of weekly reviews); the file is simple enough to write
directly: properties in icalendar's order, TEXT values escaped, lines folded at 75 octets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

Property = tuple[str, str]
"""A property's name (with its parameters) and its value, already in iCalendar form."""

_CALENDAR_ORDER: tuple[str, ...] = (
    *("VERSION", "PRODID", "CALSCALE", "METHOD", "DESCRIPTION", "X-WR-CALDESC", "NAME", "X-WR-CALNAME"),
)
_EVENT_ORDER: tuple[str, ...] = (
    *("SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "UID", "RECURRENCE-ID", "SEQUENCE"),
    *("RRULE", "RDATE", "EXDATE"),
)
"""icalendar's canonical order of a component's properties; the others follow by name."""


def text(value: str) -> str:
    r"""A TEXT value: ``\N`` read as a line break, then backslash, semicolon and comma
    escaped and every kind of line break written as ``\n``."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str, limit: int = 75) -> str:
    """A content line folded before it reaches ``limit`` octets; a backslash or caret that
    would end a folded line starts the next one instead (an escape is never split)."""
    if len(line) < limit and len(line.encode("utf-8")) < limit:
        return line  # most lines: nothing to fold
    lines: list[str] = []
    current: list[str] = []
    octets = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and octets + size >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                lines.append("".join(current))
                current, octets = [carried], len(carried.encode("utf-8"))
            else:
                lines.append("".join(current))
                current, octets = [], 0
        current.append(char)
        octets += size
    if current:
        lines.append("".join(current))
    return "\r\n ".join(lines)


def _ordered(properties: Iterable[Property], order: Sequence[str]) -> list[Property]:
    def rank(prop: Property) -> tuple[int, str]:
        name = prop[0].split(";", 1)[0].upper()
        return (order.index(name), "") if name in order else (len(order), name)

    return sorted(properties, key=rank)


def calendar(properties: Iterable[Property], events: Iterable[Iterable[Property]]) -> str:
    """A VCALENDAR holding one VEVENT per entry of ``events``."""
    lines = ["BEGIN:VCALENDAR", *(f"{n}:{v}" for n, v in _ordered(properties, _CALENDAR_ORDER))]
    for event in events:
        lines += ["BEGIN:VEVENT", *(f"{n}:{v}" for n, v in _ordered(event, _EVENT_ORDER)), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
