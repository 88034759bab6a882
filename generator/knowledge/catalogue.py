"""The knowledge base's models and its one loader: the YAML files beside this module,
validated on first use (see the package's docstring)."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

import yaml
from pydantic import BeforeValidator, Field, field_validator, model_validator

import generator.knowledge.vocab as vocab
from generator.knowledge.advertising import Advertising
from generator.knowledge.base import Bilingual as Bilingual
from generator.knowledge.base import _both, _Data
from generator.knowledge.exportformats import CountingChange as CountingChange
from generator.knowledge.exportformats import ExportFormat as ExportFormat
from generator.knowledge.exportformats import Exports as Exports
from generator.knowledge.quantity import Quantity, parse_quantity

Number = Annotated[Quantity, BeforeValidator(parse_quantity)]

Named = Annotated[Bilingual, BeforeValidator(_both)]


class Idea(Bilingual):
    """A content idea; ``platforms`` names the platforms it only makes sense on (Stories)."""

    platforms: tuple[vocab.PlatformId, ...] = ()


class Benchmark(_Data):
    """One published figure (or one source's own range): never two sources glued together."""

    platform: vocab.PlatformId | None = None
    low: Number
    high: Number
    per: vocab.Per | None = None
    variant: str | None = None
    tier: str | None = None
    source: Named
    year: int = Field(ge=2010, le=2100)
    method: Named
    quality: str | None = Field(None, pattern="^(weak|old)$")
    scope: str | None = Field(None, pattern="^social$")
    """``social``: measured on traffic from social media, the traffic a plan's KPIs are about."""


class Retired(_Data):
    """A metric a platform stopped reporting, and what took its place."""

    since: str = Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$")
    replaced_by: str | None = None


class Metric(_Data):
    id: str
    name: Bilingual
    definition: Bilingual
    kind: vocab.MetricKind
    stage: vocab.Stage
    can_be_kgi: bool
    purposes: tuple[vocab.PurposeId, ...]
    drivers: tuple[str, ...] = ()
    per_unit: bool = False
    """An average per something (views per post, order value, cost per click): it multiplies
    another count in a tree, and its target holds every month instead of ramping up."""
    lower_is_better: bool = False
    """A cost or a loss (block rate, CPC): being under target is the good side."""
    level: bool = False
    """A level at a moment (followers), not a flow over a period: it needs no ``per``."""
    counter: str | None = None
    """The Japanese counter a count of this metric carries (件, 人, 回, 本)."""
    formula: Bilingual | None = None
    variants: dict[str, Bilingual] = Field(default_factory=dict)
    platforms: dict[vocab.PlatformId, Bilingual] = Field(default_factory=dict)
    benchmarks: tuple[Benchmark, ...] = ()
    caveat: Bilingual | None = None
    measured_with: Bilingual | None = None
    unbounded: bool = False
    """A rate that may exceed 100 % (ROAS)."""
    retired: dict[vocab.PlatformId, Retired] = Field(default_factory=dict)

    def reported_on(self, platform: str) -> bool:
        """Whether this metric can be reported for the platform: its own analytics show it,
        or it is measured elsewhere (GA4 sessions from that platform's links)."""
        return not self.platforms or platform in self.platforms or self.measured_with is not None


class Starter(_Data):
    """What `proposals new` writes for a purpose; money targets are given per currency."""

    platforms: tuple[vocab.PlatformId, ...]
    kgi: dict[str, object]
    tree: dict[str, object]


class BusinessStarter(Starter):
    purpose: vocab.PurposeId


class Business(_Data):
    """A kind of business: which results fit it and what to post for it, by purpose."""

    id: vocab.BusinessId
    name: Bilingual
    signals: tuple[str, ...]
    results: tuple[str, ...]
    aims: dict[vocab.PurposeId, Bilingual] = Field(default_factory=dict)
    purpose_names: dict[vocab.PurposeId, Bilingual] = Field(default_factory=dict)
    """A purpose as this kind of business says it (a ramen shop sells and fills seats; it
    does not "generate leads")."""
    fits_when: dict[vocab.PurposeId, Bilingual] = Field(default_factory=dict)
    content: dict[vocab.PurposeId, tuple[Idea, ...]] = Field(default_factory=dict)
    starter: BusinessStarter


class Purpose(_Data):
    id: vocab.PurposeId
    name: Bilingual
    aim: Bilingual
    fits_when: Bilingual
    kgis: tuple[str, ...]
    kpis: tuple[str, ...]
    content: tuple[Idea, ...]
    starter: Starter


class Platform(_Data):
    id: vocab.PlatformId
    name: Bilingual
    app: Bilingual | None = None
    """What the people using it call it, when that differs from the business product's name
    (LINE, not LINE公式アカウント)."""
    analytics: vocab.ToolId
    utm_source: str
    utm_medium: str | None = None
    """The medium its links carry instead of the plan's (organic for a Business Profile, whose
    visits belong in Organic Search)."""
    ga4_channel: str
    """The GA4 default channel its tagged links land in."""
    exposure: str
    formats: tuple[str, ...]
    rewards: tuple[Bilingual, ...]
    rewards_said: Bilingual
    """Who said what the ranking rewards, and when (a spoken statement is not documentation)."""
    kpis: tuple[str, ...]
    notes: tuple[Bilingual, ...] = ()
    mentions: tuple[str, ...] = ()
    """Patterns for the ways a plan's text names it (Instagram, インスタ, Googleマップ)."""

    def app_name(self, language: str) -> str:
        return (self.app or self.name)(language)


class Tool(_Data):
    id: vocab.ToolId
    name: Bilingual
    platform: vocab.PlatformId | None = None


class UtmRecommended(_Data):
    organic_medium: str
    paid_medium: str
    campaign_pattern: str


class UtmRules(_Data):
    keys: tuple[vocab.UtmKey, ...]
    organic_social_mediums: tuple[str, ...]
    paid_social_medium_pattern: str
    recommended: UtmRecommended
    discouraged: dict[str, tuple[str, ...]]
    placements: dict[vocab.PlatformId, tuple[str, ...]]
    placement_formats: dict[str, tuple[str, ...]]
    placement_businesses: dict[str, tuple[vocab.BusinessId, ...]] = Field(default_factory=dict)
    """A placement only some kinds of business have (a menu link: restaurants and shops)."""


class Currency(_Data):
    id: str = Field(pattern="^[A-Z]{3}$")
    symbol: str
    suffix_ja: str | None = None
    decimals: int = Field(ge=0, le=3)
    name: Bilingual


class Step(_Data):
    id: str
    number: int
    title: Bilingual
    summary: Bilingual
    plan_keys: tuple[str, ...]


class Pitfall(_Data):
    id: str
    severity: str = Field(pattern="^(error|warning|info)$")
    title: Bilingual
    why: Bilingual
    bad: Bilingual
    good: Bilingual
    messages: dict[str, Bilingual]


class Threshold(_Data):
    id: str
    value: float = Field(gt=0)
    by_platform: dict[vocab.PlatformId, float] = Field(default_factory=dict)
    """Per-platform values; ``value`` holds for the platforms not listed."""
    by_format: dict[str, float] = Field(default_factory=dict)
    """Per-format values (a Story, a Reel), or per format on one platform (``youtube.videos``:
    a long video, where ``videos`` on TikTok are short); ``value`` holds for the rest."""
    origin: str = Field(pattern="^(agency_default|published)$")
    why: Bilingual
    source: str | None = None
    year: int | None = Field(None, ge=2010, le=2100)

    @field_validator("by_format")
    @classmethod
    def _known_formats(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(vocab.FORMAT_KEYS))
        if unknown:
            raise ValueError(f"{unknown[0]}: not a format or platform.format")
        return value

    def for_platform(self, platform: str | None) -> float:
        for key, value in self.by_platform.items():
            if key == platform:
                return value
        return self.value

    def for_format(self, fmt: str, platform: str | None = None) -> float:
        given = self.by_format
        return given.get(f"{platform}.{fmt}", given.get(fmt, self.value))

    @property
    def keyed_by(self) -> str:
        """What a workspace's mapping for this threshold is keyed by."""
        return "format" if self.by_format else "platform"


class LinePlan(_Data):
    name: Bilingual
    monthly: float = Field(ge=0)
    included: int = Field(ge=0)
    extra: float | None = None
    """Price of each message beyond those included; None: the plan sends no more."""


class Phase(_Data):
    id: str
    until: float = Field(gt=0, le=1)


class Rules(_Data):
    """The numbers and sets the doctor and the pages decide by (``thresholds.yaml``)."""

    thresholds: dict[str, Threshold]
    roadmap_phases: tuple[Phase, ...]
    follower_metrics: frozenset[str]
    vanity_words: tuple[str, ...]
    placeholder_markers: tuple[str, ...]
    age_patterns: tuple[str, ...]
    tracked_purposes: frozenset[vocab.PurposeId]
    people_counts: frozenset[str]
    showing_counts: frozenset[str]
    line_plans: tuple[LinePlan, ...] = ()
    link_routes: dict[vocab.PlatformId, dict[str, str | float]] = Field(default_factory=dict)
    """Each route to a link: the metric, and the share of it that reaches the link (a number or
    a threshold's id)."""
    video_formats: frozenset[str] = frozenset()

    def value(self, key: str, platform: str | None = None) -> float:
        return self.thresholds[key].for_platform(platform)

    def overridden(self, values: dict[str, float | dict[str, float]]) -> Rules:
        """These rules with the workspace's own values for some thresholds (already checked)."""
        changed = dict(self.thresholds)
        for key, given in values.items():
            old = changed[key]
            if isinstance(given, dict):
                field = f"by_{old.keyed_by}"
                changed[key] = old.model_copy(update={field: {**getattr(old, field), **given}})
            else:
                changed[key] = old.model_copy(
                    update={"value": float(given), "by_platform": {}, "by_format": {}}
                )
        return self.model_copy(update={"thresholds": changed})


class Knowledge(_Data):
    metrics: dict[str, Metric]
    purposes: dict[str, Purpose]
    businesses: dict[str, Business]
    platforms: dict[str, Platform]
    tools: dict[str, Tool]
    utm: UtmRules
    currencies: dict[str, Currency]
    steps: tuple[Step, ...]
    pitfalls: dict[str, Pitfall]
    rules: Rules
    exports: Exports
    advertising: Advertising
    levers: dict[str, dict[str, tuple[Bilingual, ...]]]
    """What to change when a metric falls short: by metric, then platform (or ``any``)."""

    @model_validator(mode="after")
    def _levers_name_what_exists(self) -> Knowledge:
        for metric, by_platform in self.levers.items():
            if metric not in self.metrics:
                raise ValueError(f"levers.yaml: '{metric}' is no catalogue metric")
            unknown = set(by_platform) - set(self.platforms) - {"any"}
            if unknown:
                raise ValueError(f"levers.yaml: '{metric}' names unknown platforms {sorted(unknown)}")
        return self

    def metric(self, key: str) -> Metric | None:
        return self.metrics.get(key)

    def levers_for(self, metric: str, platform: str | None) -> tuple[Bilingual, ...]:
        """The platform's own actions first, then those for any platform."""
        found = self.levers.get(metric, {})
        return (*(found.get(platform, ()) if platform else ()), *found.get("any", ()))


def _read(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError(f"knowledge/{name} must hold a mapping")
    return data


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        if item["id"] in out:
            raise ValueError(f"duplicate knowledge id '{item['id']}'")
        out[item["id"]] = item
    return out


_loaded: list[Knowledge] = []
"""This process's knowledge base, once loaded (or adopted)."""


def knowledge() -> Knowledge:
    """Every knowledge file, loaded and validated once per process."""
    if not _loaded:
        _loaded.append(_load())
    return _loaded[0]


def adopt(base: Knowledge) -> None:
    """Use ``base`` as this process's knowledge base: one an earlier run loaded and validated
    from these very files (the build cache keeps it under the generator's own digest)."""
    if not _loaded:
        _loaded.append(base)


def _load() -> Knowledge:
    measurement = _read("measurement.yaml")
    return Knowledge.model_validate(
        {
            "metrics": _by_id(_read("metrics.yaml")["metrics"]),
            "purposes": _by_id(_read("purposes.yaml")["purposes"]),
            "businesses": _by_id(_read("businesses.yaml")["businesses"]),
            "platforms": _by_id(_read("platforms.yaml")["platforms"]),
            "tools": _by_id(measurement["tools"]),
            "utm": measurement["utm"],
            "currencies": _by_id(_read("currencies.yaml")["currencies"]),
            "steps": _read("steps.yaml")["steps"],
            "pitfalls": _by_id(_read("pitfalls.yaml")["pitfalls"]),
            "rules": {**(rules := _read("thresholds.yaml")), "thresholds": _by_id(rules["thresholds"])},
            "exports": _read("exports.yaml"),
            "advertising": _read("advertising.yaml"),
            "levers": _read("levers.yaml")["levers"],
        }
    )
