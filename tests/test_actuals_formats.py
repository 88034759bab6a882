"""Every export format in both header languages, read through `proposals actuals --format json`
and compared with figures worked out by hand from the fixture rows: sums per month, month-end
levels, rates from summed parts. Fixtures follow the column lists of brief.md §4–5."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.actuals.read import read_folder
from generator.cli import main
from generator.knowledge import knowledge
from tests.conftest import copy_workspace, report_of


def _csv(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# (format, language, slug, file name, text, expected {(month, node key): value})
CASES: list[tuple[str, str, str, str, str, dict[tuple[str, str], float]]] = [
    (
        "instagram_posts",
        "en",
        "lumiere-cosmetics",
        "content.csv",
        _csv(
            "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,"
            "Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves",
            '1,9,lumiere_cosme,L,a,0,01/05/2027 21:00,https://x,IG reel,,Lifetime,"1,000",800,50,4,3,2,10',
            "2,9,lumiere_cosme,L,b,0,01/31/2027 23:59,https://x,IG image,,Lifetime,1.5K,700,30,1,2,1,-",
            "3,9,lumiere_cosme,L,c,0,02/01/2027 00:10,https://x,IG reel,,Lifetime,900,600,20,0,1,0,5",
        ),
        {
            ("2027-01", "views@instagram"): 2500,
            ("2027-01", "saves@instagram"): 10,  # "-" is missing, not zero, and not a row dropped
            ("2027-01", "follows@instagram"): 5,  # follows from posts are gross, never net growth
            ("2027-02", "views@instagram"): 900,
            # a post's reach is people per post: never summed into the account's month
        },
    ),
    (
        "instagram_posts",
        "ja",
        "lumiere-cosmetics",
        "コンテンツ.csv",
        _csv(
            "投稿ID,アカウントID,アカウントのユーザーネーム,アカウント名,説明,時間(秒),公開時間,リンク,投稿タイプ,"
            "データコメント,日時,ビュー,リーチ,いいね！の数,シェア数,フォロー数,コメント数,保存数",
            "1,9,lumiere_cosme,ル,朝,0,03/03/2027 21:00,https://x,IGリール動画,,通算,1.2万,9000,400,55,20,11,210",
            "2,9,lumiere_cosme,ル,夜,0,03/20/2027 21:00,https://x,Instagram画像,,通算,3000,2000,100,5,4,3,40",
        ),
        {
            ("2027-03", "views@instagram"): 15_000,
            ("2027-03", "likes@instagram"): 500,
            ("2027-03", "saves@instagram"): 250,
        },
    ),
    (
        "facebook_posts",
        "en",
        "brightline-solar",
        "fb.csv",
        _csv(
            "Post ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,Permalink,"
            "Views,Reach,Reactions,Comments,Shares,Total clicks,Link Clicks",
            "11,2,Brightline,,,0,01/10/2027 09:00,,https://x,900,700,30,12,4,200,150",
            "12,2,Brightline,,,0,02/22/2027 09:00,,https://x,800,600,20,8,2,100,90",  # 22: month/day
        ),
        {("2027-01", "link_clicks@facebook"): 150, ("2027-02", "views@facebook"): 800},
    ),
    (
        "facebook_posts",
        "ja",
        "brightline-solar",
        "fb-ja.csv",
        _csv(
            "投稿ID,ページID,ページ名,タイトル,公開時間,ビュー,リーチ,リアクション,コメント,シェア,リンクのクリック",
            "21,2,Brightline,,03/01/2027 09:00,500,400,10,2,1,30",
            "22,2,Brightline,,03/28/2027 09:00,700,500,12,3,0,45",
        ),
        {("2027-03", "views@facebook"): 1200, ("2027-03", "link_clicks@facebook"): 75},
    ),
    (
        "meta_page_daily",
        "en",
        "brightline-solar",
        "Link clicks.csv",
        # UTF-16 with the metric's name on a line above the header (encoded below); the title
        # says whose it is, as Meta writes it ("Facebook link clicks", "Instagram reach")
        _csv(
            "sep=,",
            '"Facebook link clicks"',
            '"Date","Primary"',
            '"2027-01-30T00:00:00","4"',
            "2027-01-31,6",
            "2027-02-01,3",
        ),
        {("2027-01", "link_clicks@facebook"): 10, ("2027-02", "link_clicks@facebook"): 3},
    ),
    (
        "meta_page_daily",
        "ja",
        "brightline-solar",
        "Facebook_リンクのクリック.csv",
        _csv("リンクのクリック", "日付,プライマリ", "2027-01-05,12", "2027-01-06,8"),
        {("2027-01", "link_clicks@facebook"): 20},
    ),
    (
        "facebook_page_legacy",
        "en",
        "brightline-solar",
        "Facebook Insights Data Export.csv",
        _csv(
            "Date,Lifetime Total Likes,Daily New Likes,Daily Unlikes,Daily Total Impressions",
            ",Lifetime: The total number of people who have liked your Page.,Daily: new likes,Daily: unlikes,"
            "Daily: impressions",
            "2027-01-30,1500,4,1,2000",
            "2027-01-31,1503,5,2,2500",
            "2027-02-01,1510,8,1,1000",
        ),
        {
            ("2027-01", "followers@facebook"): 1503,  # a level: the month's last day
            ("2027-01", "follows@facebook"): 9,
            ("2027-01", "follower_growth@facebook"): 6,
            ("2027-02", "impressions@facebook"): 1000,
        },
    ),
    (
        "x_content",
        "en",
        "ledgerly-b2b",
        "account_analytics_content_2027-01-01_2027-02-28.csv",
        _csv(
            "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,"
            "Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks",
            '1,"Mon, Jan 4, 2027",hi,https://x,"4,000",20,90,3,1,2,5,4,12,30,9,0,1',
            '2,"Fri, Jan 29, 2027",hi,https://x,6000,30,110,2,0,1,7,2,8,20,11,0,2',
            '3,"Mon, Feb 1, 2027",hi,https://x,500,1,10,0,0,0,0,0,1,2,1,0,0',
        ),
        {
            ("2027-01", "impressions@x"): 10_000,
            ("2027-01", "link_clicks@x"): 20,
            ("2027-01", "profile_visits@x"): 20,
            ("2027-02", "impressions@x"): 500,
        },
    ),
    (
        "x_content",
        "ja",
        "shimanami-tourism",
        "content-ja.csv",
        _csv(
            "ポストID,日付,ポスト本文,インプレッション数,いいね,エンゲージメント,ブックマーク,共有された回数,"
            "新しいフォロー,返信,リポスト,プロフィールへのアクセス数,詳細のクリック数",
            '1,"Mon, Jan 4, 2027",こんにちは,"1,500",10,40,2,1,1,3,5,6,7',
            '2,"Tue, Jan 5, 2027",こんにちは,2500,20,60,3,2,0,4,6,9,8',
        ),
        {("2027-01", "impressions@x"): 4000, ("2027-01", "reposts@x"): 11, ("2027-01", "shares@x"): 3},
    ),
    (
        "x_overview",
        "en",
        "ledgerly-b2b",
        "account_overview.csv",
        _csv(
            "Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,Reposts,"
            "Profile visits,Create Post,Video views,Media views",
            '"Sat, Jan 30, 2027",1000,5,20,1,0,7,2,1,1,3,1,0,0',
            '"Sun, Jan 31, 2027",2000,6,30,0,1,4,1,2,0,4,2,0,0',
            '"Mon, Feb 1, 2027",1500,4,10,0,0,1,3,0,0,2,0,0,0',
        ),
        {
            ("2027-01", "impressions@x"): 3000,
            ("2027-01", "follower_growth@x"): 8,  # (7 − 2) + (4 − 1)
            ("2027-01", "posts@x"): 3,
            ("2027-02", "follower_growth@x"): -2,  # more unfollows than follows
        },
    ),
    (
        "x_overview",
        "ja",
        "shimanami-tourism",
        "overview-ja.csv",
        _csv(
            "日付,インプレッション数,いいね,エンゲージメント,ブックマーク,共有された回数,新しいフォロー,フォロー解除,"
            "返信,リポスト,プロフィールへのアクセス数,ポストを作成",
            "2027-02-01,800,3,10,0,0,5,1,0,1,2,1",
            "2027-02-02,1200,4,15,0,0,3,0,1,0,3,0",
        ),
        {("2027-02", "impressions@x"): 2000, ("2027-02", "follower_growth@x"): 7},
    ),
    (
        "x_tweet_activity",
        "en",
        "ledgerly-b2b",
        "tweet_activity_metrics.csv",
        _csv(
            "Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,engagement rate,retweets,replies,"
            "likes,user profile clicks,url clicks,hashtag clicks,detail expands,follows",
            "9,https://x,hi,2027-01-05 10:00 +0000,5000,90,0.018,3,40,30,12,9,0,4,1",
            "10,https://x,hi,2027-01-20 10:00 +0000,7000,80,0.011,1,60,20,8,4,0,3,0",
        ),
        {
            ("2027-01", "impressions@x"): 12_000,
            ("2027-01", "replies@x"): 100,
            ("2027-01", "link_clicks@x"): 13,
        },
    ),
    (
        "x_tweet_activity",
        "ja",
        "shimanami-tourism",
        "tweet_activity_ja.csv",
        _csv(
            "ツイートID,ツイートの固定リンク,ツイート本文,時間,インプレッション,エンゲージメント,エンゲージメント率,"
            "リツイート,返信,いいね,ユーザープロフィールクリック,URLクリック数,フォロー",
            "9,https://x,やあ,2027-03-05 10:00 +0000,3000,50,0.016,2,5,30,6,4,1",
            "10,https://x,やあ,2027-03-06 10:00 +0000,1000,20,0.02,1,1,10,2,1,0",
        ),
        {("2027-03", "impressions@x"): 4000, ("2027-03", "reposts@x"): 3},
    ),
    (
        "youtube_table",
        "en",
        "ledgerly-b2b",
        "Table data.csv",
        _csv(
            "Content,Video title,Video publish time,Duration,Views,Engaged views,Impressions,"
            "Impressions click-through rate (%),Likes,Comments added,Shares,Subscribers gained,Subscribers lost",
            "Total,,,,9999,9999,99999,9.9,999,99,99,99,9",
            'abc,Walkthrough,"Jan 12, 2027",120,800,500,10000,4.5,30,4,2,10,2',
            'def,Audit,"Jan 25, 2027",300,1200,900,20000,5.5,40,6,3,7,1',
        ),
        {
            ("2027-01", "views@youtube"): 2000,
            ("2027-01", "impressions@youtube"): 30_000,
            ("2027-01", "follower_growth@youtube"): 14,
        },
    ),
    (
        "youtube_table",
        "ja",
        "shimanami-tourism",
        "表データ.csv",
        _csv(
            "コンテンツ,動画のタイトル,動画公開時刻,視聴回数,高評価数,獲得したチャンネル登録者,失ったチャンネル登録者",
            "合計,,,5000,99,99,9",
            "abc,しまなみ,2027-02-10,3000,40,12,2",
            "def,尾道,2027-02-20,1500,20,5,0",
        ),
        {("2027-02", "views@youtube"): 4500, ("2027-02", "follower_growth@youtube"): 15},
    ),
    (
        "youtube_chart",
        "en",
        "ledgerly-b2b",
        "Chart data.csv",
        _csv(
            "Date,Content,Video title,Video publish time,Views",
            "2027-01-31,abc,Walkthrough,,300",
            "2027-02-01,abc,Walkthrough,,200",
            "2027-02-01,def,Audit,,50",
        ),
        {("2027-01", "views@youtube"): 300, ("2027-02", "views@youtube"): 250},
    ),
    (
        "youtube_chart",
        "ja",
        "shimanami-tourism",
        "グラフデータ.csv",
        _csv(
            "日付,コンテンツ,動画のタイトル,視聴回数",
            "2027-03-01,abc,しまなみ,100",
            "2027-03-02,abc,しまなみ,150",
        ),
        {("2027-03", "views@youtube"): 250},
    ),
    (
        "tiktok_overview",
        "en",
        "lumiere-cosmetics",
        "Overview.csv",
        _csv(
            "Date,Video Views,Profile Views,Likes,Comments,Shares",
            "30 January,1000,50,80,5,3",
            "31 January,undefined,undefined,undefined,undefined,undefined",
            '1 February,"2,000",70,100,6,4',
        ),
        {
            ("2027-01", "views@tiktok"): 1000,
            ("2027-02", "views@tiktok"): 2000,
            ("2027-01", "profile_visits@tiktok"): 50,
        },
    ),
    (
        "tiktok_overview",
        "ja",
        "lumiere-cosmetics",
        "概要.csv",
        _csv(
            "日付,再生回数,プロフィール表示回数,いいね,コメント,シェア",
            "12月30日,700,20,10,1,0",
            "1月2日,300,10,5,0,1",
        ),
        # year-less days run in the file's order: 30 December comes before 2 January, so it is
        # the December before the plan (2027-01 to 2027-12), not the plan's last December
        {("2026-12", "views@tiktok"): 700, ("2027-01", "views@tiktok"): 300, ("2027-01", "shares@tiktok"): 1},
    ),
    (
        "tiktok_content",
        "en",
        "lumiere-cosmetics",
        "Content.csv",
        _csv(
            "Time,Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views",
            "x,Morning,https://t/1,2027-01-03 20:00:00,100,10,5,4000",
            "x,Night,https://t/2,2027-01-28 20:00:00,50,5,2,2500",
        ),
        {("2027-01", "views@tiktok"): 6500, ("2027-01", "shares@tiktok"): 7},
    ),
    (
        "tiktok_content",
        "ja",
        "lumiere-cosmetics",
        "コンテンツ.csv",
        _csv(
            "動画タイトル,動画リンク,投稿日時,合計いいね数,合計コメント数,合計シェア数,合計視聴数",
            "職場紹介,https://t/1,2027-02-03 20:00:00,30,3,1,1.2K",
            "先輩の一日,https://t/2,2027-02-10 20:00:00,20,2,0,800",
        ),
        {("2027-02", "views@tiktok"): 2000, ("2027-02", "shares@tiktok"): 1},
    ),
    (
        "tiktok_followers",
        "en",
        "lumiere-cosmetics",
        "FollowerHistory.csv",
        _csv(
            "Date,Followers,Difference in followers from previous day",
            "30 January,1200,15",
            "31 January,1190,-10",
            "1 February,1230,40",
        ),
        {
            ("2027-01", "followers@tiktok"): 1190,  # the month's last day, never a sum
            ("2027-01", "follower_growth@tiktok"): 5,
            ("2027-02", "followers@tiktok"): 1230,
        },
    ),
    (
        "tiktok_followers",
        "ja",
        "lumiere-cosmetics",
        "TikTok_フォロワー.csv",
        _csv("日付,フォロワー,前日からのフォロワーの増減", "1月30日,500,5", "1月31日,510,10"),
        {("2027-01", "followers@tiktok"): 510, ("2027-01", "follower_growth@tiktok"): 15},
    ),
    (
        "ga4",
        "en",
        "lumiere-cosmetics",
        "ga4.csv",
        _csv(
            "# ----------------------------------------",
            "# Traffic acquisition",
            "# ----------------------------------------",
            "Date,Session source / medium,Sessions,Purchases,Total revenue",
            "20270105,instagram / social,100,1,7000",
            "20270106,l.instagram.com / referral,50,1,8000",
            "20270107,tiktok / social,40,0,0",
            "20270108,google / organic,900,20,150000",
        ),
        {
            ("2027-01", "sns_sessions@instagram"): 150,
            ("2027-01", "sns_sessions"): 190,
            ("2027-01", "ec_revenue"): 15_000,
            ("2027-01", "ec_cvr"): 2 / 190,  # purchases ÷ sessions, never an average of rates
            ("2027-01", "average_order_value"): 7500,
        },
    ),
    (
        "ga4",
        "ja",
        "lumiere-cosmetics",
        "ga4-ja.csv",
        _csv(
            "# トラフィック獲得",
            "日付,セッションの参照元 / メディア,セッション,購入,合計収益",
            "20270201,instagram / social,300,3,21000",
            "20270202,tiktok / social,100,1,9000",
            "20270203,(direct) / (none),999,9,99999",
        ),
        {
            ("2027-02", "sns_sessions"): 400,
            ("2027-02", "ec_cvr"): 0.01,
            ("2027-02", "average_order_value"): 7500,
        },
    ),
]


def _bytes(fmt: str, name: str, text: str) -> bytes:
    if fmt == "meta_page_daily":
        return text.encode("utf-16")  # Meta's page CSVs are UTF-16 with a BOM
    if name.startswith(("コンテンツ", "概要")):
        return text.encode("utf-8-sig")
    return text.encode("utf-8")


def _fresh(root: Path, slug: str) -> Path:
    """The slug's actuals folder, empty: each test reads only what it wrote."""
    folder = root / "actuals" / slug
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file():
            old.unlink()
    return folder


