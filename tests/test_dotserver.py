"""One `dot` process per build process (generator/render/figures/dotserver.py): every drawing
is byte for byte the drawing `dot` makes alone, forked workers never share their parent's
process, and a graph it cannot draw is drawn alone, which says why."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import graphviz
import pytest

from generator.errors import DiagramError
from generator.render.figures import dotserver
from generator.render.figures.diagram import _run_dot, kpi_tree_dot
from tests.conftest import PROPOSALS, report_of


def _trees() -> list[str]:
    found = []
    for plan in sorted(PROPOSALS.glob("*.yaml")):
        report = report_of(plan)
        if report.solution is not None:
            found.append(kpi_tree_dot(report.solution, report.plan.language, f"t-{plan.stem}", "title"))
    return found


def _alone(dot: str) -> str:
    return str(graphviz.pipe("dot", "svg", dot.encode("utf-8")).decode("utf-8"))


def test_every_drawing_served_equals_the_drawing_made_alone():
    dotserver._stop()
    trees = _trees()
    assert len(trees) >= 5
    served = [_run_dot(dot) for dot in trees]
    assert dotserver._served == len(trees) and dotserver._trusted  # all from the one process
    assert served == [_alone(dot) for dot in trees]


def _draw_in_child(dot: str) -> tuple[int, str]:
    return dotserver._served, _run_dot(dot)


def test_forked_workers_draw_in_processes_of_their_own():
    trees = _trees()
    _run_dot(trees[0])  # the parent's process is running when the workers are forked
    parent = dotserver._process
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.map(_draw_in_child, trees)
    assert [svg for _, svg in results] == [_alone(dot) for dot in trees]
    assert dotserver._process is parent and parent is not None and parent.poll() is None
    assert _run_dot(trees[1]) == _alone(trees[1])  # the parent's pipes are still its own


def test_a_graph_dot_cannot_read_is_drawn_alone_and_says_why():
    _run_dot("digraph { a -> b }")
    with pytest.raises(DiagramError, match="Graphviz could not draw the diagram"):
        _run_dot("digraph { a -> }")
    assert _run_dot("digraph { a -> b }") == _alone("digraph { a -> b }")  # a new process serves


def test_a_graphviz_that_draws_differently_when_serving_is_not_used_again(monkeypatch):
    dotserver._stop()
    monkeypatch.setattr(dotserver, "_trusted", None)
    trees = _trees()
    _run_dot(trees[0])
    monkeypatch.setattr(dotserver, "_PAGE_PREFIX", dotserver.re.compile(rb"(?!)"))  # prefix left on
    assert _run_dot(trees[1]) == _alone(trees[1])
    assert dotserver._trusted is False and dotserver._process is None
    assert _run_dot(trees[2]) == _alone(trees[2])
    assert dotserver._process is None  # every later drawing is made alone


def test_without_dot_on_the_path_the_error_names_the_package(monkeypatch, tmp_path: Path):
    dotserver._stop()
    monkeypatch.setattr(dotserver, "_trusted", None)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DiagramError, match="apt-get install graphviz"):
        _run_dot("digraph { a -> b }")
