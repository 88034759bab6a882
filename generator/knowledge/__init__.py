"""The built-in domain knowledge: YAML files beside this module, validated on first use.

Code asks questions of this data (is a metric KGI-class, which KPIs serve a purpose,
how fast may followers grow on a platform) instead of encoding the answers itself.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from generator.knowledge import vocab
from generator.knowledge.quantity import Quantity, parse_quantity

Number = Annotated[Quantity, BeforeValidator(parse_quantity)]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Data):
    """The same sentence in both output languages."""

    ja: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, language: str) -> str:
        return self.ja if language == "ja" else self.en


class Benchmark(_Data):
    platform: vocab.PlatformId | None = None
    low: Number
    high: Number
    per: vocab.Per | None = None
    variant: str | None = None
    tier: str | None = None
    source: str = Field(min_length=3)
    year: int = Field(ge=2010, le=2100)
    method: str = Field(min_length=3)
    quality: str | None = None


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
    """An average per something (views per post): a count that multiplies another count."""
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


class Purpose(_Data):
    id: vocab.PurposeId
    name: Bilingual
    aim: Bilingual
    fits_when: Bilingual
    kgis: tuple[str, ...]
    kpis: tuple[str, ...]
    content: tuple[Bilingual, ...]
    starter: Starter


class Growth(_Data):
    low: Number
    high: Number
    ceiling: Number
    source: str
    year: int


class Platform(_Data):
    id: vocab.PlatformId
    name: Bilingual
    analytics: vocab.ToolId
    utm_source: str
    exposure: str
    formats: tuple[str, ...]
    rewards: tuple[Bilingual, ...]
    kpis: tuple[str, ...]
    notes: tuple[Bilingual, ...] = ()
    growth: Growth


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


class Currency(_Data):
    id: str = Field(pattern="^[A-Z]{3}$")
    symbol: str
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
    value: float
    origin: str = Field(pattern="^(agency_default|published)$")
    why: Bilingual
    source: str | None = None
    year: int | None = Field(None, ge=2010, le=2100)


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

    def value(self, key: str) -> float:
        return self.thresholds[key].value


class Knowledge(_Data):
    metrics: dict[str, Metric]
    purposes: dict[str, Purpose]
    platforms: dict[str, Platform]
    tools: dict[str, Tool]
    utm: UtmRules
    currencies: dict[str, Currency]
    steps: tuple[Step, ...]
    pitfalls: dict[str, Pitfall]
    rules: Rules

    def metric(self, key: str) -> Metric | None:
        return self.metrics.get(key)


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


@cache
def knowledge() -> Knowledge:
    """Load and validate every knowledge file once per process."""
    measurement = _read("measurement.yaml")
    return Knowledge.model_validate(
        {
            "metrics": _by_id(_read("metrics.yaml")["metrics"]),
            "purposes": _by_id(_read("purposes.yaml")["purposes"]),
            "platforms": _by_id(_read("platforms.yaml")["platforms"]),
            "tools": _by_id(measurement["tools"]),
            "utm": measurement["utm"],
            "currencies": _by_id(_read("currencies.yaml")["currencies"]),
            "steps": _read("steps.yaml")["steps"],
            "pitfalls": _by_id(_read("pitfalls.yaml")["pitfalls"]),
            "rules": {**(rules := _read("thresholds.yaml")), "thresholds": _by_id(rules["thresholds"])},
        }
    )
