"""What was sent of a proposal, as rendering is told it: worked out by the versions layer
from ``versions/<slug>/`` (above rendering) and handed down as data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.analysis.report import PlanReport


@dataclass(frozen=True)
class VersionNote:
    """One sent version as the client's "What changed" page lists it."""

    name: str
    date: str
    note: str
    stamp: str
    changes: tuple[str, ...]
    """What changed since the version before, one line each (empty for the first)."""


VersionStatus = Literal["draft", "sent", "approved"]


@dataclass(frozen=True)
class Versioned:
    """What rendering needs to know of a proposal's sent versions; worked out by the engine's
    adapter from ``versions/<slug>/``, so rendering reads no folder of its own."""

    stamp: str = ""
    """The version line of what is rendered (v3 · plan hash), when it is a sent version."""
    status: VersionStatus | None = None
    """draft, sent or approved, for the agency's home (None: not worked out for this build)."""
    changed_since_sent: bool = False
    history: tuple[VersionNote, ...] = ()
    """Every sent version, newest first, for the client's "What changed" page."""
    approved: PlanReport | None = None
    """The approved version's plan: progress compares actuals with its targets."""
    approved_name: str = ""
    """Which version was approved (v2), when one was."""
    held: tuple[str, ...] = ()
    """Months whose monthly report waits for review (YYYY-MM): internal builds only."""