def _actuals(root: Path, monkeypatch: pytest.MonkeyPatch, slug: str) -> dict:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["actuals", "--format", "json", slug])
    assert result.exit_code == 0, result.output
    (only,) = json.loads(result.stdout)["actuals"]
    return only


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("formats") / "ws")
    # No example tracks TikTok followers; this copy does, so their figures reach the JSON too.
    plan = root / "proposals" / "lumiere-cosmetics.yaml"
    text = plan.read_text(encoding="utf-8")
    old = "      - {metric: shares, target: 2500, per: month}\n"
    assert old in text
    plan.write_text(
        text.replace(old, old + "      - {metric: follower_growth, target: 3000, per: month}\n"), "utf-8"
    )
    # brightline tracks its Page's growth too, so the old Page export's figures reach the JSON.
    plan = root / "proposals" / "brightline-solar.yaml"
    text = plan.read_text(encoding="utf-8")
    old = "      - {metric: comments, target: 600, per: month}\n"
    assert old in text
    plan.write_text(
        text.replace(old, old + "      - {metric: follower_growth, target: 300, per: month}\n"), "utf-8"
    )
    return root


@pytest.mark.parametrize(
    ("fmt", "language", "slug", "name", "text", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_each_format_reads_as_a_hand_calculation_does(
    ws, monkeypatch, fmt, language, slug, name, text, expected
):
    folder = _fresh(ws, slug)
    (folder / name).write_bytes(_bytes(fmt, name, text))
    result = _actuals(ws, monkeypatch, slug)
    assert [f["format"] for f in result["files"]] == [fmt]
    # The JSON holds the plan's own nodes; what else the export says is read the same way.
    nodes = {(m["month"], k): v for m in result["months"] for k, v in m["nodes"].items()}
    read = read_folder(folder, report_of(ws / "proposals" / f"{slug}.yaml").plan)
    observed = {(str(o.month), o.key): o.value for o in read.observations}
    in_plan = [key for key in expected if key in nodes]
    assert in_plan, f"no expected figure of {fmt} is a node of {slug}"
    for key, value in expected.items():
        assert observed.get(key) == pytest.approx(value), key
        if key in nodes:
            assert nodes[key]["actual"] == pytest.approx(value) and nodes[key]["source"] == "imported", key


def test_every_format_is_covered_in_both_languages():
    from tests.test_actuals_real import REAL, UNUSED

    covered = {(c[0], c[1]) for c in CASES} | {(c[0], c[1]) for c in REAL} | set(UNUSED)
    for fmt in knowledge().exports.exports:
        # A format the platform only ever wrote in English (the old Page export) has no ja case.
        languages = ("en", "ja") if any(not c.isascii() for s in fmt.signature for c in s) else ("en",)
        assert {(fmt.id, lang) for lang in languages} <= covered, fmt.id


def test_a_workbook_reads_like_the_csv_it_was_saved_from(ws, monkeypatch):
    """TikTok Studio hands out XLSX too: dates as real dates, numbers as numbers, a formula by its
    saved value only, and each sheet a table of its own."""
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Overview"
    sheet.append(["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"])
    sheet.append([dt.datetime(2027, 1, 30), 1000, 50, 80, 5, 3])
    sheet.append([dt.datetime(2027, 2, 1), 2000.0, 70, 100, 6, 4])
    history = book.create_sheet("FollowerHistory")
    history.append(["Date", "Followers", "Difference in followers from previous day"])
    history.append(["31 January", 1190, -10])
    data = io.BytesIO()
    book.save(data)
    folder = _fresh(ws, "lumiere-cosmetics")
    (folder / "tiktok.xlsx").write_bytes(data.getvalue())
    with zipfile.ZipFile(folder / "tiktok-download.zip", "w") as archive:
        archive.writestr("Content.xlsx", _content_workbook(openpyxl))
    result = _actuals(ws, monkeypatch, "lumiere-cosmetics")
    assert sorted(f["format"] for f in result["files"]) == [
        "tiktok_content",
        "tiktok_followers",
        "tiktok_overview",
    ]
    nodes = {(m["month"], k): v["actual"] for m in result["months"] for k, v in m["nodes"].items()}
    # One source a figure: the account's own daily views, never added to its posts' views;
    # the posts' 4,000 are set aside, and the gap is said
    assert nodes[("2027-01", "views@tiktok")] == 1000
    said = [f["message"] for f in result["findings"] if f["rule"] == "actuals-sources-disagree"]
    assert any("1,000" in m and "4,000" in m for m in said), said
    assert nodes[("2027-02", "views@tiktok")] == 2000
    assert nodes[("2027-01", "follower_growth@tiktok")] == -10  # a workbook's negative number stays one


def _content_workbook(openpyxl) -> bytes:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "Video title",
            "Video link",
            "Post time",
            "Total likes",
            "Total comments",
            "Total shares",
            "Total views",
        ]
    )
    sheet.append(['=HYPERLINK("http://evil")', "https://t/1", "2027-01-03 20:00:00", 100, 10, 5, 4000])
    sheet.append(["Sum", "https://t/2", "2027-01-04 20:00:00", 1, 1, 1, "=G2*1000"])  # no saved value
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_a_damaged_workbook_is_one_line(ws, monkeypatch):
    folder = _fresh(ws, "lumiere-cosmetics")
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    monkeypatch.chdir(ws)
    result = CliRunner().invoke(main, ["actuals", "lumiere-cosmetics"])
    assert result.exit_code == 2
    assert "broken.xlsx: Excelのブックとして読めません" in result.output  # the plan's language
    assert "Traceback" not in result.output


