"""Pairs of places that must agree are one place each, and what used to rely on luck is named:
the node key, the equation step, the DOT names of a tree, the worker start method, the
versions a build key covers, the plugin's options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.analysis.kpitree import equation
from generator.plans.keys import node_key, split_key
from generator.settings import Settings
from tests.conftest import REPO, report_of, workspace_with


def test_a_node_key_is_made_and_taken_apart_in_one_place():
    assert node_key("reach", "instagram") == "reach@instagram" and node_key("ec_cvr") == "ec_cvr"
    assert split_key("reach@instagram") == ("reach", "instagram") and split_key("ec_cvr") == ("ec_cvr", None)


@pytest.mark.parametrize(
    ("op", "whole", "parts", "expected"),
    [
        ("product", None, [2.0, 3.0], (-1, 6.0)),
        ("product", 6.0, [2.0, None], (1, 3.0)),
        ("product", 6.0, [0.0, None], None),
        ("sum", 10.0, [None, 4.0], (0, 6.0)),
        ("sum", None, [1.0, None], None),
    ],
)
def test_one_equation_step_serves_the_solver_and_the_actuals(op, whole, parts, expected):
    found = equation(op, whole, parts)
    assert found == (pytest.approx(expected) if expected else None)


def test_the_deck_draws_each_node_by_the_name_the_diagram_gave_it():
    from generator.render.figures.diagram import dot_names, kpi_tree_dot

    report = report_of(REPO / "proposals" / "lumiere-cosmetics.yaml")
    names = dot_names(report.solution.root)
    dot = kpi_tree_dot(report.solution, "ja", "p", "t")
    for name in names:
        assert f'{name} [id="p-{name}"' in dot
    assert list(names.values()) == report.solution.nodes()


def test_the_plugin_options_are_one_model_for_the_engine_and_the_commands():
    from generator.engine.config import ProposalsConfig

    schema = dict(ProposalsConfig._schema)
    assert set(schema) == set(Settings.names())
    for name, option in schema.items():
        assert option.default == Settings.default(name), name
    assert Settings.read({"today": __import__("datetime").date(2027, 4, 1)}).today.isoformat() == "2027-04-01"


def test_a_build_key_changes_when_any_installed_library_changes(tmp_path, monkeypatch):
    from generator.cache.versions import installed_versions

    (tmp_path / "lxml-99.0.0.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    found = installed_versions()
    assert "lxml-99.0.0" in found
    for needed in ("python_pptx", "icalendar", "openpyxl", "fonttools", "lxml"):
        assert any(v.startswith(needed + "-") for v in found), needed


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_pdfs_and_builds_work_whatever_start_method_the_workers_use(tmp_path, method):
    root = workspace_with(tmp_path / "ws", ("mimosa-hair", "shimanami-tourism"))
    env = {**os.environ, "PROPOSALS_START_METHOD": method}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "pdf", "-j", "2"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "pdf").glob("*.pdf")) == [
        "mimosa-hair.pdf",
        "shimanami-tourism.pdf",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "-j", "2"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "mimosa-hair" / "mimosa-hair.pdf").is_file()


def test_an_unknown_start_method_is_one_line(tmp_path):
    root = workspace_with(tmp_path / "ws", ("mimosa-hair", "shimanami-tourism"), pdf=False)
    env = {**os.environ, "PROPOSALS_START_METHOD": "teleport"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "PROPOSALS_START_METHOD=teleport" in result.stderr


def test_private_engine_names_are_not_used():
    text = "\n".join(p.read_text("utf-8") for p in (REPO / "generator").rglob("*.py"))
    for name in ("_serve_url", "_serve_request", "_inject_js_into_html", "_visible_epoch"):
        assert name not in text, name


def test_repository_workspace_options_read_cleanly():
    from generator.workspace import Workspace

    workspace = Workspace.find(REPO / "mkdocs.yml")
    assert workspace.plugin.proposals_dir == "proposals"
    assert workspace.paths.diagrams == REPO / ".cache" / "sns-proposals" / "diagrams"
    assert isinstance(workspace.paths.proposals, Path)
