"""The rows and cards a proposal page is made of, as plain data for the templates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of a metric table."""

    label: str
    value: str
    computed: bool = False
    platform: str = ""
    depth: int = 0
    relation: str = ""
    definition: str = ""
    native: str = ""
    basis: str = ""
    """Why the target is what it is, as the plan states it (shown beside the target)."""


@dataclass(frozen=True)
class CadenceRow:
    format: str
    frequency: str
    monthly: str


@dataclass(frozen=True)
class PlatformView:
    id: str
    name: str
    role: str
    handle: str
    analytics: str
    rewards: list[str]
    rewards_said: str
    weigh: list[str]
    kpis: list[Row]
    cadence: list[CadenceRow]
    notes: str
    watch_out: list[str]


@dataclass(frozen=True)
class UtmLink:
    platform: str
    placement: str
    url: str
