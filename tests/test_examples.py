"""The demo content covers what the product promises: four purposes, both languages."""

from __future__ import annotations

from collections import Counter

from generator.plans.load import load_plan
from tests.conftest import PROPOSALS

PLANS = [load_plan(p).plan for p in sorted(PROPOSALS.glob("*.yaml"))]


def test_at_least_five_clients():
    assert len(PLANS) >= 5
    assert len({p.client.name for p in PLANS}) == len(PLANS)


def test_all_four_purposes_are_shown():
    assert {p.primary_purpose for p in PLANS} == {"awareness", "branding", "sales", "recruiting"}


def test_both_languages():
    languages = Counter(p.language for p in PLANS)
    assert languages["ja"] >= 3
    assert languages["en"] >= 2


def test_every_access_level_is_shown():
    assert {p.access for p in PLANS} == {"internal", "client", "public"}


def test_every_example_has_a_tree_kgi_persona_and_measurement():
    for plan in PLANS:
        assert plan.kgi and plan.kgi.target is not None and plan.kgi.by
        assert plan.kpi_tree and plan.kpi_tree.children
        assert plan.persona and plan.persona.platforms
        assert plan.measurement and plan.measurement.landing_url
        assert plan.platforms
