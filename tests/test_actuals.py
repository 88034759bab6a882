"""Actuals, first part: the reading rules, the manual format, the month-by-month comparison
with the plan (targets, statuses, values worked out through the tree) and the findings —
numbers checked against a hand calculation."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.actuals.cells import CellError, number
from tests.conftest import copy_workspace, run_proposals


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,234", 1234.0),
        ("1.2K", 1200.0),
        ("1.2万", 12000.0),
        ("12%", 0.12),
        ("3億", 3e8),
        ("0.5", 0.5),
        ("-", None),
        ("undefined", None),
        ("", None),
        (" 2,500 ", 2500.0),
    ],
)
def test_cells_read_as_exports_write_them(cell, value):
    assert number(cell) == pytest.approx(value) if value is not None else number(cell) is None


@pytest.mark.parametrize("cell", ["-5", '=HYPERLINK("x")', "+cmd", "@SUM(A1)", "12 apples"])
def test_a_cell_that_is_no_number_is_an_error_not_a_zero(cell):
    with pytest.raises(CellError):
        number(cell)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return copy_workspace(tmp_path / "ws")


def actuals(root: Path, *slugs: str) -> dict:
    result = run_proposals("actuals", "--format", "json", *slugs, cwd=root)
    assert result.returncode == 0, result.stderr
    return {a["slug"]: a for a in json.loads(result.stdout)["actuals"]}


def write(root: Path, slug: str, name: str, data: bytes) -> Path:
    folder = root / "actuals" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


LUMIERE = """month,metric,value,platform
2027-01,sns_sessions,3800,instagram
2027-01,sns_sessions,700,tiktok
2027-01,Instagram広告経由の流入数,300,
2027-01,ec_cvr,0.9%,
2027-01,average_order_value,7200,
2027-02,sns_sessions,4600,instagram
2027-02,sns_sessions,900,tiktok
2027-02,Instagram広告経由の流入数,400,
2027-02,ec_cvr,1.0%,
2027-02,average_order_value,7400,
"""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp932-ja"])
def test_the_manual_format_gives_what_a_hand_calculation_gives(ws, encoding):
    text = LUMIERE
    if encoding == "cp932-ja":
        text = text.replace("month,metric,value,platform", "月,指標,値,媒体")
        data = text.encode("cp932")
    else:
        data = text.encode(encoding)
    for old in (ws / "actuals" / "lumiere-cosmetics").glob("*"):
        old.unlink()
    write(ws, "lumiere-cosmetics", "figures.csv", data)
    result = actuals(ws, "lumiere-cosmetics")["lumiere-cosmetics"]
    january, february = (m["nodes"] for m in result["months"])
    # sessions 3,800 + 700 + 300 from ads (a custom node typed by its label); revenue
    # 4,800 × 0.9 % × ¥7,200 — worked out through the tree
    assert (
        january["sns_sessions"]["actual"] == pytest.approx(4800)
        and january["sns_sessions"]["source"] == "computed"
    )
    assert january["ec_revenue"]["actual"] == pytest.approx(311_040)
    # the month's KGI target follows the plan's path: 400,000 + 1,580,000 × (1/12)²
    assert january["ec_revenue"]["target"] == pytest.approx(400_000 + 1_580_000 / 144)
    assert january["ec_revenue"]["status"] == "red" and february["ec_revenue"]["status"] == "amber"
    assert february["ec_revenue"]["actual"] == pytest.approx(5900 * 0.01 * 7400)
    # an average keeps its final target every month; a count ramps up with the path
    assert february["average_order_value"]["target"] == pytest.approx(7500)
    assert 0 < february["saves@instagram"]["target"] < 1500
    assert result["kgi"]["month"] == "2027-02" and result["kgi"]["forecast"] == pytest.approx(
        1_980_000 * february["ec_revenue"]["ratio"]
    )


def test_findings_for_gaps_unknown_metrics_and_months_outside_the_period(ws):
    write(
        ws,
        "ledgerly-b2b",
        "more.csv",
        b"month,metric,value,platform\n2027-01,lead_cvr,2%,\n2027-03,lead_cvr,2%,\n"
        b"2027-02,reach,5000,instgram\n2030-01,lead_cvr,2%,\n",
    )
    result = actuals(ws, "ledgerly-b2b")["ledgerly-b2b"]
    rules = {f["rule"]: f for f in result["findings"]}
    assert {"actuals-unmapped", "actuals-outside-period"} <= set(rules)
    assert "line 4: 'instgram' is no platform we know" in rules["actuals-unmapped"]["message"]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("export.csv", b"Post ID,Foo,Bar\n1,2,3\n", "no export we know (header: Post ID, Foo, Bar)"),
        (
            "neg.csv",
            b"month,metric,value\n2027-01,orders,-4\n",
            "neg.csv:2: '-4' is not a figure we read ('-4' is negative",
        ),
        ("bad.csv", b"month,metric,value\n2027-13,orders,4\n", "bad.csv:2: '2027-13' is not a month"),
        ("sheet.xlsx", b"PK", "sheet.xlsx: not a readable Excel workbook"),
        ("slides.pdf", b"%PDF-1.7", "slides.pdf: not a CSV, XLSX or ZIP export"),
    ],
)
def test_a_file_it_cannot_read_is_one_line_and_exit_2(ws, name, data, words):
    write(ws, "ledgerly-b2b", name, data)
    for old in (ws / "actuals" / "ledgerly-b2b").glob("manual-*.csv"):
        old.unlink()  # nothing else in the folder: nothing at all could be read
    result = run_proposals("actuals", "ledgerly-b2b", cwd=ws)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert words in line, line


def test_hostile_archives_are_refused(ws):
    folder = ws / "actuals" / "ledgerly-b2b"
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / "escape.zip", "w") as archive:
        archive.writestr("../../outside.csv", "month,metric,value\n")
    result = run_proposals("actuals", "ledgerly-b2b", cwd=ws)
    assert result.returncode == 2 and "outside itself" in result.stderr
    (folder / "escape.zip").unlink()
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.csv", "0" * 20_000_000)
    result = run_proposals("actuals", "ledgerly-b2b", cwd=ws)
    assert result.returncode == 2 and "inflates" in result.stderr
    (folder / "bomb.zip").unlink()
    with open(folder / "huge.csv", "wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    result = run_proposals("actuals", "ledgerly-b2b", cwd=ws)
    assert result.returncode == 2 and "exports are read up to" in result.stderr


def test_the_examples_carry_a_few_months_of_figures():
    from tests.conftest import REPO

    root = REPO
    result = actuals(root, "lumiere-cosmetics", "ledgerly-b2b")
    assert len(result["lumiere-cosmetics"]["months"]) == 3 and len(result["ledgerly-b2b"]["months"]) == 2
    assert result["lumiere-cosmetics"]["kgi"]["ratio"] > 1  # March on track


# ---------------------------------------------------------------------------- the platforms' exports

INSTAGRAM_JA = (
    "投稿ID,アカウントID,アカウントのユーザーネーム,アカウント名,説明,時間(秒),公開時間,リンク,投稿タイプ,"
    "データコメント,日時,ビュー,リーチ,いいね！の数,シェア数,フォロー数,コメント数,保存数\n"
    '1001,9,lumiere_cosme,ルミエール,朝の3分メイク,0,01/05/2027 21:00,https://x,IGリール動画,,通算,"12,000",8000,300,40,12,9,150\n'
    "1002,9,lumiere_cosme,ルミエール,下地選び,0,01/20/2027 21:00,https://x,Instagramカルーセル,,通算,5000,3000,120,10,3,2,-\n"
    "1003,9,lumiere_cosme,ルミエール,保湿,0,02/02/2027 21:00,https://x,IGリール動画,,通算,1.2万,9000,400,55,20,11,210\n"
)
INSTAGRAM_LATER = (
    "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,Post type,"
    "Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n"
    "1003,9,lumiere_cosme,Lumiere,Moisture,0,02/02/2027 21:00,https://x,IG reel,,Lifetime,13000,9500,410,60,21,12,230\n"
)
TIKTOK_JA = '日付,動画視聴数,プロフィール表示回数,いいね,コメント,シェア\n1月30日,1000,50,80,5,3\n1月31日,undefined,,,,\n2月1日,"2,000",70,100,6,4\n'
GA4 = (
    "# ----------------------------------------\n# Traffic acquisition\n# ----------------------------------------\n"
    "Date,Session source / medium,Sessions,Purchases,Total revenue\n"
    "20270105,instagram / social,100,1,7000\n20270106,l.instagram.com / referral,50,1,8000\n"
    "20270107,tiktok / social,40,0,0\n20270108,google / organic,900,20,150000\n"
)
YOUTUBE = (
    "Content,Video title,Video publish time,Duration,Views,Engaged views,Subscribers gained,Subscribers lost\n"
    'Total,,,,9999,9999,99,9\nabc,Walkthrough,"Jan 12, 2027",120,800,500,10,2\n'
)


def test_platform_exports_sum_into_months_as_a_hand_calculation_does(ws):
    import os
    import time

    folder = ws / "actuals" / "lumiere-cosmetics"
    first = write(ws, "lumiere-cosmetics", "export (1).csv", INSTAGRAM_JA.encode("utf-8-sig"))
    os.utime(first, (time.time() - 100, time.time() - 100))
    write(ws, "lumiere-cosmetics", "content later.csv", INSTAGRAM_LATER.encode("utf-8"))
    write(ws, "lumiere-cosmetics", "tiktok.csv", TIKTOK_JA.encode("utf-16"))
    with zipfile.ZipFile(folder / "ga4.zip", "w") as archive:
        archive.writestr("data-export.csv", GA4)
    result = actuals(ws, "lumiere-cosmetics")["lumiere-cosmetics"]
    formats = sorted(f["format"] for f in result["files"])
    assert formats == ["ga4", "instagram_posts", "instagram_posts", "tiktok_overview"]
    january, february = (m["nodes"] for m in result["months"])
    # per post, in its publish month: 150 saves in January ("-" is no figure, not zero)
    assert january["saves@instagram"]["actual"] == 150 and january["saves@instagram"]["source"] == "imported"
    # the later download replaces post 1003: 230, not 210 (and not both) — later by the days
    # it covers, whatever the files' dates on disk say
    assert february["saves@instagram"]["actual"] == 230
    # a post's reach is people per post: never added up into the account's monthly reach
    assert january["reach@instagram"]["actual"] is None
    assert january["saves@instagram"]["from"][0]["account"] == "lumiere_cosme"
    # "-" and "undefined" are missing, never zero; year-less TikTok days land in the plan's year
    assert january["views@tiktok"]["actual"] == 1_000 and february["views@tiktok"]["actual"] == 2_000
    # GA4: instagram / social and l.instagram.com are Instagram; google / organic is no platform
    assert (
        january["sns_sessions@instagram"]["actual"] == 150 and january["sns_sessions@tiktok"]["actual"] == 40
    )
    assert january["sns_sessions"]["actual"] == 190
    # rates from summed parts, never averaged: 2 purchases ÷ 190 sessions; ¥15,000 ÷ 2
    assert january["ec_cvr"]["actual"] == pytest.approx(2 / 190)
    assert january["average_order_value"]["actual"] == pytest.approx(7_500)
    assert january["ec_revenue"]["actual"] == pytest.approx(15_000)


def test_youtube_total_row_is_dropped_and_net_subscribers_counted(ws):
    write(ws, "ledgerly-b2b", "Table data.csv", YOUTUBE.encode("utf-8"))
    result = actuals(ws, "ledgerly-b2b")["ledgerly-b2b"]
    (january,) = (m["nodes"] for m in result["months"])
    assert january["views@youtube"]["actual"] == 800
    assert result["files"][0]["rows"] == 1


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(1, 12), st.integers(1, 10_000), st.integers(0, 300), st.integers(0, 10_000)),
        min_size=1,
        max_size=60,
    )
)
def test_monthly_sums_are_the_rows_total_and_rates_come_from_summed_parts(rows):
    from generator.actuals.formats import Parsed, Record
    from generator.actuals.sources import choose
    from generator.knowledge import knowledge
    from generator.plans.values import Month
    from tests.conftest import PROPOSALS, report_of

    plan = report_of(PROPOSALS / "lumiere-cosmetics.yaml").plan
    fmt = next(f for f in knowledge().exports.exports if f.id == "ga4")
    records = {
        str(i): Record(
            Month(2027, m), {"sns_sessions@instagram": s, "orders@instagram": o, "ec_revenue@instagram": r}
        )
        for i, (m, s, o, r) in enumerate(rows)
    }
    chosen = choose([Parsed(fmt, None, records)], [], plan)
    totals = {(f.month, f.key): f.value for f in chosen.figures}
    assert sum(v for (_, k), v in totals.items() if k == "sns_sessions") == sum(s for _, s, _, _ in rows)
    for month in {m for m, _, _, _ in rows}:
        sessions = sum(s for m, s, _, _ in rows if m == month)
        orders = sum(o for m, _, o, _ in rows if m == month)
        assert totals[(Month(2027, month), "ec_cvr")] == pytest.approx(orders / sessions)


def test_another_account_and_a_retired_column_are_findings(ws):
    old = INSTAGRAM_LATER.replace("Views", "Impressions").replace("lumiere_cosme", "rival_a_skin")
    write(ws, "lumiere-cosmetics", "old.csv", old.encode("utf-8"))
    result = actuals(ws, "lumiere-cosmetics")["lumiere-cosmetics"]
    rules = {f["rule"]: f["message"] for f in result["findings"]}
    assert "rival_a_skin" in rules["actuals-account-mismatch"]
    assert (
        "impressions" in rules["actuals-definition-change"]
        and "2024-08" in rules["actuals-definition-change"]
    )


def test_followers_are_a_month_end_level_and_daily_changes_may_be_negative(tmp_path):
    from generator.actuals.read import read_folder
    from generator.plans.values import Month
    from tests.conftest import PROPOSALS, report_of

    folder = tmp_path / "actuals"
    folder.mkdir()
    (folder / "FollowerHistory.csv").write_text(
        "Date,Followers,Difference in followers from previous day\n"
        "30 January,1200,15\n31 January,1190,-10\n1 February,1230,40\n",
        encoding="utf-8",
    )
    read = read_folder(folder, report_of(PROPOSALS / "lumiere-cosmetics.yaml").plan)
    found = {(str(o.month), o.key): o.value for o in read.observations}
    # a level is the month's last day, never a sum; the day's changes add up, negatives included
    assert found[("2027-01", "followers@tiktok")] == 1190 and found[("2027-02", "followers@tiktok")] == 1230
    assert found[("2027-01", "follower_growth@tiktok")] == 5
    assert Month(2027, 1) < Month(2027, 2)


@pytest.mark.parametrize(
    ("slug", "name", "text", "key", "value"),
    [
        (
            "brightline-solar",
            "fb.csv",
            "Post ID,Page ID,Page name,Title,Publish time,Views,Reach,Reactions,Comments,Shares,Link Clicks\n"
            '1,2,Brightline,,01/10/2027 09:00,900,700,30,120,4,"1,500"\n'
            "2,2,Brightline,,01/22/2027 09:00,800,600,20,80,2,900\n",
            "link_clicks@facebook",
            2400,
        ),
        (
            "ledgerly-b2b",
            "tweets.csv",
            "Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,retweets,replies,likes,"
            "user profile clicks,url clicks,follows\n"
            "9,https://x,hi,2027-01-05 10:00 +0000,5000,90,3,40,30,12,9,1\n"
            "10,https://x,hi,2027-01-20 10:00 +0000,7000,80,1,60,20,8,4,0\n",
            "replies@x",
            100,
        ),
        (
            "ledgerly-b2b",
            "Chart data.csv",
            "Date,Content,Video title,Views\n2027-01-02,abc,Walkthrough,300\n2027-01-03,abc,Walkthrough,200\n"
            "2027-01-03,def,Audit,50\n",
            "views@youtube",
            550,
        ),
    ],
)
def test_more_platform_exports(ws, slug, name, text, key, value):
    write(ws, slug, name, text.encode("utf-8"))
    result = actuals(ws, slug)[slug]
    january = result["months"][0]["nodes"]
    assert january[key]["actual"] == value and january[key]["source"] == "imported"
