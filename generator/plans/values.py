"""The value types of plan format 1: months, dates, links, currencies, amounts and texts,
each read forgivingly and checked strictly, with the JSON Schema an editor completes from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from generator.errors import say
from generator.knowledge import vocab
from generator.knowledge.quantity import Quantity, parse_quantity
from generator.plans.textlimits import markdown_limits


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never pass silently."""

    # Built when first used, not on import: a command that reads no plan (a no-op rebuild)
    # does not pay for building every model's validator.
    model_config = ConfigDict(
        extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True, defer_build=True
    )


# ---------------------------------------------------------------------------- value types


def _quantity(raw: object) -> Quantity:
    return parse_quantity(raw)


Amount = Annotated[
    Quantity,
    BeforeValidator(_quantity),
    PlainSerializer(lambda q: q.value, return_type=float),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^\s*\d[\d,]*(\.\d+)?\s*[%％]?\s*$"},
            ],
            "description": "A number (1500), a rate written 1.2% or 0.012, or 3,000,000.",
        }
    ),
]


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written ``YYYY-MM``."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def index(self) -> int:
        return self.year * 12 + self.month - 1


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
YEARS = (2000, 2100)
"""Dates a plan may name: enough for any history and any deadline, and bounded so that
a month-by-month path can never run for thousands of years."""


def _in_years(year: int, raw: object) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(
            say(
                "'{raw}' is outside the years {first}–{last} a plan can cover",
                raw=raw,
                first=YEARS[0],
                last=YEARS[1],
            )
        )


def parse_month(raw: object) -> Month:
    if isinstance(raw, Month):
        return raw
    if isinstance(raw, dt.date):
        _in_years(raw.year, raw)
        return Month(raw.year, raw.month)
    match = _MONTH.match(str(raw).strip()) if isinstance(raw, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(say("'{raw}' is not a month; write YYYY-MM, e.g. 2027-01", raw=raw))
    _in_years(int(match.group(1)), raw)
    return Month(int(match.group(1)), int(match.group(2)))


MonthField = Annotated[
    Month,
    BeforeValidator(parse_month),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-(0?[1-9]|1[0-2])$", "examples": ["2027-01"]}),
]


def _date(raw: object) -> dt.date:
    value: dt.date | None = None
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(raw.strip())
    if value is None:
        raise ValueError(say("'{raw}' is not a date; write YYYY-MM-DD", raw=raw))
    _in_years(value.year, raw)
    return value


DateField = Annotated[
    dt.date,
    BeforeValidator(_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _url(raw: object) -> str:
    text = str(raw).strip() if isinstance(raw, str) else ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"']", text):
        raise ValueError(say("'{raw}' is not a web address; write it as https://example.com/page", raw=raw))
    return text


Url = Annotated[
    str, BeforeValidator(_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})
]

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _currency(raw: object) -> str:
    text = str(raw).strip().upper() if isinstance(raw, str) else ""
    if not _CURRENCY.match(text):
        raise ValueError(say("'{raw}' is not a currency code; write JPY, USD, EUR…", raw=raw))
    return text


Currency = Annotated[
    str,
    BeforeValidator(_currency),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{3}$", "examples": ["JPY", "USD"]}),
]

Text = Annotated[str, Field(min_length=1, max_length=20_000)]
MarkdownText = Annotated[Text, AfterValidator(markdown_limits)]
"""Markdown the site renders: bounded so that no note can stall or crash a build."""
Label = Annotated[str, Field(min_length=1, max_length=200)]
_ID = r"^[a-z][a-z0-9_]*$"
Ident = Annotated[str, Field(pattern=_ID, max_length=60)]


def _one_or_many(raw: object) -> object:
    return [raw] if isinstance(raw, str) else raw


def one_or_many(item_schema: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [item_schema, {"type": "array", "items": item_schema}]})


LIST_LIMITS = {
    "text": 50,
    "accounts": 30,
    "competitors": 30,
    "pillars": 30,
    "formats": 12,
    "team": 60,
    "budget": 100,
    "next_steps": 60,
    "platforms": 20,
    "kpis": 60,
    "children": 40,
    "tools": 20,
    "phases": 12,
    "calendar": 104,
    "images": 20,
}
"""The longest lists a plan may hold: far beyond any real proposal, well below what would
make a build run for minutes (15,000 issues took three)."""


def most(kind: str) -> Any:
    """``Field`` bounds of a list of ``kind``; see :data:`LIST_LIMITS`."""
    return Field(max_length=LIST_LIMITS[kind])


TextList = Annotated[
    list[Text],
    BeforeValidator(_one_or_many),
    Field(max_length=LIST_LIMITS["text"]),
    one_or_many({"type": "string"}),
]
Purposes = Annotated[
    list[vocab.PurposeId],
    BeforeValidator(_one_or_many),
    Field(min_length=1),
    one_or_many({"enum": list(vocab.PURPOSE_IDS)}),
]


_SPAN = re.compile(r"^(\d{4}-\d{1,2})\s*(?:\.\.|〜|~|–|—|/)\s*(\d{4}-\d{1,2})$")


def _phase_months(raw: object) -> object:
    """3 (months), "2027-01" or "2027-01..2027-03" (also 〜 or ~): kept as written, checked."""
    if isinstance(raw, bool):
        raise ValueError("give a number of months or a span like 2027-01..2027-03")
    if isinstance(raw, int):
        if not 1 <= raw <= 60:
            raise ValueError("a phase lasts 1 to 60 months")
        return raw
    text = str(raw).strip()
    found = _SPAN.match(text)
    if found:
        first, last = parse_month(found[1]), parse_month(found[2])
        if last.index() < first.index():
            raise ValueError(f"{text}: the span ends before it starts")
        return f"{first}..{last}"
    return str(parse_month(text))


PhaseMonths = Annotated[
    int | str,
    BeforeValidator(_phase_months),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 60},
                {"type": "string", "examples": ["2027-01..2027-03"]},
            ]
        }
    ),
]