def test_shorts_views_before_the_2025_change_are_a_finding(ws, monkeypatch):
    folder = _fresh(ws, "ledgerly-b2b")
    (folder / "Chart data.csv").write_text(
        _csv(
            "Date,Content,Views,Engaged views",
            "2025-03-30,abc,100,60",
            "2025-03-31,abc,150,70",
            "2027-01-02,abc,90,50",
        ),
        encoding="utf-8",
    )
    result = _actuals(ws, monkeypatch, "ledgerly-b2b")
    changed = [f["message"] for f in result["findings"] if f["rule"] == "actuals-definition-change"]
    assert len(changed) == 1
    assert "in 1 of its rows" in changed[0] and "2025-03-31" in changed[0] and "Engaged views" in changed[0]


def test_a_yearless_day_takes_the_year_that_puts_it_in_the_plan(tmp_path):
    """technobridge runs 2026-12 to 2027-06: 30 December is 2026's, 2 January 2027's."""
    folder = tmp_path / "actuals"
    folder.mkdir()
    (folder / "概要.csv").write_text(
        _csv(
            "日付,再生回数,プロフィール表示回数,いいね,コメント,シェア",
            "12月30日,700,20,10,1,0",
            "1月2日,300,10,5,0,1",
        ),
        encoding="utf-8-sig",
    )
    plan = report_of(Path(__file__).parent.parent / "proposals" / "technobridge-recruiting.yaml").plan
    observed = {(str(o.month), o.key): o.value for o in read_folder(folder, plan).observations}
    assert observed[("2026-12", "views@tiktok")] == 700 and observed[("2027-01", "views@tiktok")] == 300


def test_a_workbook_that_inflates_like_a_bomb_is_refused_before_it_is_opened(ws, monkeypatch):
    folder = _fresh(ws, "lumiere-cosmetics")
    with zipfile.ZipFile(folder / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    monkeypatch.chdir(ws)
    result = CliRunner().invoke(main, ["actuals", "lumiere-cosmetics"])
    assert result.exit_code == 2
    assert "bomb.xlsx: sheet1.xmlはエクスポートとしてあり得ない大きさに展開されます" in result.output
