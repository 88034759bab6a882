"""KPI-tree arithmetic: back-calculation, bottom-up sums, and what cannot be solved."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.analysis.kpitree import solve
from generator.knowledge.quantity import MAX_VALUE, SMALLEST_VALUE
from generator.plans.load import load_plan, parse_plan
from generator.plans.model import Plan
from tests.conftest import PROPOSALS


def plan_of(text: str) -> Plan:
    return parse_plan(text, "t").plan


def by_key(solution, key):
    return next(n for n in solution.nodes() if n.key == key)


def test_back_calculates_the_missing_factor_from_the_goal():
    solution = solve(
        plan_of(
            """
client: {name: A}
kgi: {metric: ec_revenue, target: 3000000, unit: JPY}
kpi_tree:
  op: product
  children:
    - {metric: sns_sessions}
    - {metric: ec_cvr, target: 2%}
    - {metric: average_order_value, target: 6000, unit: JPY}
"""
        )
    )
    sessions = by_key(solution, "sns_sessions")
    assert sessions.value == pytest.approx(25_000)
    assert sessions.computed
    assert not by_key(solution, "ec_cvr").computed
    assert solution.mismatches == solution.gaps == []


def test_bottom_up_sum_fills_the_parent_and_the_kgi():
    solution = solve(
        plan_of(
            """
client: {name: A}
kgi: {metric: job_applications}
kpi_tree:
  op: product
  children:
    - metric: recruiting_page_visits
      op: sum
      children:
        - {metric: recruiting_page_visits, platform: tiktok, target: 3000}
        - {metric: recruiting_page_visits, platform: x, target: 1000}
    - {metric: application_rate, target: 5%}
"""
        )
    )
    assert solution.root.value == pytest.approx(200)
    assert solution.root.computed


def test_given_values_that_disagree_are_a_mismatch():
    solution = solve(
        plan_of(
            """
client: {name: A}
kgi: {metric: ec_revenue, target: 3000000, unit: JPY}
kpi_tree:
  op: product
  children:
    - {metric: sns_sessions, target: 10000}
    - {metric: ec_cvr, target: 2%}
    - {metric: average_order_value, target: 6000, unit: JPY}
"""
        )
    )
    [mismatch] = solution.mismatches
    assert mismatch.expected == 3_000_000
    assert mismatch.actual == pytest.approx(1_200_000)


def test_rounding_within_one_percent_is_not_a_mismatch():
    solution = solve(
        plan_of(
            """
client: {name: A}
kgi: {metric: sns_sessions, target: 1000}
kpi_tree:
  op: product
  children:
    - {metric: reach, target: 66600}
    - {metric: link_ctr, target: 1.5%}
"""
        )
    )
    assert solution.mismatches == []


def test_two_unknowns_under_one_node_is_a_gap():
    solution = solve(
        plan_of(
            """
client: {name: A}
kgi: {metric: ec_revenue, target: 3000000, unit: JPY}
kpi_tree:
  op: product
  children:
    - {metric: sns_sessions}
    - {metric: ec_cvr}
    - {metric: average_order_value, target: 6000, unit: JPY}
"""
        )
    )
    [gap] = solution.gaps
    assert [n.key for n in gap.unknown] == ["sns_sessions", "ec_cvr"]


def test_drivers_carry_no_arithmetic():
    solution = solve(
        plan_of(
            """
client: {name: A}
kgi: {metric: brand_favorability, target: 40%}
kpi_tree:
  op: drivers
  children:
    - {metric: engagement_rate, target: 4%}
    - {metric: saves}
"""
        )
    )
    assert by_key(solution, "engagement_rate").value == pytest.approx(0.04)
    assert [n.key for n in solution.loose] == ["saves"]
    assert solution.gaps == []


def test_negative_and_over_100_percent_solutions_are_flagged():
    solution = solve(
        plan_of(
            """
client: {name: A}
kgi: {metric: sns_sessions, target: 1000}
kpi_tree:
  op: sum
  children:
    - {metric: sns_sessions, platform: instagram, target: 1500}
    - {metric: sns_sessions, platform: x}
"""
        )
    )
    assert [(b.node.platform, b.reason) for b in solution.bad_values] == [("x", "negative")]
    solution = solve(
        plan_of(
            """
client: {name: A}
kgi: {metric: sns_sessions, target: 1000}
kpi_tree:
  op: product
  children:
    - {metric: reach, target: 500}
    - {metric: link_ctr}
"""
        )
    )
    assert [b.reason for b in solution.bad_values] == ["rate-over-100"]


def test_two_currencies_clash():
    solution = solve(
        plan_of(
            """
client: {name: A}
kgi: {metric: ec_revenue, target: 30000, unit: USD}
kpi_tree:
  op: product
  children:
    - {metric: orders}
    - {metric: average_order_value, target: 6000, unit: JPY}
