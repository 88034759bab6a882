"""Host configuration beside every build: the same headers for every host, noindex on every
file of client and internal builds, and a Content-Security-Policy the pages satisfy."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.conftest import run_proposals, workspace_with
from tests.hosted import hosted, matches, read_rules, search

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = workspace_with(
        tmp_path_factory.mktemp("hosting") / "ws", ("lumiere-cosmetics", "shimanami-tourism"), pdf=False
    )
    for args in (("build",), ("build", "--public")):
        result = run_proposals(*args, cwd=root, timeout=600)
        assert result.returncode == 0, result.stderr
    return root


def headers_for(folder: Path, path: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for pattern, pairs in read_rules(folder):
        if matches(pattern, path):
            found.update(pairs)
    return found


def test_every_host_gets_the_same_headers(sites):
    site = sites / "site"
    rules = headers_for(site, "/lumiere-cosmetics/lumiere-cosmetics.pdf")
    assert rules["X-Robots-Tag"] == "noindex, nofollow" and rules["Referrer-Policy"] == "no-referrer"
    netlify = tomllib.loads((site / "netlify.toml").read_text(encoding="utf-8"))
    everywhere = next(h for h in netlify["headers"] if h["for"] == "/*")["values"]
    assert everywhere["X-Robots-Tag"] == "noindex, nofollow"
    assert everywhere["Content-Security-Policy"] == rules["Content-Security-Policy"]
    vercel = json.loads((site / "vercel.json").read_text(encoding="utf-8"))
    first = {h["key"]: h["value"] for h in vercel["headers"][0]["headers"]}
    assert vercel["headers"][0]["source"] == "/(.*)" and first["X-Robots-Tag"] == "noindex, nofollow"
    firebase = json.loads((site / "firebase.json").read_text(encoding="utf-8"))["hosting"]
    assert {h["key"] for h in firebase["headers"][0]["headers"]} >= {
        "X-Robots-Tag",
        "Content-Security-Policy",
    }
    cached = headers_for(site, "/assets/javascripts/bundle.a5f9d56c.min.js")
    assert "immutable" in cached["Cache-Control"]
    # A public build asks for no noindex.
    assert "X-Robots-Tag" not in headers_for(sites / "public", "/index.html")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is installed by make test")
@pytest.mark.browser
def test_the_pages_satisfy_their_csp_in_chromium(sites):
    from playwright.sync_api import sync_playwright

    from tests.test_browser import ARGS

    violations: list[str] = []
    with hosted(sites / "site") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        page.on("console", lambda m: violations.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: violations.append(str(e)))
        for path in (
            "/",
            "/lumiere-cosmetics/",
            "/lumiere-cosmetics/kpi/",
            "/lumiere-cosmetics/platforms/",
            "/guide/",
        ):
            response = page.goto(url + path)
            assert response is not None and response.ok, path
            assert "content-security-policy" in response.headers  # the host applied the build's headers
            page.wait_for_load_state("networkidle")
        # Search runs its worker and reads the index under the policy too.
        page.goto(url + "/lumiere-cosmetics/")
        search(page, "KPI")
        browser.close()
    assert violations == [], violations
