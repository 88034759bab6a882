"""Every value of every closed vocabulary has its label, in Japanese and in English.

Labels of vocabulary values are read as ``t.of(family, value)``; a value added to a
vocabulary without its label would otherwise show up as a crash on one client's page.
"""

from __future__ import annotations

import string
import typing

import pytest

from generator.actuals.portfolio import STATUSES
from generator.actuals.progress import Status
from generator.analysis.gate import Made
from generator.inputs.versioned import VersionStatus
from generator.knowledge import knowledge, vocab
from generator.locale.labels import Family, labels
from generator.plans.pitch import Budget
from generator.render.site.pages import PAGES


def _vocabularies() -> dict[str, tuple[str, ...]]:
    kb = knowledge()
    benchmarks = [b for m in kb.metrics.values() for b in m.benchmarks]
    tax = typing.get_args(typing.get_args(Budget.model_fields["tax"].annotation)[0])
    return {
        "access": typing.get_args(vocab.Access),
        "base": tuple(kb.metrics["engagement_rate"].variants),
        "format": vocab.CADENCE_FORMATS,
        "level": typing.get_args(vocab.Access),
        "made": typing.get_args(Made),
        "month_status": STATUSES,
        "op": typing.get_args(vocab.Op),
        "page": tuple(p for p in PAGES if p != "index"),
        "per": typing.get_args(vocab.Per) + tuple(f"{unit}_n" for unit in vocab.CADENCE_UNITS),
        "placement": tuple({p for names in kb.utm.placements.values() for p in names}),
        "quality": tuple({b.quality for b in benchmarks if b.quality}),
        "review": typing.get_args(vocab.Review),
        "review_value": typing.get_args(vocab.Review),
        "role": typing.get_args(vocab.Role),
        "stage": typing.get_args(vocab.Stage),
        "status": typing.get_args(Status),
        "tax": tax,
        "tier": tuple({b.tier for b in benchmarks if b.tier}),
        "version_status": typing.get_args(VersionStatus),
    }


def test_every_family_has_a_vocabulary() -> None:
    assert set(_vocabularies()) == set(typing.get_args(Family))


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("family", sorted(typing.get_args(Family)))
def test_every_value_has_a_label(family: str, language: str) -> None:
    t = labels(language)
    values = _vocabularies()[family]
    assert values, f"the vocabulary of '{family}' is empty"
    missing = [v for v in values if not t.has(f"{family}_{v}")]
    assert not missing, f"no label for {family}: {missing}"
    for value in values:
        fields = {f for _, f, _, _ in string.Formatter().parse(getattr(t, f"{family}_{value}")) if f}
        assert t.of(family, value, **dict.fromkeys(fields, "1")).strip()  # type: ignore[arg-type]


def test_every_metric_kind_has_its_rules() -> None:
    """A kind added to the vocabulary is treated on purpose, never as an unknown number."""
    from generator.knowledge.kinds import KINDS

    assert set(KINDS) == set(typing.get_args(vocab.MetricKind))
    assert {m.kind for m in knowledge().metrics.values()} <= set(KINDS)
