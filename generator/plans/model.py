"""Plan format 1 as pydantic models: strict keys, forgiving numbers.

The models check shape and closed vocabularies. Everything that needs the
knowledge base (metric ids, units by metric kind) is checked in
:mod:`generator.plans.references`, so the schema stays a pure description of the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, create_model, model_validator

from generator.errors import say
from generator.knowledge import vocab
from generator.plans.pitch import Budget, Content, Image, Member, NextStep, Roadmap, Situation
from generator.plans.values import (
    Amount,
    Currency,
    DateField,
    Ident,
    Label,
    MarkdownText,
    Month,
    MonthField,
    Purposes,
    Strict,
    Text,
    TextList,
    Url,
    most,
)

MAX_TREE_DEPTH = 8
MAX_TREE_NODES = 200


# ---------------------------------------------------------------------------- sections


class Client(Strict):
    name: Label = Field(description="The client's name as it appears on the proposal.")
    industry: Label | None = None
    website: Url | None = None
    business: vocab.BusinessId | None = Field(
        None, description="The kind of business, for advice that fits it."
    )
    regulated: vocab.RegulatedId | None = Field(
        None,
        description="The advertising law that governs the business when its industry does not "
        "say: cosmetics, quasi_drug, health_food, medical, or none.",
    )


class Prepared(Strict):
    by: Label | None = Field(None, description="The agency preparing the proposal.")
    author: Label | None = None
    date: DateField | None = None


class Approval(Strict):
    """The client's approval of one sent version (see `proposals approve`)."""

    version: int = Field(ge=1, description="The number of the sent version approved (v3: 3).")
    by: Label = Field(description="Who approved it, as the client signed.")
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
    platforms: Annotated[list[vocab.PlatformId], most("platforms")] | None = Field(
        None, description="The apps this person opens."
    )


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
    unit_label: Label | None = Field(
        None, description="What a custom count counts, shown after its figures: 件, 人, 回, demo requests."
    )
    basis: Text | None = Field(
        None,
        description="Why the target is what it is (the account's own data, a study, the client's figure); "
        "the doctor then accepts its size, and every output shows it beside the target.",
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
    basis: Text | None = Field(
        None, description="Why the target is what it is; the doctor then accepts its size, outputs show it."
    )
    unit_label: Label | None = Field(None, description="What a custom count counts: 件, 人, 回, leads.")
    baseline: Amount | None = Field(
        None, description="Where this node stands today: its month path starts here."
    )
    platform: vocab.PlatformId | None = None
    variant: Ident | None = Field(
        None, description="Which rate the target means, e.g. er_reach or er_followers for engagement rate."
    )
    op: vocab.Op | None = Field(None, description="How the children make this node: product | sum | drivers.")
    children: Annotated[list[TreeNode], most("children")] = Field(default_factory=list)

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


class Utm(Strict):
    source: Label | None = None
    medium: Label | None = None
    campaign: Label | None = None
    content: Label | None = None
    term: Label | None = None


class PlatformPlan(Strict):
    """One platform in the plan: its KPIs, posting rhythm and links."""

    id: vocab.PlatformId
    role: vocab.Role | None = None
    handle: Label | None = Field(None, description="The account name, e.g. @lumiere_cosme.")
    kpis: Annotated[list[Kpi], most("kpis")] = Field(default_factory=list)
    cadence: Cadence | None = None  # type: ignore[valid-type]
    notes: MarkdownText | None = None
    landing_url: Url | None = Field(
        None, description="Where this platform's links go (overrides measurement)."
    )
    utm: Utm | None = Field(
        None, description="UTM values for this platform's links (override measurement.utm)."
    )

    def rhythm(self) -> dict[str, float]:
        """Pieces a month by format (reels, stories…), from the posting rhythm."""
        given: dict[str, float] = self.cadence.model_dump(exclude_none=True) if self.cadence else {}
        monthly: dict[str, float] = {}
        for key, n in given.items():
            kind, unit = key.rsplit("_per_", 1)
            monthly[kind] = monthly.get(kind, 0.0) + n * vocab.CADENCE_PER_MONTH[unit]
        return monthly

    def posts_per_month(self, formats: Collection[str] | None = None) -> float:
        """Posts a month from the posting rhythm: every format, or only ``formats`` (videos,
        messages…)."""
        return sum(n for kind, n in self.rhythm().items() if formats is None or kind in formats)


class Measurement(Strict):
    landing_url: Url | None = None
    utm: Utm | None = None
    tools: Annotated[list[vocab.ToolId], most("tools")] = Field(default_factory=list)
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
    approved: Approval | None = Field(
        None, description="The sent version the client approved: progress compares actuals with its targets."
    )
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
    platforms: Annotated[list[PlatformPlan], most("platforms")] = Field(default_factory=list)
    measurement: Measurement | None = None
    situation: Situation | None = None
    content: Content | None = None
    roadmap: Roadmap | None = Field(None, description="The plan's own phases; boilerplate ones otherwise.")
    images: Annotated[list[Image], most("images")] = Field(
        default_factory=list,
        description="Pictures for the cover, persona, content or current-state page and slide.",
    )
    team: Annotated[list[Member], most("team")] = Field(
        default_factory=list, description="Who works on the account; never in public builds."
    )
    budget: Budget | None = Field(None, description="Fees and budget; never in public builds.")
    next_steps: Annotated[list[NextStep], most("next_steps")] = Field(default_factory=list)
    purpose_reason: MarkdownText | None = Field(
        None, description="Why this purpose fits this client, in the client's own terms."
    )
    notes: MarkdownText | None = Field(None, description="Markdown shown to the client; raw HTML is removed.")
    internal_notes: MarkdownText | None = Field(
        None, description="Agency-only; never in a client or public build."
    )

    model_config = ConfigDict(title="sns-proposals plan (format 1)", populate_by_name=True, defer_build=True)

    @property
    def purposes(self) -> list[str]:
        return list(self.purpose or [])

    @property
    def primary_purpose(self) -> str | None:
        return self.purpose[0] if self.purpose else None

    def currency(self) -> str:
        """The fees' currency: the budget's, else the KGI's, else the plan language's."""
        if self.budget and self.budget.currency:
            return self.budget.currency
        return self.kgi.unit if self.kgi and self.kgi.unit else vocab.LANGUAGE_CURRENCY[self.language]

    def posts_per_month(self, formats: Collection[str] | None = None) -> float:
        """Every post a month across the platforms (or only ``formats``), from their rhythms."""
        return sum(platform.posts_per_month(formats) for platform in self.platforms)

    def rhythm(self) -> dict[str, float]:
        """Pieces a month by format, across the platforms."""
        found: dict[str, float] = {}
        for platform in self.platforms:
            for kind, n in platform.rhythm().items():
                found[kind] = found.get(kind, 0.0) + n
        return found

    def pillar_posts(self) -> list[float]:
        """Each content pillar's pieces a month: every format's own pieces shared among the
        pillars that use it, by their shares (a pillar naming no format shares them all), so
        a pillar of LINE messages gets the messages the LINE rhythm sends, not a share of
        every post."""
        if self.content is None:
            return []
        pillars = self.content.pillars
        rhythm = self.rhythm()

        def uses(pillar: Any, kind: str) -> bool:
            return not pillar.formats or any(vocab.same_format(f, kind) for f in pillar.formats)

        found = []
        for pillar in pillars:
            share = pillar.share.value if pillar.share else 0.0
            total = 0.0
            for kind, n in rhythm.items():
                if not uses(pillar, kind):
                    continue
                weight = sum(q.share.value for q in pillars if q.share and uses(q, kind))
                total += n * share / weight if weight else 0.0
            found.append(total)
        return found

    def expired(self, today: dt.date | None) -> bool:
        """Past its ``expires`` date: every output shows only a notice (``today=None`` never expires)."""
        return today is not None and self.expires is not None and self.expires < today
