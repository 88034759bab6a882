"""Plan format 1 as pydantic models: strict keys, forgiving numbers.

The models check shape and closed vocabularies. Everything that needs the
knowledge base (metric ids, units by metric kind) is checked in
:mod:`generator.plans.references`, so the schema stays a pure description of the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    create_model,
    model_validator,
)

from generator.errors import say
from generator.knowledge import vocab
from generator.knowledge.quantity import Quantity, parse_quantity
from generator.plans.textlimits import markdown_limits

MAX_TREE_DEPTH = 8
MAX_TREE_NODES = 200


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never pass silently."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


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


def _month(raw: object) -> Month:
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
    BeforeValidator(_month),
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


TextList = Annotated[list[Text], BeforeValidator(_one_or_many), one_or_many({"type": "string"})]
Purposes = Annotated[
    list[vocab.PurposeId],
    BeforeValidator(_one_or_many),
    Field(min_length=1),
    one_or_many({"enum": list(vocab.PURPOSE_IDS)}),
]

# ---------------------------------------------------------------------------- sections


class Client(Strict):
    name: Label = Field(description="The client's name as it appears on the proposal.")
    industry: Label | None = None
    website: Url | None = None
    business: vocab.BusinessId | None = Field(
        None,
        description="The kind of business, for advice that fits it: ecommerce, local_store, b2b, employer, "
        "tourism. Without it, the KGI decides (store reservations: a local store; demo requests: B2B).",
    )


class Prepared(Strict):
    by: Label | None = Field(None, description="The agency preparing the proposal.")
    author: Label | None = None
    date: DateField | None = None


class Period(Strict):
    start: MonthField = Field(description="First month of the plan, YYYY-MM.")
    months: int = Field(12, ge=1, le=60, description="Length of the plan in months.")

    @property
    def end(self) -> Month:
        return self.start.plus(self.months - 1)


class Persona(Strict):
    summary: Text | None = Field(None, description="One sentence a colleague could picture.")
    name: Label | None = None
    age: int | Annotated[str, Field(max_length=40)] | None = Field(
        None, description="An age (25) or a range ('25-29')."
    )
    gender: Label | None = None
    occupation: Label | None = None
    location: Label | None = None
    household: Label | None = None
    income: Label | None = None
    habits: TextList | None = Field(None, description="Daily routines, media and buying habits.")
    interests: TextList | None = None
    pains: TextList | None = Field(None, description="Problems and frustrations the brand can solve.")
    platforms: list[vocab.PlatformId] | None = Field(None, description="The apps this person opens.")


def _identity(metric: str | None, custom: str | None, label: str | None, *, required: bool) -> None:
    """A metric is a catalogue ``metric`` or a custom ``id`` with a ``label``, never both."""
    if metric and custom:
        raise ValueError(say("give either 'metric' (a catalogue id) or 'id' + 'label' (custom), not both"))
    if required and not metric and not custom:
        raise ValueError(say("needs 'metric' (a catalogue id) or a custom 'id' with 'label'"))
    if custom and not label:
        raise ValueError(say("the custom metric '{id}' needs a 'label'", id=custom))


class MetricRef(Strict):
    """Either a catalogue ``metric`` or a custom ``id`` with a ``label``."""

    metric: Ident | None = Field(None, description="A metric id from the catalogue.")
    id: Ident | None = Field(None, description="A custom metric id (with label).")
    label: Label | None = Field(None, description="Display name; required for a custom id.")
    unit: Currency | None = Field(
        None, description="Currency for money (JPY, USD…); counts and rates have none."
    )

    @model_validator(mode="after")
    def _metric_or_custom(self) -> MetricRef:
        _identity(self.metric, self.id, self.label, required=True)
        return self

    @property
    def key(self) -> str:
        return self.metric or self.id or ""


class Kgi(MetricRef):
    target: Amount | None = None
    per: vocab.Per | None = Field(None, description="month | year | total")
    baseline: Amount | None = Field(None, description="Where the KGI stands today.")
    by: MonthField | None = Field(None, description="Deadline, YYYY-MM.")
    curve: Literal["accelerating", "linear"] | None = Field(
        None, description="Shape of the month-by-month target path: accelerating (default) or linear."
    )


class TreeNode(Strict):
    """A node of the KPI tree. The root stands for the KGI and may omit the metric."""

    metric: Ident | None = None
    id: Ident | None = None
    label: Label | None = None
    unit: Currency | None = None
    target: Amount | None = None
    platform: vocab.PlatformId | None = None
    variant: Ident | None = Field(
        None, description="Which rate the target means, e.g. er_reach or er_followers for engagement rate."
    )
    op: vocab.Op | None = Field(None, description="How the children make this node: product | sum | drivers.")
    children: list[TreeNode] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> TreeNode:
        _identity(self.metric, self.id, self.label, required=False)
        if self.children and self.op is None:
            raise ValueError(say("a node with children needs 'op': product, sum or drivers"))
        return self

    @property
    def key(self) -> str:
        return self.metric or self.id or ""

    def walk(
        self, path: tuple[str | int, ...] = ("kpi_tree",)
    ) -> list[tuple[tuple[str | int, ...], TreeNode]]:
        """Every node with its path, root first, depth-first."""
        found = [(path, self)]
        for i, child in enumerate(self.children):
            found += child.walk((*path, "children", i))
        return found


class Kpi(MetricRef):
    target: Amount | None = None
    per: vocab.Per | None = None
    baseline: Amount | None = None
    variant: Ident | None = Field(
        None, description="Which rate the target means, e.g. er_reach or er_followers for engagement rate."
    )


Cadence = create_model(  # type: ignore[call-overload]
    "Cadence",
    __base__=Strict,
    __doc__="How often each format is published: <format>_per_<day|week|month>.",
    **{key: (Annotated[float, Field(ge=0, le=1000)] | None, None) for key in vocab.CADENCE_KEYS},
)


class PlatformPlan(Strict):
    id: vocab.PlatformId
    role: vocab.Role | None = None
    handle: Label | None = Field(None, description="The account name, e.g. @lumiere_cosme.")
    kpis: list[Kpi] = Field(default_factory=list)
    cadence: Cadence | None = None  # type: ignore[valid-type]
    notes: MarkdownText | None = None


class Utm(Strict):
    source: Label | None = None
    medium: Label | None = None
    campaign: Label | None = None
    content: Label | None = None
    term: Label | None = None


class Measurement(Strict):
    landing_url: Url | None = None
    utm: Utm | None = None
    tools: list[vocab.ToolId] = Field(default_factory=list)
    review: vocab.Review | None = None


class Plan(Strict):
    """A client's social-media strategy, plan format 1."""

    schema_: int = Field(1, alias="schema", ge=1, le=1, description="Plan format version; always 1.")
    title: Label | None = Field(
        None, description="Proposal title; a default is made from the client and purpose."
    )
    client: Client
    language: vocab.Language = "ja"
    prepared: Prepared | None = None
    access: vocab.Access = "internal"
    expires: DateField | None = None
    period: Period | None = None
    purpose: Purposes | None = None
    persona: Annotated[
        Persona | None,
        # A one-line persona (`persona: 20代女性`) is its summary; the doctor then says what is missing.
        BeforeValidator(lambda raw: {"summary": raw} if isinstance(raw, str) else raw),
        Field(json_schema_extra=lambda schema: schema["anyOf"].insert(1, {"type": "string"})),
    ] = None
    kgi: Kgi | None = None
    kpi_tree: TreeNode | None = None
    platforms: list[PlatformPlan] = Field(default_factory=list)
    measurement: Measurement | None = None
    notes: MarkdownText | None = Field(None, description="Markdown shown to the client; raw HTML is removed.")
    internal_notes: MarkdownText | None = Field(
        None, description="Agency-only; never in a client or public build."
    )

    model_config = ConfigDict(title="sns-proposals plan (format 1)", populate_by_name=True)

    @property
    def purposes(self) -> list[str]:
        return list(self.purpose or [])

    @property
    def primary_purpose(self) -> str | None:
        return self.purpose[0] if self.purpose else None

    def expired(self, today: dt.date | None) -> bool:
        """Past its ``expires`` date: every output shows only a notice (``today=None`` never expires)."""
        return today is not None and self.expires is not None and self.expires < today
