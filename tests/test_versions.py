"""Versions a client can trust: send freezes, hashes and explains; nothing sent changes;
the approved version drives progress; held reports wait for release."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from generator.output.secret import client_path
from generator.plans.load import parse_plan
from generator.versions.canonical import plan_sha256
from tests.conftest import edit_file, run_proposals, workspace_with
from tests.test_progress import FEBRUARY, HANDMADE

SECRET = "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"


def proposals(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PROPOSALS_SECRET": SECRET, "PROPOSALS_SENDER": "Tester"}
    return run_proposals(*args, cwd=root, timeout=600, env=env)


def ok(root: Path, *args: str) -> str:
    result = proposals(root, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


edit = edit_file


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """kurumi sent three times: v1 as it is; v2 with a higher KGI and higher fees; v3 with a
    platform dropped from its KPIs, a pillar's share moved and a wording edit."""
    root = workspace_with(tmp_path_factory.mktemp("versions") / "ws", ("kurumi-ramen",), pdf=False)
    plan = root / "proposals" / "kurumi-ramen.yaml"
    ok(root, "send", "kurumi-ramen", "--note", "初回のご提案")
    edit(plan, "  target: 2400\n", "  target: 2600\n")
    edit(
        plan,
        "{metric: line_message_clicks, platform: line, target: 4500}",
        "{metric: line_message_clicks, platform: line, target: 5500}",
    )
    edit(plan, "{item: 運用代行費(3媒体), monthly: 280000}", "{item: 運用代行費(3媒体), monthly: 300000}")
    ok(root, "send", "kurumi-ramen", "--note", "KGIを見直し")
    edit(plan, "{name: 一杯の魅力, share: 35%", "{name: 一杯の魅力, share: 40%")
    edit(plan, "{name: 店舗とスタッフ, share: 20%", "{name: 店舗とスタッフ, share: 15%")
    edit(plan, "スープを炊く朝6時の厨房", "スープを炊く朝5時の厨房")
    ok(root, "send", "kurumi-ramen", "--note", "コンテンツ配分")
    return root


def test_each_send_writes_a_hashed_version(three):
    folder = three / "versions" / "kurumi-ramen"
    assert sorted(p.name for p in folder.iterdir()) == ["v1", "v2", "v3"]
    record = json.loads((folder / "v2" / "version.json").read_text(encoding="utf-8"))
    assert {"number", "date", "by", "note", "plan_sha256", "files"} <= set(record)
    assert record["number"] == 2 and record["by"] == "Tester" and record["note"] == "KGIを見直し"
    sent = (folder / "v2" / "plan.yaml").read_text(encoding="utf-8")
    assert record["plan_sha256"] == plan_sha256(parse_plan(sent, "kurumi-ramen").plan)
    for name, digest in record["files"].items():
        assert hashlib.sha256((folder / "v2" / name).read_bytes()).hexdigest() == digest
    assert {"plan.yaml", "kurumi-ramen.pdf", "kurumi-ramen-deck.pdf", "kurumi-ramen-deck.pptx"} <= set(
        record["files"]
    )
    assert "site/index.html" in record["files"]


def test_the_diff_says_what_changed_in_the_plans_terms(three):
    text = ok(three, "diff", "kurumi-ramen", "v1", "v2")
    assert "KGI: 月2,400件(2027年12月まで) → 月2,600件(2027年12月まで)" in text
    assert "費用 月額: 600,000円 → 620,000円" in text
    later = json.loads(ok(three, "diff", "kurumi-ramen", "v2", "v3", "--format", "json"))
    assert (later["from"], later["to"]) == ("v2", "v3")
    pillars = {c["item"]: (c["before"], c["after"]) for c in later["changes"] if c["section"] == "content"}
    assert pillars["柱 一杯の魅力"][0].startswith("35%") and pillars["柱 一杯の魅力"][1].startswith("40%")
    # The example's wording edit is one line for its page, not a line per word.
    wording = [c for c in later["changes"] if c["section"] == "wording"]
    assert [c["item"] for c in wording] == ["コンテンツ方針"]
    assert "Nothing" not in ok(three, "diff", "kurumi-ramen", "v1")


