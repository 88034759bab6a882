"""Access levels: a client build holds one plan and nothing internal; public holds public plans only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.output.hosting import ROBOTS
from generator.output.secret import client_path
from tests.conftest import PROPOSALS, copy_workspace

SECRET = "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"
OTHER_SECRET = "Zr5t_Hq1Wc8Vy3Ke6Jd0-Px2Bn7Lm4Qs9Wa"

OTHERS_MARKERS = {
    "lumiere-cosmetics": ["ルミエール", "lumiere"],
    "mimosa-hair": ["ミモザ", "mimosa"],
    "northfield-coffee": ["Northfield", "northfield"],
    "brightline-solar": ["Brightline", "brightline"],
    "technobridge-recruiting": ["テクノブリッジ", "technobridge"],
    "shimanami-tourism": ["しまなみ", "shimanami"],
    "ledgerly-b2b": ["Ledgerly", "ledgerly"],
    "kurumi-ramen": ["胡桃", "kurumi"],
}


def build(workspace: Path, *args: str, secret: str | None = SECRET) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PROPOSALS_SECRET"}
    if secret is not None:
        env["PROPOSALS_SECRET"] = secret
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def all_text(folder: Path) -> dict[Path, str]:
    """Every file's text as a visitor or crawler could read it (PDFs through pdftotext)."""
    found = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            found[path] = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        elif path.suffix == ".pptx":  # a zip of XML parts: read every part
            with zipfile.ZipFile(path) as deck:
                found[path] = "\n".join(deck.read(n).decode("utf-8", "replace") for n in deck.namelist())
        elif path.suffix == ".gz":
            continue
        else:
            found[path] = path.read_bytes().decode("utf-8", "replace")
    return found


@pytest.fixture(scope="module")
def client_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("client") / "ws")
    # A finding the client must never see: two purposes.
    plan = root / "proposals" / "lumiere-cosmetics.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("purpose: sales", "purpose: [sales, branding]"))
    result = build(root, "--client", "lumiere-cosmetics")
    assert result.returncode == 0, result.stderr
    return root / "clients" / client_path(SECRET, "lumiere-cosmetics")


def test_client_site_holds_no_byte_of_another_plan(client_site):
    files = all_text(client_site)
    assert any(p.suffix == ".pdf" for p in files) and any(p.name == "search_index.json" for p in files)
    for path, text in files.items():
        for slug, markers in OTHERS_MARKERS.items():
            if slug == "lumiere-cosmetics":
                continue
            for marker in markers:
                assert marker not in text, (path.relative_to(client_site), marker)


def test_client_site_has_no_internal_notes_or_findings(client_site):
    for path, text in all_text(client_site).items():
        assert "懐疑的" not in text, path
        assert "multiple-purposes" not in text and "multiple&#45;purposes" not in text, path
        assert "社内メモ" not in text, path


def test_client_site_asks_not_to_be_indexed(client_site):
    pages = list(client_site.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        assert '<meta name="robots" content="noindex, nofollow">' in page.read_text(encoding="utf-8"), page
    # Crawlers read robots.txt at the top of the host: the top of clients/ has it.
    assert (client_site.parent / "robots.txt").read_text() == ROBOTS
    # Its sitemap (which Material's instant navigation reads) lies inside the secret folder only.
    assert not (client_site.parent / "sitemap.xml").exists()


def test_secret_path_needs_the_secret_and_follows_it(workspace):
    refused = build(workspace, "--client", "mimosa-hair", secret=None)
    assert refused.returncode == 1
    assert "PROPOSALS_SECRET" in refused.stderr
    assert not (workspace / "clients").exists()
    first, second = client_path(SECRET, "mimosa-hair"), client_path(OTHER_SECRET, "mimosa-hair")
    assert first != second and first != client_path(SECRET, "lumiere-cosmetics")
    assert len(first) >= 20 and re.fullmatch(r"[A-Za-z0-9_-]+", first)
    result = build(workspace, "--client", "mimosa-hair", secret=SECRET)
    assert result.returncode == 0, result.stderr
    assert f"{first}/" in result.stdout
    assert (workspace / "clients" / first / "index.html").is_file()
    # Another client's build leaves this one in place.
    assert build(workspace, "--client", "northfield-coffee", secret=SECRET).returncode == 0
    assert (workspace / "clients" / first / "index.html").is_file()


def test_expired_plan_builds_as_a_notice(workspace):
    plan = workspace / "proposals" / "mimosa-hair.yaml"
    data = plan.read_text(encoding="utf-8").replace(
        "access: client\n", "access: client\nexpires: 2020-01-01\n"
    )
    plan.write_text(data, encoding="utf-8")
    assert build(workspace, "--client", "mimosa-hair").returncode == 0
    site = workspace / "clients" / client_path(SECRET, "mimosa-hair")
    text = "".join(t for p, t in all_text(site).items() if "assets" not in p.relative_to(site).parts)
    assert "公開期限は終了しました" in text
    assert "来店予約数" not in text and "450" not in text
    assert not list(site.glob("*.pdf"))


def test_public_build_holds_only_public_plans(workspace):
    result = build(workspace, "--public")
    assert result.returncode == 0, result.stderr
    public = [p.stem for p in PROPOSALS.glob("*.yaml") if yaml.safe_load(p.read_text())["access"] == "public"]
    assert public == ["shimanami-tourism"]
    site = workspace / "public"
    assert (site / "shimanami-tourism" / "index.html").is_file()
    assert (site / "guide" / "index.html").is_file()
    for path, text in all_text(site).items():
        for slug, markers in OTHERS_MARKERS.items():
            if slug in public:
                continue
            for marker in markers:
                assert marker not in text, (path.relative_to(site), marker)


TEAM_AND_FEES = """
team:
  - {role: 運用担当, name: 公開禁止タロウ, allocation: 100%}
budget:
  currency: JPY
  tax: excluded
  items:
    - {item: 秘密の運用代行費, monthly: 987654}
"""


def test_team_and_fees_stay_out_of_public_builds_and_in_client_builds(workspace):
    plan = workspace / "proposals" / "shimanami-tourism.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + TEAM_AND_FEES, encoding="utf-8")
    assert build(workspace, "--public").returncode == 0
    markers = ("公開禁止タロウ", "秘密の運用代行費", "987,654", "987654", "体制と費用")
    for path, text in all_text(workspace / "public").items():
        for marker in markers:
            assert marker not in text, (path.relative_to(workspace), marker)
    # the same plan's client site shows both, on the page and in the PDF
    assert build(workspace, "--client", "shimanami-tourism").returncode == 0
    site = workspace / "clients" / client_path(SECRET, "shimanami-tourism")
    texts = all_text(site)
    page = texts[site / "team" / "index.html"]
    assert "公開禁止タロウ" in page and "987,654円" in page
    assert "987,654円" in texts[site / "shimanami-tourism.pdf"]
    assert (
        "987,654円" in texts[site / "shimanami-tourism-deck.pdf"]
        and "987,654円" in texts[site / "shimanami-tourism-deck.pptx"]
    )
