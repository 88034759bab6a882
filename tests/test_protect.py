"""Protected client sites: nothing of the plan readable without the password, everything
usable with it (pages, search, downloads) in Chromium under the CSP the build wrote."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.output.protect import MIN_PASSWORD_BITS, Sealer, new_password
from generator.output.secret import client_path, guess_bits
from tests.conftest import run_proposals, workspace_with
from tests.hosted import free_port, hosted, search

SECRET = "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"
PORT = free_port()
PASSWORD = "tq7vm-8hxkc-n3wzp-r5fdy-2gbja"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MARKERS = [
    "らーめん胡桃",
    "胡桃",
    "kurumi",
    "整理券",
    "2,400",
    "ミナトデジタル",
    "中村 翔",
    "544,000",
    "福岡",
]


def proposals(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """A run with the build secret, and without a client password unless the test gives one."""
    given: dict[str, str | None] = {"PROPOSALS_SECRET": SECRET, "PROPOSALS_CLIENT_PASSWORD": None, **env}
    return run_proposals(*args, cwd=root, timeout=600, env=given)


@pytest.fixture(scope="module")
def protected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = workspace_with(tmp_path_factory.mktemp("protect") / "ws", ("kurumi-ramen",))
    # Instant navigation on, and the address the site will be served at (Material follows the
    # sitemap's host, port and path).
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  features:\n", "  features:\n    - navigation.instant\n", 1
    )
    config.write_text(f"site_url: http://127.0.0.1:{PORT}/\n" + text, encoding="utf-8")
    assert proposals(root, "send", "kurumi-ramen").returncode == 0  # a sent version rides along
    (root / "pw.txt").write_text(PASSWORD + "\n", encoding="utf-8")
    result = proposals(root, "build", "--client", "kurumi-ramen", "--password-file", "pw.txt")
    assert result.returncode == 0, result.stderr
    # The same site without a password, to compare what the browser decrypts with.
    plain = proposals(root, "build", "--client", "kurumi-ramen", "--out", "plain")
    assert plain.returncode == 0, plain.stderr
    return root / "clients"


def site_of(clients: Path) -> Path:
    return clients / client_path(SECRET, "kurumi-ramen")


def test_no_byte_of_the_plan_is_readable_without_the_password(protected):
    site = site_of(protected)
    assert (site / "_sealed").is_dir() and any((site / "_sealed").iterdir())
    for path in protected.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".html":
            # A lock page names who the site is from and for (issue 40), and nothing else.
            data = re.sub(rb'<header class="protect__brand">.*?</header>', b"", data, flags=re.S)
        for marker in MARKERS:
            assert marker.encode("utf-8") not in data, (path.relative_to(protected), marker)
        assert not data.startswith(b"%PDF") and not data.startswith(b"PK\x03\x04"), path
    assert not list(protected.rglob("*.pdf")) and not list(protected.rglob("*.pptx"))
    lock = (site / "kpi" / "index.html").read_text(encoding="utf-8")
    (brand,) = re.findall(r'<header class="protect__brand">(.*?)</header>', lock, re.S)
    assert "らーめん胡桃" in brand and 'src="../assets/brand/logo.svg"' in brand


def test_the_files_open_with_the_password_and_not_without(protected):
    site = site_of(protected)
    page = (site / "kpi" / "index.html").read_text(encoding="utf-8")
    envelope = json.loads(re.search(r'id="proposals-sealed">([^<]*)<', page)[1])
    assert envelope["iterations"] >= 600_000
    salt = base64.b64decode(envelope["salt"])
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    def key(password: str) -> bytes:
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=envelope["iterations"])
        return kdf.derive(password.encode())

    right = Sealer(key(PASSWORD), salt)
    html = right.open(base64.b64decode(envelope["data"]), "kpi/index.html").decode("utf-8")
    assert "整理券" in html and envelope["path"] == "kpi/index.html"
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        Sealer(key(PASSWORD + "x"), salt).open(base64.b64decode(envelope["data"]), "kpi/index.html")
    manifest = json.loads(
        right.open((site / "_protect" / "manifest.bin").read_bytes(), "_protect/manifest.bin")
    )
    assert "kurumi-ramen.pdf" in manifest and "kurumi-ramen-deck.pptx" in manifest
    pdf = right.open((site / "_sealed" / manifest["kurumi-ramen.pdf"]).read_bytes(), "kurumi-ramen.pdf")
    assert pdf.startswith(b"%PDF")
    index = (site / "search" / "search_index.json").read_bytes()
    assert right.open(index, "search/search_index.json").startswith(b"{")
    # Each file opens only as itself: the fees page's ciphertext is not the persona page's,
    # and a sent version's page is not the live one.
    team = json.loads(
        re.search(r'id="proposals-sealed">([^<]*)<', (site / "team" / "index.html").read_text("utf-8"))[1]
    )
    with pytest.raises(InvalidTag):
        right.open(base64.b64decode(team["data"]), "persona/index.html")
    old = json.loads(
        re.search(r'id="proposals-sealed">([^<]*)<', (site / "v1" / "index.html").read_text("utf-8"))[1]
    )
    assert old["path"] == "v1/index.html"
    with pytest.raises(InvalidTag):
        right.open(base64.b64decode(old["data"]), "index.html")
    # Another build of the same site, under the same password, is another key's work.
    with pytest.raises(InvalidTag):
        Sealer(right.key, b"0" * 16).open(base64.b64decode(envelope["data"]), "kpi/index.html")
    # Every nonce differs: no two files share one under the site's key.
    nonces = [p.read_bytes()[8:20] for p in (site / "_sealed").iterdir()]
    assert len(set(nonces)) == len(nonces)


@pytest.mark.parametrize(
    "weak",
    [
        "ramen2027",
        "correct horse battery staple",
        "Correct-Horse-Battery-Staple",
        "the quick brown fox jumps over the lazy dog",
        "purple monkey dishwasher lamp",
        "iloveyou-iloveyou-iloveyou",
    ],
)
def test_a_weak_or_famous_password_is_refused_in_one_line(tmp_path, weak):
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    result = proposals(root, "build", "--client", "kurumi-ramen", PROPOSALS_CLIENT_PASSWORD=weak)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "PROPOSALS_CLIENT_PASSWORD" in result.stderr and "proposals password" in result.stderr
    assert not (root / "clients").exists()
    assert not any(p.name.endswith(".lock") for p in root.iterdir())


def test_strong_passphrases_still_pass():
    for strong in ("minato digital kurumi ramen 2027 spring campaign", "tq7vm-8hxkc-n3wzp-r5fdy-2gbja"):
        assert guess_bits(strong) >= MIN_PASSWORD_BITS, strong


def test_made_passwords_are_strong_and_differ(tmp_path):
    made = {proposals(tmp_path, "password").stdout.strip() for _ in range(3)}
    assert len(made) == 3 and all(guess_bits(p) >= MIN_PASSWORD_BITS for p in made)
    assert guess_bits(new_password()) >= MIN_PASSWORD_BITS


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is installed by make test")
@pytest.mark.browser
def test_chromium_opens_it_with_the_password_under_the_csp(protected, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.test_browser import ARGS

    secret = client_path(SECRET, "kurumi-ramen")
    with hosted(protected, PORT) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(locale="ja-JP", accept_downloads=True)
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{url}/{secret}/kpi/")
        page.wait_for_selector("#proposals-password")
        assert "整理券" not in page.content()
        page.fill("#proposals-password", "wrong-password-here")
        page.click("button[type=submit]")
        page.wait_for_selector("#proposals-message:has-text('違います')", timeout=30000)
        page.fill("#proposals-password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("article.md-content__inner", timeout=30000)
        assert "整理券" in page.inner_text("article")
        # Instant navigation: the next pages are fetched, decrypted on the way and swapped in,
        # the document never reloads (a mark set on the window survives).
        page.wait_for_load_state("networkidle")
        page.evaluate("() => { window.__stayed = true }")
        for part in ("persona", "content"):
            page.locator(f".md-sidebar--primary a.md-nav__link[href*='{part}']").first.click()
            page.wait_for_url(f"**/{part}/")
            page.wait_for_selector(
                f"article.md-content__inner h1:has-text('{'ペルソナ' if part == 'persona' else 'コンテンツ'}')"
            )
        assert page.evaluate("() => window.__stayed === true")
        # Another page opens without asking again (remembered for this tab only).
        page.goto(f"{url}/{secret}/team/")
        page.wait_for_selector("article.md-content__inner", timeout=30000)
        assert "中村" in page.inner_text("article")
        stored = page.evaluate("Object.keys(sessionStorage)")
        assert any(k.startswith("proposals-key:") for k in stored) and "key" not in page.url
        # Search works after unlock.
        page.click("label.md-search__icon, .md-search__input", timeout=5000) if False else None
        search(page, "整理券")
        # The PDF downloads as the real file.
        page.goto(f"{url}/{secret}/")
        page.wait_for_selector("article.md-content__inner", timeout=30000)
        link = page.locator("a[href$='kurumi-ramen.pdf']").first
        with page.expect_download() as info:
            link.click()
        saved = tmp_path / "saved.pdf"
        info.value.save_as(saved)
        assert info.value.suggested_filename == "kurumi-ramen.pdf"
        # Byte for byte the PDF of the same site built without a password.
        assert saved.read_bytes() == (protected.parent / "plain" / secret / "kurumi-ramen.pdf").read_bytes()
        browser.close()
    refused = [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert refused == [], refused


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is installed by make test")
@pytest.mark.browser
def test_chromium_opens_nothing_out_of_place_and_no_plain_text(protected, tmp_path):
    """A host that moves ciphertext between pages, or serves a plain search index, shows
    nothing: each page opens only at its own address, and once the site is open only
    ciphertext of this build passes the request hook."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import ARGS

    copy = tmp_path / "clients"
    shutil.copytree(protected, copy)
    secret = client_path(SECRET, "kurumi-ramen")
    site = copy / secret
    # The fees page's envelope where the persona page belongs; the plain index where the
    # sealed one belongs; the first sent version's home where the live home belongs.
    shutil.copy(site / "team" / "index.html", site / "persona" / "index.html")
    shutil.copy(
        protected.parent / "plain" / secret / "search" / "search_index.json",
        site / "search" / "search_index.json",
    )
    shutil.copy(site / "v1" / "index.html", site / "purpose" / "index.html")
    with hosted(copy, PORT) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_context(locale="ja-JP").new_page()
        page.goto(f"{url}/{secret}/persona/")
        page.wait_for_selector("#proposals-message:has-text('このアドレス')")
        assert page.locator("#proposals-password").is_hidden()
        assert "中村" not in page.content()
        page.goto(f"{url}/{secret}/kpi/")
        page.wait_for_selector("#proposals-password")
        page.fill("#proposals-password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("article.md-content__inner", timeout=30000)
        page.wait_for_load_state("networkidle")
        # Instant navigation to the page whose content was swapped: refused on the way, then
        # the page loads whole and says it is out of place.
        page.locator(".md-sidebar--primary a.md-nav__link[href*='persona']").first.click()
        page.wait_for_url("**/persona/")
        page.wait_for_selector("#proposals-message:has-text('このアドレス')", timeout=30000)
        assert "中村" not in page.inner_text("body")
        page.goto(f"{url}/{secret}/purpose/")
        page.wait_for_selector("#proposals-message:has-text('このアドレス')", timeout=30000)
        # The plain search index is never read: search finds nothing.
        page.goto(f"{url}/{secret}/kpi/")
        page.wait_for_selector("article.md-content__inner", timeout=30000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(3000)
        page.locator(".md-search__input").first.fill("整理券")
        page.wait_for_timeout(5000)
        assert page.locator(".md-search-result__item").count() == 0
        browser.close()
