"""Properties of the month-by-month target path, for any baseline, target, span and curve."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analysis.targetpath import target_path
from generator.plans.load import parse_plan

PLAN = """
client: {{name: Acme}}
language: ja
period: {{start: 2027-01, months: {months}}}
kgi: {{metric: store_reservations, target: {target}, baseline: {baseline}, by: {by}{curve}}}
"""


@settings(max_examples=200, deadline=None)
@given(
    months=st.integers(min_value=1, max_value=36),
    due=st.integers(min_value=1, max_value=36),
    baseline=st.integers(min_value=0, max_value=10_000),
    growth=st.integers(min_value=1, max_value=100_000),
    linear=st.booleans(),
    whole=st.booleans(),
)
def test_the_path_rises_from_the_baseline_to_the_target(months, due, baseline, growth, linear, whole):
    due = min(due, months)
    by = f"{2027 + (due - 1) // 12}-{(due - 1) % 12 + 1:02d}"
    target = baseline + growth
    text = PLAN.format(
        months=months, target=target, baseline=baseline, by=by, curve=", curve: linear" if linear else ""
    )
    plan = parse_plan(text, "acme").plan
    path = target_path(plan, whole=whole)
    values = [p.value for p in path]
    assert len(path) == months
    assert all(a <= b for a, b in itertools.pairwise(values))  # never falls
    assert baseline <= values[0] <= target
    assert values[due - 1] == target and values[-1] == target  # due, then held
    assert all(0 < p.share <= 1 for p in path)
    if whole:
        assert all(v == int(v) for v in values)