def test_the_pdf_footer_the_deck_and_the_page_name_the_version(three):
    folder = three / "versions" / "kurumi-ramen" / "v3"
    digest = json.loads((folder / "version.json").read_text(encoding="utf-8"))["plan_sha256"][:12]
    line = f"v3(計画ハッシュ {digest})"
    pages = pdf_text(folder / "kurumi-ramen.pdf").split("\f")
    assert sum(line in page for page in pages) >= len(pages) - 2  # every page but the cover's footer
    from pptx import Presentation

    deck = Presentation(str(folder / "kurumi-ramen-deck.pptx"))
    last = [shape.text_frame.text for shape in deck.slides[-1].shapes if shape.has_text_frame]
    assert any(line in text for text in last)
    import html

    assert line in html.unescape((folder / "site" / "index.html").read_text(encoding="utf-8"))


def test_the_client_site_carries_every_version_and_what_changed(three):
    ok(three, "build", "--client", "kurumi-ramen")
    site = three / "clients" / client_path(SECRET, "kurumi-ramen")
    assert json.loads((site / "versions.json").read_text(encoding="utf-8"))[0] == {
        "version": "v3",
        "title": "v3(2026-12-05)".replace(
            "2026-12-05",
            json.loads(
                (three / "versions" / "kurumi-ramen" / "v3" / "version.json").read_text(encoding="utf-8")
            )["date"],
        ),
        "aliases": ["latest"],
    }
    for name in ("v1", "v2", "v3"):
        assert (site / name / "index.html").is_file()
    changes = (site / "changes" / "index.html").read_text(encoding="utf-8")
    # The live pages lead to every version sent, as it was sent.
    for name in ("v1", "v2", "v3"):
        assert f'href="../{name}/"' in changes
    inside = site / "v3" / "changes" / "index.html"
    if inside.is_file():  # from inside a sent version, the versions are its siblings
        assert 'href="../../v1/"' in inside.read_text(encoding="utf-8")
    import html

    words = html.unescape(changes)
    assert "月2,400件(2027年12月まで) → 月2,600件(2027年12月まで)" in words
    assert "コンテンツ配分" in words and "最初にお送りした版です。" in words


def test_nothing_sent_changes_after_edits_and_builds(three):
    folder = three / "versions" / "kurumi-ramen"
    before = digests(folder)
    plan = three / "proposals" / "kurumi-ramen.yaml"
    edit(plan, "  target: 2600\n", "  target: 2800\n")
    edit(
        plan,
        "{metric: line_message_clicks, platform: line, target: 5500}",
        "{metric: line_message_clicks, platform: line, target: 6500}",
    )
    ok(three, "build")
    ok(three, "build", "--client", "kurumi-ramen")
    ok(three, "pdf", "kurumi-ramen")
    assert digests(folder) == before
    # The same plan cannot be sent twice; a changed file is caught by the next build.
    ok(three, "send", "kurumi-ramen")
    again = proposals(three, "send", "kurumi-ramen")
    assert again.returncode == 2 and "v4 を送付してから計画が変わっていません" in again.stderr
    pdf = folder / "v2" / "kurumi-ramen.pdf"
    sent = pdf.read_bytes()
    pdf.write_bytes(sent + b"%")
    refused = proposals(three, "build", "--client", "kurumi-ramen")
    pdf.write_bytes(sent)  # as sent again, for the tests that share the workspace
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "v2" in refused.stderr and "変更" in refused.stderr  # in the plan's language


def test_a_plan_with_an_error_is_not_sent(tmp_path):
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    edit(root / "proposals" / "kurumi-ramen.yaml", "  per: month\n  baseline: 900\n", "  baseline: 900\n")
    result = proposals(root, "send", "kurumi-ramen")
    assert result.returncode == 2 and "kgi-period-missing" in result.stderr
    assert not (root / "versions").exists()


def test_the_plans_hash_ignores_how_the_file_is_written():
    a = parse_plan(HANDMADE, "handmade").plan
    shuffled = "# a comment\n" + HANDMADE.replace(
        "language: en\naccess: client\n", "access: 'client'\nlanguage: en\n"
    )
    assert plan_sha256(parse_plan(shuffled, "handmade").plan) == plan_sha256(a)
    changed = HANDMADE.replace("target: 100,", "target: 120,")
    assert plan_sha256(parse_plan(changed, "handmade").plan) != plan_sha256(a)


