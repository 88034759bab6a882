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
def server(built: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built / "site"))
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
