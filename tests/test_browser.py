"""The built site in Debian's Chromium, driven by Playwright (no browser download)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import PROPOSALS

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_shared: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built_shared / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page, problems
    context.close()


def test_platform_tabs_switch(server, page):
    page, problems = page
    page.goto(f"{server}/lumiere-cosmetics/platforms/")
    tiktok_label = page.locator(".tabbed-labels label", has_text="TikTok")
    tiktok_label.click()
    active = page.locator(".tabbed-block").nth(1)
    assert active.is_visible()
    assert "1,400,000" in active.inner_text()
    assert not page.locator(".tabbed-block").nth(0).is_visible()
    assert problems == []


def test_japanese_search_finds_the_page(server, page):
    page, problems = page
    page.goto(f"{server}/lumiere-cosmetics/")
    page.wait_for_load_state("networkidle")
    search = page.locator(".md-search__input")
    results = page.locator(".md-search-result__item")
    # Material reads the query on keyup; fill() alone types no key, so End supplies one.
    # The index loads in a web worker; a query typed before it is ready is simply typed again.
    for _ in range(4):
        search.click()
        search.fill("保存数")
        search.press("End")
        try:
            results.first.wait_for(timeout=5_000)
            break
        except Exception:
            continue
    hrefs = [a.get_attribute("href") or "" for a in page.locator(".md-search-result__link").all()]
    assert any("platforms" in h for h in hrefs), hrefs
    assert problems == []


def test_diagram_is_inline_and_themeable(server, page):
    page, problems = page
    page.goto(f"{server}/mimosa-hair/kpi/")
    svg = page.locator("figure.proposal-diagram svg.kpi-tree-diagram")
    assert svg.count() == 1
    assert page.locator("figure.proposal-diagram g.node.computed").count() >= 3
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('g.node.kpi.given polygon:not([fill=\"none\"])')).fill"
    )
    assert fill == "rgb(30, 41, 59)"
    assert problems == []


def test_home_cards_link_to_each_proposal(server, page):
    page, problems = page
    page.goto(f"{server}/")
    cards = page.locator("a.proposal-card")
    assert cards.count() == len(list(PROPOSALS.glob("*.yaml")))
    cards.filter(has_text="Northfield").click()
    page.wait_for_url("**/northfield-coffee/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert problems == []


TREE_TEXT = """() => {
  let smallest = Infinity;
  for (const t of document.querySelectorAll('svg.kpi-tree-diagram text')) {
    if (!t.textContent.trim()) continue;
    const size = parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize);
    const m = t.getScreenCTM();
    smallest = Math.min(smallest, size * Math.hypot(m.a, m.b));
  }
  return smallest;
}"""


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The workspace with its actuals built (progress pages and their trees), served."""
    from tests.conftest import WORKSPACE_PARTS, copy_workspace, run_proposals

    root = copy_workspace(tmp_path_factory.mktemp("measured") / "ws", (*WORKSPACE_PARTS, "actuals"))
    result = run_proposals("build", cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root / "site"
    httpd.shutdown()
    httpd.server_close()


def test_no_page_scrolls_sideways_on_a_phone(measured, browser):
    """Every page at 390 px: wide tables and the tree scroll inside themselves, never the page."""
    server, site = measured
    context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
    page = context.new_page()
    wide = []
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 40 and any(p.endswith("/progress") for p in pages)
    for path in pages:
        page.goto(f"{server}/{'' if path == '.' else path + '/'}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 391:
            wide.append(f"{path}: {width}px")
    context.close()
    assert wide == []


def test_the_tree_is_read_at_twelve_pixels_or_more(measured, browser):
    """The tree, and the progress page's tree, at 1280 px and on a phone: the smallest words
    (a platform tag, 逆算) never drawn under 12 px — the tree is never shrunk into the column."""
    server, site = measured
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    paths = [f"{p.stem}/kpi/" for p in sorted(PROPOSALS.glob("*.yaml"))]
    paths += [f"{p.parent.parent.name}/progress/" for p in site.glob("*/progress/index.html")]
    assert len(paths) >= len(list(PROPOSALS.glob("*.yaml"))) + 2
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(f"{server}/{path}")
            smallest = page.evaluate(TREE_TEXT)
            assert 11.9 <= smallest < 100, (path, width, smallest)
    # At 1280 the tree's page lends it the table of contents' width.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/lumiere-cosmetics/kpi/")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--secondary')).display") == "none"
    )
    assert page.evaluate("document.querySelector('figure.proposal-diagram--tree').clientWidth") > 850
    context.close()
