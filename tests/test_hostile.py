"""Hostile strings in every field stay text: no markup, no script, no link, no diagram node."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.analysis.kpitree import solve
from generator.plans.load import load_plan
from generator.render.figures.diagram import kpi_tree_dot, render_svg
from generator.render.site.pages import RenderOptions, render_proposal
from tests.conftest import copy_workspace, report_of, run_proposals
from tests.hostile import HOSTILE, hostile_yaml


class Audit(HTMLParser):
    """Collects what a browser would treat as active content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                self.hrefs.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)


def audit(page: str) -> Audit:
    parser = Audit()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_markdown_pages_neutralise_every_string(tmp_path: Path, index: int) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_yaml(HOSTILE[index]), encoding="utf-8")
    loaded = report_of(path)
    rendered = render_proposal(
        loaded, RenderOptions(internal=True, standalone=True, today=dt.date(2027, 1, 1))
    )
    for name, content in rendered.files.items():
        if name.endswith(".md"):
            assert "<script" not in content and "<img src=x" not in content, name
            assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:|\]\(\s*javascript:""", content), (
                name
            )
            assert "{{" not in content and "{%" not in content, name
        else:
            ET.fromstring(content)


def _diagram_shape(tmp_path: Path, text: str) -> tuple[int, int]:
    path = tmp_path / "plan.yaml"
    path.write_text(hostile_yaml(text), encoding="utf-8")
    plan = load_plan(path).plan
    svg = render_svg(kpi_tree_dot(solve(plan), "ja", "kpi-x", "t"), "kpi-x", "t")
    root = ET.fromstring(svg)
    groups = root.iter("{http://www.w3.org/2000/svg}g")
    classes = [g.get("class", "").split() for g in groups]
    return sum("node" in c for c in classes), sum("edge" in c for c in classes)


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_diagram_keeps_its_shape(tmp_path: Path, index: int) -> None:
    """No label adds or removes a node or an edge (real Graphviz run)."""
    assert _diagram_shape(tmp_path, HOSTILE[index]) == _diagram_shape(tmp_path, "plain text") == (8, 7)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("hostile") / "ws", ("mkdocs.yml", "theme", "docs"))
    (root / "proposals").mkdir()
    for i, text in enumerate(HOSTILE):
        (root / "proposals" / f"hostile-{i:02d}.yaml").write_text(hostile_yaml(text), encoding="utf-8")
    result = run_proposals("build", cwd=root, timeout=900)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_built_pages_have_no_active_plan_content(hostile_site: Path) -> None:
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > len(HOSTILE) * 7
    for page in pages:
        found = audit(page.read_text(encoding="utf-8"))
        assert not found.handlers, (page, found.handlers)
        assert not any(h.lower().lstrip().startswith("javascript") for h in found.hrefs), page
        assert not any("xss" in s or "alert" in s for s in found.scripts), page
        assert "img" not in found.tags or all("src=x" not in h for h in found.hrefs), page


def test_hostile_text_is_shown_literally(hostile_site: Path) -> None:
    page = (hostile_site / "hostile-00" / "index.html").read_text(encoding="utf-8")
    text = "".join(audit(page).text)
    assert '<script>alert("xss1")</script>' in text
    jinja = (hostile_site / "hostile-02" / "persona" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in html.unescape(re.sub(r"<[^>]+>", "", jinja))
    pipes = (hostile_site / "hostile-04" / "kpi" / "index.html").read_text(encoding="utf-8")
    assert "| pipe | table | --- |" in "".join(audit(pipes).text)


def test_nav_titles_and_site_name_are_escaped(hostile_site: Path) -> None:
    page = (hostile_site / "hostile-00" / "kpi" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_svgs_stay_valid(hostile_site: Path) -> None:
    svgs = list(hostile_site.rglob("kpi-tree.svg"))
    assert len(svgs) == len(HOSTILE)
    for svg in svgs:
        root = ET.fromstring(svg.read_text(encoding="utf-8"))
        assert root.tag.endswith("svg")
        assert not root.findall(".//{http://www.w3.org/2000/svg}script")