"""
        )
    )
    assert [c.reason for c in solution.unit_clashes] == ["currencies"]


def test_examples_solve_cleanly():
    for path in sorted(PROPOSALS.glob("*.yaml")):
        solution = solve(load_plan(path).plan)
        assert solution is not None
        assert solution.mismatches == [], path.name
        assert solution.bad_values == [] and solution.unit_clashes == [], path.name
        assert solution.gaps == [], path.name


# ---------------------------------------------------------------------------- property

Tree = dict


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> Tree:
    """A consistent product/sum tree of positive values, as plan YAML data."""
    if depth >= 3 or (draw(st.booleans()) and depth > 0):
        return {"value": draw(st.floats(min_value=0.01, max_value=1000, allow_nan=False))}
    op = draw(st.sampled_from(["product", "sum"]))
    children = draw(st.lists(trees(depth=depth + 1), min_size=1, max_size=4))
    values = [c["value"] for c in children]
    value = math.prod(values) if op == "product" else math.fsum(values)
    if not SMALLEST_VALUE * 1000 <= value <= MAX_VALUE / 1000:
        # A plan holds numbers within bounds (the loader refuses the rest): add instead.
        op, value = "sum", math.fsum(values)
    return {"value": value, "op": op, "children": children}


def _to_yaml_node(tree: Tree, counter: list[int], blank: int) -> dict:
    index = counter[0]
    counter[0] += 1
    node: dict = {"id": f"n{index}", "label": f"Node {index}"}
    if index != blank:
        node["target"] = tree["value"]
    if "children" in tree:
        node["op"] = tree["op"]
        node["children"] = [_to_yaml_node(c, counter, blank) for c in tree["children"]]
    return node


def _count(tree: Tree) -> int:
    return 1 + sum(_count(c) for c in tree.get("children", []))


def _flatten(tree: Tree) -> list[float]:
    return [tree["value"], *(v for c in tree.get("children", []) for v in _flatten(c))]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_removing_any_one_value_and_solving_restores_it(data):
    tree = data.draw(trees())
    values = _flatten(tree)
    # Beyond ~1e8 between the largest and smallest value, float subtraction itself loses the
    # small one; plan numbers never span that range (yen revenue vs a 0.5 % rate is ~1e9 at most
    # in products, which lose no precision).
    assume(max(values) / min(values) < 1e8)
    blank = data.draw(st.integers(min_value=1, max_value=_count(tree) - 1)) if _count(tree) > 1 else 0
    root = _to_yaml_node(tree, [0], blank)
    root.pop("id"), root.pop("label")
    kgi_target = root.pop("target", None)
    kgi = {"id": "goal", "label": "Goal"} | ({"target": kgi_target} if kgi_target is not None else {})
    plan = Plan.model_validate({"client": {"name": "A"}, "kgi": kgi, "kpi_tree": root})
    solution = solve(plan)
    solved = [n.value for n in solution.nodes()]
    expected = _flatten(tree)
    # Subtracting in a sum loses digits relative to the largest value, not the solved one.
    assert solved[blank] == pytest.approx(expected[blank], rel=1e-6, abs=1e-9 * max(expected))
    assert solution.nodes()[blank].computed
    assert solution.mismatches == []


def _leaves_only(tree: Tree, counter: list[int]) -> dict:
    index = counter[0]
    counter[0] += 1
    node: dict = {"id": f"n{index}", "label": f"Node {index}"}
    if "children" in tree:
        node["op"] = tree["op"]
        node["children"] = [_leaves_only(c, counter) for c in tree["children"]]
    else:
        node["target"] = tree["value"]
    return node


@settings(max_examples=150, deadline=None)
@given(tree=trees())
def test_a_tree_solved_from_its_leaves_multiplies_and_adds_out(tree):
    """Every solved product is the product of its children, every sum their sum, and the
    root is the goal the leaves imply: what the pages and the diagram show adds up."""
    assume("children" in tree)
    root = _leaves_only(tree, [0])
    root.pop("id"), root.pop("label")
    plan = Plan.model_validate(
        {"client": {"name": "A"}, "kgi": {"id": "goal", "label": "Goal"}, "kpi_tree": root}
    )
    solution = solve(plan)
    assert solution.mismatches == [] and solution.bad_values == []
    for node in solution.nodes():
        if node.children and node.op in ("product", "sum"):
            parts = [child.value for child in node.children]
            assert all(p is not None for p in parts)
            expected = math.prod(parts) if node.op == "product" else math.fsum(parts)
            assert node.value == pytest.approx(expected, rel=1e-9)
    assert solution.root.value == pytest.approx(tree["value"], rel=1e-9)
