"""Every generated page passes the Nu HTML checker and axe-core (no serious or critical issues)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_browser import ARGS, CHROMIUM, server  # noqa: F401 - the fixture is shared

pytestmark = pytest.mark.browser

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def test_every_page_is_valid_html(built_shared):
    assert VNU.is_file(), "run `make test` (it installs the npm test tools)"
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "gnu",
            "--skip-non-html",
            str(built_shared / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[:4000]


def _pages(site: Path) -> list[str]:
    return sorted(
        str(p.relative_to(site).parent) + "/" if p.name == "index.html" else str(p.relative_to(site))
        for p in site.rglob("*.html")
        if "assets" not in p.parts
    )


def serious_violations(page, axe: str) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical findings on the open page, each with up to three nodes."""
    page.add_script_tag(content=axe)
    return page.evaluate(  # type: ignore[no-any-return]
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
    )


def test_every_page_passes_axe(built_shared, server):  # noqa: F811
    from playwright.sync_api import sync_playwright

    axe = AXE.read_text(encoding="utf-8")
    pages = [p.removeprefix("./") for p in _pages(built_shared / "site")]
    assert len(pages) >= 50
    failures = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for scheme in ("light", "dark"):
            page = browser.new_page(color_scheme=scheme)
            # Every page in light mode; the proposal overviews and KPI pages in dark mode too.
            for path in (
                pages if scheme == "light" else [x for x in pages if x.count("/") == 1 or x.endswith("kpi/")]
            ):
                page.goto(f"{server}/{path}")
                failures += [f"{scheme} {path}: {v}" for v in serious_violations(page, axe)]
            page.close()
        browser.close()
    assert failures == []


@pytest.mark.parametrize("page", ["lumiere-cosmetics/", "northfield-coffee/kpi/"])
def test_pages_have_one_h1_and_a_language(built_shared, page):
    html = (built_shared / "site" / page / "index.html").read_text(encoding="utf-8")
    assert html.count("<h1") == 1
    assert '<html lang="' in html


PAGE_TYPES = [
    "",
    "guide/",
    "en/guide/",
    "lumiere-cosmetics/",
    "lumiere-cosmetics/situation/",
    "lumiere-cosmetics/purpose/",
    "lumiere-cosmetics/persona/",
    "lumiere-cosmetics/kpi/",
    "lumiere-cosmetics/platforms/",
    "lumiere-cosmetics/content/",
    "lumiere-cosmetics/roadmap/",
    "lumiere-cosmetics/measurement/",
    "lumiere-cosmetics/progress/",
    "lumiere-cosmetics/changes/",
    "lumiere-cosmetics/team/",
    "lumiere-cosmetics/appendix/",
    "northfield-coffee/",
    "northfield-coffee/kpi/",
]
"""One page of each kind: the home, the guide in both languages, every page of a proposal
(its progress page and its What changed page included), and an English proposal."""


@pytest.fixture(scope="module")
def every_kind(every_level: Path) -> Path:
    return every_level / "site"


def test_every_page_type_passes_axe_in_both_schemes(every_kind):
    from playwright.sync_api import sync_playwright

    from tests.hosted import hosted

    axe = AXE.read_text(encoding="utf-8")
    failures = []
    with hosted(every_kind) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for scheme in ("light", "dark"):
            # axe is injected as a script of its own: the site's CSP would rightly refuse it.
            page = browser.new_page(color_scheme=scheme, bypass_csp=True)
            for path in PAGE_TYPES:
                response = page.goto(f"{url}/{path}")
                assert response is not None and response.ok, path
                failures += [f"{scheme} {path}: {v}" for v in serious_violations(page, axe)]
            page.close()
        browser.close()
    assert failures == []


def test_english_guide_pages_say_they_are_english(every_kind):
    assert '<html lang="en"' in (every_kind / "en" / "guide" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in (every_kind / "guide" / "index.html").read_text(encoding="utf-8")
