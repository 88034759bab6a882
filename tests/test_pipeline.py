"""One pipeline: each plan is solved once per build, the PDF uses the site's Markdown
configuration, and the workspace builds on ProperDocs and on MkDocs alike."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.analysis import report as report_module
from generator.analysis.report import PlanReport, check_files
from generator.render.print.pdf import document_html
from generator.render.text.markdown import MarkdownConfig
from generator.workspace import Workspace
from tests.conftest import REPO, copy_workspace, report_of, workspace_with


def test_a_build_solves_each_plan_exactly_once(tmp_path, monkeypatch):
    from generator.pipeline.build import build

    root = copy_workspace(tmp_path / "ws")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "proposals_dir: proposals\n", "proposals_dir: proposals\n      pdf: false\n"
        )
    )
    solved: list[str] = []
    real = report_module.solve

    def counting(plan):  # type: ignore[no-untyped-def]
        solved.append(plan.client.name)
        return real(plan)

    monkeypatch.setattr(report_module, "solve", counting)
    report_module._checked.clear()
    plans = sorted((root / "proposals").glob("*.yaml"))
    result = build(Workspace.find(config), jobs=1, say=None)
    assert len(result.built) == len(plans)
    assert len(solved) == len(plans), solved  # summaries, home cards and every page share one solve


def test_only_the_report_solves_a_tree():
    callers = [
        str(path.relative_to(REPO))
        for path in (REPO / "generator").rglob("*.py")
        if re.search(r"\bsolve\(", path.read_text(encoding="utf-8"))
        and path.name not in ("kpitree.py", "report.py")
    ]
    assert callers == []


def test_the_pdf_follows_the_markdown_extensions_of_mkdocs_yml(tmp_path):
    root = copy_workspace(tmp_path / "ws")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - tables\n", "  - tables\n  - pymdownx.caret\n"),
        "utf-8",
    )
    override = root / "theme" / "proposal" / "index.md"
    override.parent.mkdir(parents=True, exist_ok=True)
    source = (REPO / "generator" / "templates" / "proposal" / "index.md").read_text(encoding="utf-8")
    override.write_text(source + "\n^^inserted by the agency^^\n", encoding="utf-8")
    workspace = Workspace.find(config)
    from generator.pipeline.options import pdf_options

    options = pdf_options(workspace)
    assert "pymdownx.caret" in options.markdown.extensions
    html, _ = document_html(report_of(root / "proposals" / "mimosa-hair.yaml"), options)
    assert "<ins>inserted by the agency</ins>" in html
    # Paper shows every tab: the only difference from the site's configuration.
    assert options.markdown.for_print().configs["pymdownx.tabbed"]["alternate_style"] is False
    assert options.markdown.configs["pymdownx.tabbed"]["alternate_style"] is True


def test_markdown_configuration_reads_names_and_options():
    config = MarkdownConfig.from_settings(
        {"markdown_extensions": ["admonition", {"toc": {"permalink": True}}, {"pymdownx.tabbed": None}]}
    )
    assert config.extensions[:3] == ("toc", "tables", "fenced_code")
    assert "admonition" in config.extensions and "pymdownx.tabbed" in config.extensions
    assert config.configs == {"toc": {"permalink": True}}


@pytest.fixture(scope="module")
def small_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return workspace_with(
        tmp_path_factory.mktemp("engines") / "ws", ("mimosa-hair", "northfield-coffee"), pdf=False
    )


@pytest.mark.parametrize("engine", ["properdocs", "mkdocs"])
def test_the_workspace_builds_strictly_with_either_engine(small_workspace, engine, tmp_path):
    out = tmp_path / engine
    result = subprocess.run(
        [str(Path(sys.executable).with_name(engine)), "build", "--strict", "-d", str(out)],
        cwd=small_workspace,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    page = (out / "mimosa-hair" / "kpi" / "index.html").read_text(encoding="utf-8")
    assert '<svg class="kpi-tree-diagram"' in page
    expected = "ProperDocs" if engine == "properdocs" else "mkdocs-1."
    assert expected in (out / "index.html").read_text(encoding="utf-8")


def test_proposals_build_runs_on_properdocs(small_workspace):
    code = (
        "from generator.engine import engine_name, use_engine\n"
        "use_engine()\n"
        "import mkdocs.commands.build as b\n"
        "print(engine_name(), b.__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["properdocs", "properdocs.commands.build"]
    built = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--out", "out"],
        cwd=small_workspace,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    assert "ProperDocs" in (small_workspace / "out" / "mimosa-hair" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_report_is_the_unit_every_renderer_takes():
    reports = check_files([REPO / "proposals" / "mimosa-hair.yaml"])
    assert isinstance(reports[0], PlanReport) and reports[0].solution is not None and reports[0].path
    assert reports[0].path[-1].month.year >= dt.date(2000, 1, 1).year
