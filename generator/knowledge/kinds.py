"""What a metric's kind means for every figure of that kind, said once.

Four kinds (vocab.MetricKind): a count, a rate, money and seconds. Everything that treats
them differently (whether an amount has a period, a currency or a per-cent form, how a
target is rounded, how a change is said) asks here, so a page, a slide, the doctor and the
monthly report can never disagree about one kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.knowledge.vocab import MetricKind


@dataclass(frozen=True)
class Kind:
    over_period: bool
    """An amount counted over a time (450 a month, 300万円 a year); a rate or a duration is not."""
    currency: bool
    """Written with a currency (and the only kind a `unit:` belongs to)."""
    share: bool
    """A share of something, written in per cent and bounded at 100 % (unless the metric says
    otherwise); its change is said in points."""
    whole: bool
    """Worked out through the tree, shown whole (27.38 demo requests is 27)."""
    rounded_target: bool
    """A target shown to three significant figures; a rate keeps its own digits."""


KINDS: dict[str, Kind] = {
    "count": Kind(over_period=True, currency=False, share=False, whole=True, rounded_target=True),
    "money": Kind(over_period=True, currency=True, share=False, whole=False, rounded_target=True),
    "rate": Kind(over_period=False, currency=False, share=True, whole=False, rounded_target=False),
    "seconds": Kind(over_period=False, currency=False, share=False, whole=False, rounded_target=True),
}
UNKNOWN = Kind(over_period=False, currency=False, share=False, whole=True, rounded_target=True)
"""A custom node with no target to tell its kind: shown as a plain number."""


def kind(name: str | None) -> Kind:
    return KINDS.get(name or "", UNKNOWN)


def kind_of(known: MetricKind | str | None, unit: str | None, percent: bool | None = None) -> str | None:
    """The kind of a goal, KPI or node: its catalogue metric's, else money when it has a
    currency, else a rate or a count as its target is written (None: nothing tells)."""
    if known:
        return known
    if unit:
        return "money"
    if percent is None:
        return None
    return "rate" if percent else "count"
