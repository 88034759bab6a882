"""Real MkDocs builds of the example workspace: plain strict build and the per-proposal build model."""

from __future__ import annotations

import hashlib
import html
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import PROPOSALS, run_proposals

SLUGS = sorted(p.stem for p in PROPOSALS.glob("*.yaml"))
PAGES = ("", "kpi/", "purpose/", "persona/", "platforms/", "roadmap/", "measurement/", "appendix/")


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_plain_mkdocs_build_is_strict_clean(workspace, tmp_path):
    # The pages are what a plain build adds; the documents it writes beside them are those of
    # `proposals build`, checked in test_each_proposal_offers_its_deck_beside_its_pdf.
    config = workspace / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("proposals_dir: proposals\n", "proposals_dir: proposals\n      pdf: false\n"), "utf-8"
    )
    result = mkdocs("build", "--strict", "-d", str(tmp_path / "out"), cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    out = tmp_path / "out"
    home = (out / "index.html").read_text(encoding="utf-8")
    for slug in SLUGS:
        for page in PAGES:
            assert (out / slug / page / "index.html").is_file(), (slug, page)
        svg = (out / slug / "kpi-tree.svg").read_text(encoding="utf-8")
        ET.fromstring(svg)
        assert "foreignObject" not in svg and "Noto Sans CJK JP" in svg
        assert f'href="{slug}/"' in home
        kpi = (out / slug / "kpi" / "index.html").read_text(encoding="utf-8")
        assert (
            '<figure class="proposal-diagram proposal-diagram--tree proposal-diagram--wide" tabindex="0"><svg class="kpi-tree-diagram"'
            in kpi
        )
    for page in ("guide", "en/guide"):
        assert (out / page / "index.html").is_file()


def test_every_proposal_is_its_own_site(built):
    site = built / "site"
    for slug in SLUGS:
        for page in PAGES:
            assert (site / slug / page / "index.html").is_file(), (slug, page)
        assert (site / slug / "kpi-tree.svg").is_file()
        assert (site / slug / "search" / "search_index.json").is_file()
        assert not (site / slug / "assets").exists(), "Material's assets are shared, not copied"


def test_ui_and_search_follow_the_plan_language(built):
    site = built / "site"
    ja = (site / "lumiere-cosmetics" / "index.html").read_text(encoding="utf-8")
    en = (site / "northfield-coffee" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in ja and '<html lang="en"' in en
    assert json.loads((site / "lumiere-cosmetics/search/search_index.json").read_text())["config"][
        "lang"
    ] == [
        "ja",
        "en",
    ]
    assert json.loads((site / "northfield-coffee/search/search_index.json").read_text())["config"][
        "lang"
    ] == ["en"]


def test_shared_assets_resolve(built):
    site = built / "site"
    page = (site / "lumiere-cosmetics" / "kpi" / "index.html").read_text(encoding="utf-8")
    for ref in (
        "../../assets/stylesheets/",
        "../../assets/javascripts/bundle.",
        "../../assets/proposals/proposals.css",
    ):
        assert ref in page
    css = [p for p in (site / "assets" / "stylesheets").glob("main.*.css")]
    assert css, "the home site carries the one shared copy"


def test_a_proposal_site_holds_only_its_own_plan(built):
    site = built / "site" / "mimosa-hair"
    others = ["ルミエール", "Northfield", "Brightline", "テクノブリッジ", "しまなみ"]
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".svg", ".xml"):
            text = path.read_text(encoding="utf-8")
            for other in others:
                assert other not in text, (path, other)


def test_rebuild_reuses_unchanged_sites_and_rebuilds_an_edited_one(built):
    result = run_proposals("build", cwd=built, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"built 0, reused {len(SLUGS)}" in result.stdout
    plan = built / "proposals" / "mimosa-hair.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("target: 450", "target: 480"), encoding="utf-8")
    result = run_proposals("build", cwd=built, timeout=600)
    assert f"built 1, reused {len(SLUGS) - 1}" in result.stdout
    assert "480" in (built / "site" / "mimosa-hair" / "index.html").read_text(encoding="utf-8")


def test_a_broken_plan_leaves_the_last_site_untouched(built):
    before = snapshot(built / "site")
    broken = built / "proposals" / "zz-broken.yaml"
    broken.write_text("client: {name: Broken}\nkgi: {metric: revenue}\n", encoding="utf-8")
    try:
        result = run_proposals("build", cwd=built, timeout=600)
    finally:
        broken.unlink()
    assert result.returncode == 2
    assert result.stderr.startswith("proposals/zz-broken.yaml:2:")
    assert "Traceback" not in result.stderr
    assert snapshot(built / "site") == before
    assert not list(built.glob(".site.building-*"))


def test_plain_mkdocs_build_refuses_a_broken_plan_before_cleaning(workspace, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("last good build", encoding="utf-8")
    (workspace / "proposals" / "zz.yaml").write_text("client: {name: X}\nlanguage: de\n", encoding="utf-8")
    result = mkdocs("build", "-d", str(out), cwd=workspace)
    assert result.returncode != 0
    assert "proposals/zz.yaml:2:11: language: 'de' is not one of: ja, en" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "keep.txt").read_text(encoding="utf-8") == "last good build"


def test_render_writes_plain_markdown_and_svg(tmp_path):
    result = run_proposals("render", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert (out / "index.md").is_file()
    assert (out / "lumiere-cosmetics" / "kpi.md").read_text(encoding="utf-8").count("](kpi-tree.svg)") == 1
    ET.fromstring((out / "lumiere-cosmetics" / "kpi-tree.svg").read_text(encoding="utf-8"))


def test_diagram_cache_skips_dot(built, monkeypatch):
    from generator.analysis.kpitree import solve
    from generator.plans.load import load_plan
    from generator.render.figures import diagram

    diagram._memo.clear()
    calls = []
    monkeypatch.setattr(diagram, "_run_dot", lambda dot: calls.append(dot) or "<svg></svg>")
    plan = load_plan(built / "proposals" / "lumiere-cosmetics.yaml").plan
    dot = diagram.kpi_tree_dot(solve(plan), "ja", "kpi-lumiere-cosmetics", "t")
    cache = built / ".cache" / "sns-proposals" / "diagrams"
    assert list((cache / "svg").iterdir()), "the build filled the on-disk cache"
    diagram.render_svg(dot, "kpi-lumiere-cosmetics", "t", cache)
    assert calls == []


def test_unknown_scope_slug_fails_a_strict_build(workspace, tmp_path):
    config = workspace / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "proposals_dir: proposals", "proposals_dir: proposals\n      scope: [nobody]"
        ),
        encoding="utf-8",
    )
    result = mkdocs("build", "--strict", "-d", str(tmp_path / "out"), cwd=workspace)
    assert result.returncode == 1
    assert "scope names 'nobody'" in result.stderr


def test_each_proposal_offers_its_deck_beside_its_pdf(built):
    for plan in PROPOSALS.glob("*.yaml"):
        folder = built / "site" / plan.stem
        index = html.unescape((folder / "index.html").read_text(encoding="utf-8"))
        for name in (f"{plan.stem}.pdf", f"{plan.stem}-deck.pdf", f"{plan.stem}-deck.pptx"):
            assert (folder / name).stat().st_size > 10_000, name
            assert f'href="{name}"' in index, name