@pytest.fixture
def bakery(tmp_path: Path) -> Path:
    root = workspace_with(tmp_path / "ws", (), pdf=True)
    (root / "proposals" / "handmade.yaml").write_text(HANDMADE, encoding="utf-8")
    folder = root / "actuals" / "handmade"
    folder.mkdir(parents=True)
    (folder / "february.csv").write_text(FEBRUARY, encoding="utf-8")
    return root


def test_progress_follows_the_approved_version_not_a_later_draft(bakery):
    ok(bakery, "send", "handmade")
    ok(bakery, "approve", "handmade", "v1", "--by", "Ms Baker")
    approvals = json.loads((bakery / "versions" / "handmade" / "approvals.json").read_text(encoding="utf-8"))
    assert approvals["approvals"][0]["version"] == 1 and approvals["approvals"][0]["by"] == "Ms Baker"
    # A later draft doubles the goal; February's target stays the approved 60, not 120.
    edit(bakery / "proposals" / "handmade.yaml", "target: 100, per: month", "target: 180, per: month")
    found = json.loads(ok(bakery, "actuals", "--format", "json", "handmade"))["actuals"][0]
    assert found["kgi"]["target"] == pytest.approx(60)
    home = ok(bakery, "build")
    assert "built" in home
    page = (bakery / "site" / "index.html").read_text(encoding="utf-8")
    assert "承認済み" in page and "送付後に変更あり" in page  # the agency home speaks Japanese here
    # The progress page says whose targets and period it measures against, and why edits wait.
    progress = (bakery / "site" / "handmade" / "progress" / "index.html").read_text(encoding="utf-8")
    assert "Targets are those of v1 as approved" in progress and "edited since" in progress


def test_a_held_report_reaches_the_client_only_when_released(bakery):
    ok(bakery, "report", "handmade", "--month", "2027-02", "--hold")
    ok(bakery, "build", "--client", "handmade")
    site = bakery / "clients" / client_path(SECRET, "handmade")
    assert not (site / "handmade-report-2027-02.pdf").exists()
    assert "report-2027-02" not in (site / "progress" / "index.html").read_text(encoding="utf-8")
    ok(bakery, "build")
    assert (bakery / "site" / "handmade" / "handmade-report-2027-02.pdf").is_file()
    ok(bakery, "release", "handmade", "2027-02")
    ok(bakery, "build", "--client", "handmade")
    assert (site / "handmade-report-2027-02.pdf").is_file()
    # The progress page's button leads to the report that is there.
    page = (site / "progress" / "index.html").read_text(encoding="utf-8")
    assert 'href="../handmade-report-2027-02.pdf"' in page
    assert proposals(bakery, "release", "handmade", "2027-02").returncode == 1


@pytest.mark.browser
def test_the_version_selector_is_named_by_what_it_shows(three):
    """axe's label-content-name-mismatch (an experimental rule, so run by name): Material's
    version button said "select version" while it showed 「v3(…)」."""
    import shutil

    from playwright.sync_api import sync_playwright

    from tests.hosted import hosted, search
    from tests.test_quality import AXE

    ok(three, "build", "--client", "kurumi-ramen")
    share = client_path(SECRET, "kurumi-ramen")
    served = three / "clients"
    axe = AXE.read_text(encoding="utf-8")
    # Serious and critical findings, and the experimental label rule named explicitly.
    run = (
        "async () => { const r = await axe.run(document, {resultTypes: ['violations'], rules: "
        "{'label-content-name-mismatch': {enabled: true}}}); return r.violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact) || v.id === 'label-content-name-mismatch')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')); }"
    )
    failures = []
    with hosted(served) as url, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-dev-shm-usage"],
            headless=True,
        )
        page = browser.new_page(bypass_csp=True)

        def check(where: str) -> None:
            # Both schemes on the same page, switched as Material's palette toggle switches them.
            for scheme in ("default", "slate"):
                page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
                page.wait_for_timeout(300)
                page.add_script_tag(content=axe)
                failures.extend(f"{scheme} {where}: {v}" for v in page.evaluate(run))

        for path in ("v2/", "v1/changes/", ""):
            response = page.goto(f"{url}/{share.strip('/')}/{path}")
            assert response is not None and response.ok, path
            if path:
                page.wait_for_selector(".md-version__current", timeout=15000)
                assert "v" in page.inner_text(".md-version__current")
            check(path or "live")
        # The search dialog open with its results, once they have faded in.
        search(page, "KPI")
        page.wait_for_timeout(1500)
        check("search")
        browser.close()
    assert failures == [], "\n".join(failures)
