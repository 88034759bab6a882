"""The benchmark's plan generator makes what it promises: valid, varied, reproducible plans."""

from __future__ import annotations

from collections import Counter

import yaml

from bench.plans import MAX_NODES, MIN_NODES, PlanGenerator
from generator.analysis.report import check_files
from generator.knowledge.vocab import PURPOSE_IDS

COUNT = 48


def size(node: dict) -> int:
    return 1 + sum(size(child) for child in node.get("children", []))


def test_generated_plans_are_valid_varied_and_within_bounds(tmp_path):
    files = PlanGenerator(seed=11).write(tmp_path, COUNT)
    reports = check_files(files)
    assert [r.file for r in reports if r.error] == []
    # Built from leaf values upwards: the solver finds the trees consistent and complete.
    assert [(r.slug, f.rule) for r in reports for f in r.findings if f.rule.startswith("tree-")] == []
    plans = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files]
    sizes = [size(p["kpi_tree"]) for p in plans]
    assert min(sizes) >= MIN_NODES and max(sizes) <= MAX_NODES
    assert len(set(sizes)) > 8
    assert Counter(p["purpose"] for p in plans).keys() == set(PURPOSE_IDS)
    assert {p["language"] for p in plans} == {"ja", "en"}
    assert {len(p["platforms"]) for p in plans} == {1, 2, 3, 4}
    # Some tree values are left for the solver to work out.
    assert any("target" not in node for p in plans for node in _nodes(p["kpi_tree"])[1:])


def test_the_same_seed_writes_the_same_plans(tmp_path):
    first = PlanGenerator(seed=3).write(tmp_path / "a", 5)
    second = PlanGenerator(seed=3).write(tmp_path / "b", 5)
    assert [f.read_bytes() for f in first] == [f.read_bytes() for f in second]
    other = PlanGenerator(seed=4).write(tmp_path / "c", 5)
    assert [f.read_bytes() for f in first] != [f.read_bytes() for f in other]


def _nodes(node: dict) -> list[dict]:
    return [node, *(n for child in node.get("children", []) for n in _nodes(child))]
