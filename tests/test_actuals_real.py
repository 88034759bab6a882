"""Downloads as the platforms really write them (issue 24): each fixture has the exact header,
date style and quirks of a real export — day/month dates, a TikTok overview that carries its
followers, YouTube's net Subscribers, GA4's default download with no Date column and its range
in the comment block, the Reports snapshot, YouTube's Totals.csv and split-by-source tables,
TikTok files that hold no monthly figure — and is read to figures worked out by hand, or
refused with one line that says which file and why. Hostile files are one line each.
"""

from __future__ import annotations

import html
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.actuals.read import read_folder
from tests.conftest import REPO, copy_workspace, report_of


def _csv(*lines: str) -> str:
    return "\n".join(lines) + "\n"


GA4_EN_HEAD = (
    "# ----------------------------------------",
    "# Traffic acquisition: Session primary channel group (Default Channel Group)",
    "# Account: Lumiere",
    "# Property: lumiere.example",
    "# ----------------------------------------",
    "#",
    "# All Users",
)
GA4_JA_HEAD = (
    "# ----------------------------------------",
    "# トラフィック獲得: セッションのメインのチャネル グループ（デフォルト チャネル グループ）",
    "# アカウント: lumiere",
    "# プロパティ: lumiere.example",
    "# ----------------------------------------",
    "#",
    "# すべてのユーザー",
)

# (format, language, slug, file name, text, expected {(month, node key): value})
REAL: list[tuple[str, str, str, str, str, dict[tuple[str, str], float]]] = [
    (
        # A month of posts written day/month: 28/7 settles it; July, not seven months.
        "instagram_posts",
        "en",
        "lumiere-cosmetics",
        "content-dmy.csv",
        _csv(
            "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,"
            "Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves",
            "1,9,lumiere_cosme,L,a,0,1/7/2027 21:00,https://x,IG reel,,Lifetime,1000,800,50,4,3,2,10",
            "2,9,lumiere_cosme,L,b,0,5/7/2027 09:30,https://x,IG image,,Lifetime,600,500,30,1,2,1,4",
            "3,9,lumiere_cosme,L,c,0,28/7/2027 18:00,https://x,IG reel,,Lifetime,400,300,20,0,1,0,6",
        ),
        {
            ("2027-07", "views@instagram"): 2000,
            ("2027-07", "saves@instagram"): 20,
            ("2027-07", "follows@instagram"): 6,
        },
    ),
    (
        # TikTok Studio's overview that also carries the follower columns (they once lost a tie).
        "tiktok_overview",
        "en",
        "lumiere-cosmetics",
        "Overview.csv",
        _csv(
            '"Date","Video Views","Profile Views","Likes","Comments","Shares","Followers",'
            '"Difference in followers from previous day"',
            '"30 January","1000","50","80","5","3","1200","15"',
            '"31 January","900","40","60","4","2","1190","-10"',
            '"1 February","2000","70","100","6","4","1230","40"',
        ),
        {
            ("2027-01", "views@tiktok"): 1900,
            ("2027-01", "followers@tiktok"): 1190,  # the month's last day, never a sum
            ("2027-01", "follower_growth@tiktok"): 5,  # 15 − 10, net from the file's own net column
            ("2027-02", "followers@tiktok"): 1230,
            ("2027-02", "follower_growth@tiktok"): 40,
        },
    ),
    (
        # The 2026 overview as the audit quotes it (English Studio): reached audience is people
        # per day, never summed into a month, so only the countable columns become figures.
        "tiktok_overview",
        "en",
        "lumiere-cosmetics",
        "Overview.csv",
        _csv(
            "Date,Video views,Reached audience,Profile views,Likes,Shares,Comments,"
            "Website clicks,Net growth,New followers,Lost followers",
            "2027/05/10,1200,900,40,70,5,3,12,8,11,3",
            "2027/05/11,800,700,30,50,2,1,8,-1,2,3",
        ),
        {
            ("2027-05", "views@tiktok"): 2000,
            ("2027-05", "profile_visits@tiktok"): 70,
            ("2027-05", "link_clicks@tiktok"): 20,
            ("2027-05", "follower_growth@tiktok"): 7,
            ("2027-05", "follows@tiktok"): 13,
        },
    ),
    (
        # The 2026 overview: slashed dates, post views, website clicks, net growth beside new/lost.
        "tiktok_overview",
        "ja",
        "lumiere-cosmetics",
        "概要_2026.csv",
        _csv(
            "日付,投稿の視聴数,リーチしたオーディエンス,プロフィール表示回数,いいね,シェア,コメント,"
            "ウェブサイトのクリック数,純増数,新しいフォロワー,失ったフォロワー",
            "2027/05/10,1200,900,40,70,5,3,12,8,11,3",
            "2027/05/11,800,700,30,50,2,1,8,-1,2,3",
        ),
        {
            ("2027-05", "views@tiktok"): 2000,
            ("2027-05", "link_clicks@tiktok"): 20,
            ("2027-05", "follower_growth@tiktok"): 7,
            ("2027-05", "follows@tiktok"): 13,
        },
    ),
    (
        # YouTube content table with Studio's net Subscribers column beside gained and lost.
        "youtube_table",
        "en",
        "ledgerly-b2b",
        "Table data.csv",
        _csv(
            "Content,Video title,Video publish time,Duration,Views,Subscribers,Subscribers gained,Subscribers lost",
            "Total,,,,3000,25,31,6",
            'abc,Walkthrough,"Jan 12, 2027",120,1800,17,20,3',
            'def,Audit,"Jan 25, 2027",300,1200,8,11,3',
        ),
        {
            ("2027-01", "views@youtube"): 3000,
            ("2027-01", "follower_growth@youtube"): 25,  # net, as Studio gives it
            ("2027-01", "follows@youtube"): 31,  # gross, kept apart
        },
    ),
    (
        # Japanese Studio headers as public parsers read them; gained without lost is gross only.
        "youtube_table",
        "ja",
        "shimanami-tourism",
        "表データ.csv",
        _csv(
            "コンテンツ,動画のタイトル,動画公開時刻,視聴回数,高評価数,コメントの追加回数,登録者増加数",
            "合計,,,4500,60,9,17",
            "abc,しまなみ,2027-02-10,3000,40,6,12",
            "def,尾道,2027-02-20,1500,20,3,5",
        ),
        {
            ("2027-02", "views@youtube"): 4500,
            ("2027-02", "comments@youtube"): 9,
            ("2027-02", "follows@youtube"): 17,
        },
    ),
    (
        # The legacy per-tweet export: a post time without seconds, follows from one post (gross).
        "x_tweet_activity",
        "en",
        "ledgerly-b2b",
        "tweet_activity_metrics_ledgerly_20270301_20270331_en.csv",
        _csv(
            "Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,engagement rate,retweets,replies,"
            "likes,user profile clicks,url clicks,hashtag clicks,detail expands,permalink clicks,app opens,"
            "app installs,follows,email tweet,dial phone,media views,media engagements",
            "1371862441812934656,https://x,hi,2027-03-16 16:44,5000,90,0.018,3,40,30,12,9,0,4,0,0,0,2,0,0,0,0",
            "1371862441812934657,https://x,hi,2027-03-20 08:05,7000,80,0.011,1,60,20,8,4,0,3,0,0,0,1,0,0,0,0",
        ),
        {("2027-03", "impressions@x"): 12_000, ("2027-03", "replies@x"): 100, ("2027-03", "follows@x"): 3},
    ),
    (
        "x_tweet_activity",
        "ja",
        "shimanami-tourism",
        "tweet_activity_ja.csv",
        _csv(
            "ツイートID,ツイートの固定リンク,ツイート本文,時間,インプレッション,エンゲージメント,エンゲージメント率,"
            "リツイート,返信,いいね,ユーザープロフィールクリック,URLクリック数,フォローしている",
            "9,https://x,やあ,2027-03-05 10:00,3000,50,0.016,2,5,30,6,4,1",
            "10,https://x,やあ,2027-03-06 10:00,1000,20,0.02,1,1,10,2,1,2",
        ),
        {("2027-03", "impressions@x"): 4000, ("2027-03", "follows@x"): 3},
    ),
    (
        # The legacy daily account export.
        "x_daily_activity",
        "en",
        "ledgerly-b2b",
        "daily_tweet_activity_metrics_ledgerly_20270101_20270201_en.csv",
        _csv(
            "Date,Tweets published,impressions,engagements,engagement rate,retweets,replies,likes,"
            "user profile clicks,url clicks,hashtag clicks,detail expands,permalink clicks,app opens,"
            "app installs,follows,email tweet,dial phone,media views,media engagements",
            "2027-01-30,3,12000,400,0.033,10,25,300,40,22,0,30,5,0,0,4,0,0,0,0",
            "2027-01-31,1,3000,90,0.03,2,8,60,9,6,0,7,1,0,0,1,0,0,0,0",
            "2027-02-01,2,5000,150,0.03,4,11,110,14,8,0,12,2,0,0,2,0,0,0,0",
        ),
        {
            ("2027-01", "impressions@x"): 15_000,
            ("2027-01", "replies@x"): 33,
            ("2027-01", "posts@x"): 4,
            ("2027-02", "impressions@x"): 5000,
        },
    ),
    (
        "x_daily_activity",
        "ja",
        "shimanami-tourism",
        "daily_ja.csv",
        _csv(
            "日付,ツイート,インプレッション,エンゲージメント,リツイート,返信,いいね",
            "2027-04-01,2,800,20,1,2,10",
            "2027-04-02,1,700,10,0,1,5",
        ),
        {("2027-04", "impressions@x"): 1500, ("2027-04", "posts@x"): 3},
    ),
    (
        # GA4's default download: by channel group, no Date column, its range in the comments.
        "ga4",
        "en",
        "lumiere-cosmetics",
        "data-export.csv",
        _csv(
            *GA4_EN_HEAD,
            "# Start date: 20270301",
            "# End date: 20270331",
            "Session primary channel group (Default Channel Group),Sessions,Engaged sessions,Engagement rate,"
            "Average engagement time per session,Events per session,Event count,Key events,Session key event rate,"
            "Total revenue",
            "Direct,5000,3000,0.6,80,9,45000,300,0.06,900000",
            "Organic Social,7000,4000,0.57,60,8,56000,500,0.07,525000",
            "Paid Social,1000,500,0.5,40,6,6000,80,0.08,60000",
            "Organic Search,9000,6000,0.66,90,10,90000,700,0.08,1200000",
        ),
        # Key events are not purchases: no orders, so no CVR or order value from this file.
        {("2027-03", "sns_sessions"): 8000, ("2027-03", "ec_revenue"): 585_000},
    ),
    (
        "ga4",
        "ja",
        "lumiere-cosmetics",
        "トラフィック獲得.csv",
        _csv(
            *GA4_JA_HEAD,
            "# 開始日: 20270401",
            "# 終了日: 20270430",
            "セッションのメインのチャネル グループ（デフォルト チャネル グループ）,セッション,エンゲージのあったセッション数,"
            "エンゲージメント率,セッションあたりの平均エンゲージメント時間,イベント数,キーイベント,セッション キーイベント率,"
            "eコマース購入数,購入による収益,合計収益",
            "Direct,114,36,0.31,20,800,9,0.07,3,30000,31000",
            "Organic Social,2000,900,0.45,50,9000,90,0.04,20,160000,170000",
        ),
        {
            ("2027-04", "sns_sessions"): 2000,
            ("2027-04", "ec_revenue"): 160_000,  # purchase revenue before total revenue
            ("2027-04", "ec_cvr"): 0.01,
            ("2027-04", "average_order_value"): 8000,
        },
    ),
    (
        # By session source / medium, no Date column: one month in the comments places it.
        "ga4",
        "en",
        "lumiere-cosmetics",
        "source-medium.csv",
        _csv(
            "# Traffic acquisition: Session source / medium",
            "# Start date: 20270501",
            "# End date: 20270531",
            "Session source / medium,Sessions,Engaged sessions,Ecommerce purchases,Purchase revenue",
            "instagram / social,3000,1500,30,240000",
            "l.instagram.com / referral,500,200,5,35000",
            "tiktok / social,1000,400,10,70000",
            "google / organic,8000,5000,90,700000",
        ),
        {
            ("2027-05", "sns_sessions@instagram"): 3500,
            ("2027-05", "sns_sessions@tiktok"): 1000,
            ("2027-05", "sns_sessions"): 4500,
            ("2027-05", "ec_cvr"): 45 / 4500,
            ("2027-05", "average_order_value"): 345_000 / 45,
        },
    ),
    (
        # YouTube's Totals.csv: only Date and the chart's metric; the name tells what it is.
        "youtube_totals",
        "en",
        "ledgerly-b2b",
        "Totals.csv",
        _csv("Date,Views", "2027-01-30,300", "2027-01-31,200", "2027-02-01,150"),
        {("2027-01", "views@youtube"): 500, ("2027-02", "views@youtube"): 150},
    ),
    (
        "youtube_totals",
        "ja",
        "shimanami-tourism",
        "合計.csv",
        _csv("日付,視聴回数", "2027-03-01,120", "2027-03-02,80"),
        {("2027-03", "views@youtube"): 200},
    ),
    (
        # Chart data split by traffic source: the sources add up to each day's total.
        "youtube_split",
        "en",
        "ledgerly-b2b",
        "Chart data.csv",
        _csv(
            "Date,Traffic source,Views",
            "2027-02-01,YouTube search,100",
            "2027-02-01,Suggested videos,60",
            "2027-02-02,YouTube search,40",
            "2027-03-01,External,10",
        ),
        {("2027-02", "views@youtube"): 200, ("2027-03", "views@youtube"): 10},
    ),
    (
        "youtube_split",
        "ja",
        "shimanami-tourism",
        "グラフデータ.csv",
        _csv("日付,トラフィック ソース,視聴回数", "2027-04-01,YouTube 検索,30", "2027-04-01,関連動画,20"),
        {("2027-04", "views@youtube"): 50},
    ),
]

UNUSED = [
    (fmt, lang)
    for fmt in ("tiktok_follower_activity", "tiktok_viewers", "tiktok_audience", "tiktok_live")
    for lang in ("en", "ja")
]
UNUSED_FILES = {
    ("tiktok_follower_activity", "en"): (
        "FollowerActivity.csv",
        "Date,Hour,Active followers\n30 January,0,120\n",
    ),
    ("tiktok_follower_activity", "ja"): (
        "フォロワーアクティビティ.csv",
        "日付,時間,アクティブなフォロワー\n1月30日,0,120\n",
    ),
    ("tiktok_viewers", "en"): (
        "Viewers.csv",
        "Date,Total Viewers,New Viewers,Returning Viewers\n28 August,undefined,0,0\n",
    ),
    ("tiktok_viewers", "ja"): ("視聴者.csv", "日付,視聴者の合計,新しい視聴者,リピーター\n8月28日,10,4,6\n"),
    ("tiktok_audience", "en"): ("FollowerGender.csv", "Gender,Distribution\nFemale,0.59\nMale,0.41\n"),
    ("tiktok_audience", "ja"): ("フォロワーの性別.csv", "性別,分布\n女性,0.59\n男性,0.41\n"),
    ("tiktok_live", "en"): (
        "LIVE.csv",
        "Date,LIVE duration,Total views,Gift givers,New followers,Diamonds\n2027/01/05,3600,900,12,30,500\n",
    ),
    ("tiktok_live", "ja"): (
        "LIVE_ja.csv",
        "日付,LIVE時間,視聴数,ギフト贈呈者,新規フォロワー,ダイヤモンド\n2027/01/05,3600,900,12,30,500\n",
    ),
}


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_workspace(tmp_path_factory.mktemp("real") / "ws")


def fresh(root: Path, slug: str) -> Path:
    folder = root / "actuals" / slug
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file() or old.is_symlink():
            old.unlink()
    return folder


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=root, capture_output=True, text=True, timeout=120
    )


def json_of(root: Path, slug: str, code: int = 0) -> dict:
    result = run(root, "actuals", "--format", "json", slug)
    assert result.returncode == code, result.stderr
    (only,) = json.loads(result.stdout)["actuals"]
    return only


def observed(root: Path, slug: str) -> dict[tuple[str, str], float]:
    plan = report_of(root / "proposals" / f"{slug}.yaml").plan
    return {(str(o.month), o.key): o.value for o in read_folder(root / "actuals" / slug, plan).observations}


@pytest.mark.parametrize(
    ("fmt", "language", "slug", "name", "text", "expected"), REAL, ids=[f"{c[0]}-{c[1]}-{c[3]}" for c in REAL]
)
def test_a_real_download_reads_as_a_hand_calculation_does(ws, fmt, language, slug, name, text, expected):
    folder = fresh(ws, slug)
    (folder / name).write_text(text, encoding="utf-8-sig" if language == "ja" else "utf-8")
    result = json_of(ws, slug)
    assert [f["format"] for f in result["files"]] == [fmt], result
    assert not [f for f in result["findings"] if f["rule"] == "actuals-unread"]
    got = observed(ws, slug)
    for key, value in expected.items():
        assert got.get(key) == pytest.approx(value), (key, got.get(key))
    if fmt == "ga4" and "Key events" in text:
        assert ("2027-03", "ec_cvr") not in got and ("2027-03", "orders") not in got


def test_gross_follows_never_become_net_growth(ws):
    folder = fresh(ws, "ledgerly-b2b")
    (folder / "Table data.csv").write_text(
        _csv("Content,Video title,Video publish time,Views,Subscribers gained", 'abc,T,"Jan 12, 2027",100,9'),
        "utf-8",
    )
    got = observed(ws, "ledgerly-b2b")
    assert got[("2027-01", "follows@youtube")] == 9
    assert ("2027-01", "follower_growth@youtube") not in got  # gained without lost is no net figure


def test_dates_the_file_cannot_settle_are_refused_then_read_with_the_setting(ws):
    folder = fresh(ws, "brightline-solar")
    (folder / "fb_follows.csv").write_text(
        _csv(
            "Post ID,Page ID,Page name,Title,Publish time,Views,Reach,Reactions,Comments,Shares,Link Clicks",
            *[f"{d},2,Ledgerly,,{d}/7/2027 10:00,100,80,1,0,0,{d}" for d in range(1, 8)],
        ),
        "utf-8",
    )
    result = run(ws, "actuals", "brightline-solar")
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert (
        "fb_follows.csv" in line and "date_order" in line and "actuals/brightline-solar/settings.yaml" in line
    )
    (folder / "settings.yaml").write_text("date_order: dmy\n", "utf-8")
    got = observed(ws, "brightline-solar")
    assert got[("2027-07", "link_clicks@facebook")] == sum(range(1, 8))  # all in July
    (folder / "settings.yaml").write_text("date_order: mdy\n", "utf-8")
    got = observed(ws, "brightline-solar")
    assert sorted(m for m, k in got if k == "link_clicks@facebook") == [f"2027-0{m}" for m in range(1, 8)]
    (folder / "settings.yaml").write_text("date_order: ymd\n", "utf-8")
    result = run(ws, "actuals", "brightline-solar")
    assert result.returncode == 1 and "settings.yaml: date_order is 'ymd'" in result.stderr
    fresh(ws, "brightline-solar")


def test_the_workspace_decides_dates_when_no_folder_setting_does(ws, tmp_path):
    root = copy_workspace(tmp_path / "w2")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "proposals_dir: proposals\n", "proposals_dir: proposals\n      date_order: dmy\n"
        ),
        "utf-8",
    )
    folder = fresh(root, "brightline-solar")
    (folder / "fb.csv").write_text(
        _csv("Post ID,Page ID,Page name,Publish time,Views,Reach,Link Clicks", "1,2,L,3/2/2027 10:00,10,8,5"),
        "utf-8",
    )
    only = json_of(root, "brightline-solar")
    assert only["files"][0]["from"] == "2027-02"


def test_a_ga4_download_over_two_months_is_refused_with_its_range(ws):
    folder = fresh(ws, "lumiere-cosmetics")
    (folder / "ga4.csv").write_text(
        _csv(
            *GA4_EN_HEAD,
            "# Start date: 20270301",
            "# End date: 20270430",
            "Session primary channel group (Default Channel Group),Sessions",
            "Organic Social,900",
        ),
        "utf-8",
    )
    result = run(ws, "actuals", "lumiere-cosmetics")
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "ga4.csv" in line and "2027-03-01" in line and "2027-04-30" in line


def test_the_reports_snapshot_is_read_where_it_holds_a_table_to_place(ws):
    folder = fresh(ws, "lumiere-cosmetics")
    (folder / "snapshot.csv").write_text(
        _csv(
            "# ----------------------------------------",
            "# Reports snapshot",
            "# Account: Lumiere",
            "# ----------------------------------------",
            "#",
            "# All Users",
            "# Start date: 20270601",
            "# End date: 20270630",
            "Nth day,Active users",
            "0000,120",
            "0001,130",
            "",
            "# ----------------------------------------",
            "Session primary channel group (Default Channel Group),Sessions",
            "Organic Social,4200",
            "Direct,900",
            "",
            "# ----------------------------------------",
            "Page title and screen class,Views",
            "Home,400",
        ),
        "utf-8",
    )
    result = json_of(ws, "lumiere-cosmetics")
    assert [f["format"] for f in result["files"]] == ["ga4"]
    assert not [f for f in result["findings"] if f["rule"] == "actuals-unread"]
    assert observed(ws, "lumiere-cosmetics")[("2027-06", "sns_sessions")] == 4200


def test_errors_quote_the_real_header_not_the_comment_line(ws):
    folder = fresh(ws, "ledgerly-b2b")
    (folder / "ga4-landing.csv").write_text(
        _csv("# Landing page report", "# Start date: 20270101", "Landing page + query string,Views", "/,10"),
        "utf-8",
    )
    result = run(ws, "actuals", "ledgerly-b2b")
    (line,) = result.stderr.strip().splitlines()
    assert "header: Landing page + query string, Views" in line and "#" not in line.split("header:")[1]


def test_one_unknown_file_is_skipped_and_listed_and_the_rest_is_read(ws):
    folder = fresh(ws, "ledgerly-b2b")
    (folder / "notes.csv").write_text("Campaign,Clicks\nspring,4\n", "utf-8")
    (folder / "manual.csv").write_text(
        "month,metric,value,platform\n2027-02,impressions,78000,linkedin\n", "utf-8"
    )
    only = json_of(ws, "ledgerly-b2b")
    assert [s["file"] for s in only["skipped"]] == ["actuals/ledgerly-b2b/notes.csv"]
    unread = [f for f in only["findings"] if f["rule"] == "actuals-unread"]
    assert (
        len(unread) == 1
        and "notes.csv" in unread[0]["message"]
        and "Campaign, Clicks" in unread[0]["message"]
    )
    text = run(ws, "actuals", "ledgerly-b2b")
    assert text.returncode == 0 and "notes.csv: skipped" in text.stdout


@pytest.mark.parametrize(("fmt", "language"), UNUSED)
def test_tiktok_files_without_monthly_figures_are_recognised_and_set_aside(ws, fmt, language):
    name, text = UNUSED_FILES[(fmt, language)]
    folder = fresh(ws, "lumiere-cosmetics")
    (folder / name).write_text(text, "utf-8")
    (folder / "manual.csv").write_text("month,metric,value\n2027-01,ec_revenue,400000\n", "utf-8")
    only = json_of(ws, "lumiere-cosmetics")
    skipped = [s for s in only["skipped"] if s.get("format") == fmt]
    assert len(skipped) == 1 and skipped[0]["reason"]
    rules = [f["rule"] for f in only["findings"]]
    assert "actuals-unused" in rules and "actuals-unread" not in rules


def test_figures_outside_the_period_are_one_line_per_file_with_count_months_and_metrics(ws):
    folder = fresh(ws, "ledgerly-b2b")
    rows = [f"2026-{m:02d}-{d:02d},{d}" for m in (10, 11) for d in range(1, 28)]
    (folder / "Totals.csv").write_text(_csv("Date,Views", *rows, "2027-01-05,9"), "utf-8")
    only = json_of(ws, "ledgerly-b2b")
    outside = [f for f in only["findings"] if f["rule"] == "actuals-outside-period"]
    assert len(outside) == 1
    message = outside[0]["message"]
    assert "Totals.csv" in message and "2 figures" in message and "October" in message and "Views" in message
    assert ":0" not in message


def test_a_cut_off_export_is_read_and_flagged_partial(ws):
    folder = fresh(ws, "ledgerly-b2b")
    (folder / "Table data.csv").write_text(
        _csv(
            "Content,Video title,Video publish time,Views",
            'abc,T,"Jan 12, 2027",100',
            'def,U,"Jan 13, 2027",50',
            "Showing top 500 results",
        ),
        "utf-8",
    )
    only = json_of(ws, "ledgerly-b2b")
    assert only["files"][0]["rows"] == 2
    partial = [f for f in only["findings"] if f["rule"] == "actuals-partial"]
    assert len(partial) == 1 and "Showing top 500 results" in partial[0]["message"]
    assert observed(ws, "ledgerly-b2b")[("2027-01", "views@youtube")] == 150


def test_a_table_split_by_source_without_dates_is_placed_by_the_downloads_range(ws):
    folder = fresh(ws, "ledgerly-b2b")
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(
            "Table data.csv",
            _csv(
                "Traffic source,Views,Watch time (hours)",
                "Total,900,30",
                "YouTube search,600,20",
                "External,300,10",
            ),
        )
        archive.writestr("Totals.csv", _csv("Date,Views", "2027-03-01,500", "2027-03-02,400"))
    (folder / "Traffic source 2027-03-01_2027-03-31 Ledgerly.zip").write_bytes(data.getvalue())
    only = json_of(ws, "ledgerly-b2b")
    by_format = {f["format"]: f for f in only["files"]}
    assert set(by_format) == {"youtube_split", "youtube_totals"}
    assert "Traffic source" in by_format["youtube_split"]["note"]
    assert by_format["youtube_split"]["from"] == "2027-03"


def test_the_manual_file_takes_japanese_months_names_and_platform_names(ws, tmp_path):
    root = copy_workspace(tmp_path / "w3")
    plan = root / "proposals" / "kurumi-ramen.yaml"
    text = plan.read_text("utf-8")
    assert "      - {metric: line_block_rate" in text
    plan.write_text(
        text.replace(
            "      - {metric: line_block_rate",
            "      - {metric: line_open_rate, target: 50%}\n      - {metric: line_block_rate",
            1,
        ),
        "utf-8",
    )
    assert run(root, "check", "proposals/kurumi-ramen.yaml").returncode in (0, 1)
    folder = fresh(root, "kurumi-ramen")
    (folder / "手入力.csv").write_text(
        _csv(
            "月,指標,値,媒体,備考",
            "2027年1月,来店予約数,120,,",
            "2027-02,Store reservations,130,,",
            "2027/3,line_open_rate,48%,LINE,",
            "2027年1月,保存数,300,インスタグラム,",
            "2027年1月,谜の指標,5,,",
            "2027年13月,来店予約数,5,,",
        ),
        "utf-8-sig",
    )
    got = observed(root, "kurumi-ramen")
    assert got[("2027-01", "store_reservations")] == 120 and got[("2027-02", "store_reservations")] == 130
    assert got[("2027-03", "line_open_rate@line")] == pytest.approx(0.48)
    only = json_of(root, "kurumi-ramen")
    rows = [f for f in only["findings"] if f["rule"] == "actuals-unmapped"]
    assert len(rows) == 1
    message = rows[0]["message"]
    assert "手入力.csv" in message and "5行目" in message and "6行目" in message and "7行目" in message
    assert "インスタグラム" in message  # not a platform name we know: listed, never dropped


def test_a_node_with_its_own_baseline_ramps_from_it(ws, tmp_path):
    from generator.actuals.progress import progress
    from generator.actuals.records import Observation, Read
    from generator.plans.values import Month

    root = copy_workspace(tmp_path / "w4")
    plan = root / "proposals" / "ledgerly-b2b.yaml"
    text = plan.read_text("utf-8")
    old = "{metric: impressions, platform: linkedin"
    assert old in text
    plan.write_text(
        text.replace(old, "{metric: impressions, platform: linkedin, baseline: 60000", 1), "utf-8"
    )
    report = report_of(plan)
    node = next(n for n in report.solution.nodes() if n.key == "impressions" and n.platform == "linkedin")
    read = Read(
        observations=[Observation(Month(2027, 1), "impressions@linkedin", 61000, "manual", "m.csv", 2)]
    )
    cell = progress(report, read).months[0][1]["impressions@linkedin"]
    share = report.path[0].share
    # a count's month target is a whole number
    assert cell.target == round(60000 + (node.value - 60000) * share)


# ---------------------------------------------------------------------------- hostile files


def _zip_with(name: str, data: bytes, method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def _bad_crc() -> bytes:
    raw = bytearray(_zip_with("Overview.csv", b"Date,Video Views,Profile Views\n30 January,100,5\n"))
    at = raw.index(b"30 January")
    raw[at] = ord("4")
    return bytes(raw)


def _corrupt_deflate() -> bytes:
    raw = bytearray(
        _zip_with(
            "Overview.csv",
            b"Date,Video Views,Profile Views\n" + b"30 January,100,5\n" * 200,
            zipfile.ZIP_DEFLATED,
        )
    )
    start = 30 + len("Overview.csv")
    for i in range(start + 5, start + 25):
        raw[i] ^= 0x5A
    return bytes(raw)


def _flagged(flag: int = 0, method: int | None = None) -> bytes:
    raw = bytearray(_zip_with("Overview.csv", b"Date,Video Views,Profile Views\n30 January,100,5\n"))
    central = raw.index(b"PK\x01\x02")
    if flag:
        for at, offset in ((0, 6), (central, 8)):
            raw[at + offset] |= flag
    if method is not None:
        struct.pack_into("<H", raw, 8, method)
        struct.pack_into("<H", raw, central + 10, method)
    return bytes(raw)


def _xlsx(sheet_xml: bytes) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Date", "Video Views", "Profile Views"])
    data = io.BytesIO()
    book.save(data)
    source = zipfile.ZipFile(io.BytesIO(data.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            payload = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item.filename, payload)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    b'<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol6;</t></is></c></row></sheetData></worksheet>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
)
TRUNCATED = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Da'

HOSTILE = {
    "a 200 KB field": (
        "big-field.csv",
        b'Date,Video Views,Profile Views\n30 January,"' + b"9" * 200_000 + b'",5\n',
        "131,072",
    ),
    "a bare CR in a cell": ("cr.csv", b"Campaign\rNote,Clicks\nspring\rsale,4\n", "header"),
    "a 400-digit count": (
        "digits.csv",
        b"Date,Video Views,Profile Views\n30 January," + b"9" * 400 + b",5\n",
        "larger than any figure",
    ),
    "a ZIP with a bad CRC": ("crc.zip", _bad_crc(), "ZIP"),
    "corrupt deflate": ("deflate.zip", _corrupt_deflate(), "ZIP"),
    "an encrypted ZIP": ("secret.zip", _flagged(flag=0x1), "without a password"),
    "an unknown method": ("method.zip", _flagged(method=99), "ZIP"),
    "XLSX billion laughs": ("laughs.xlsx", _xlsx(LAUGHS), "Excel workbook"),
    "XLSX XXE": ("xxe.xlsx", _xlsx(XXE), "Excel workbook"),
    "a truncated sheet": ("truncated.xlsx", _xlsx(TRUNCATED), "Excel workbook"),
    "one 48 MB line": ("line.csv", b"a" * (48 * 1024 * 1024), "a line of"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_each_hostile_file_is_one_line_and_exit_2(ws, case):
    name, data, words = HOSTILE[case]
    slug = "lumiere-cosmetics" if case == "a 400-digit count" else "ledgerly-b2b"  # a TikTok file
    folder = fresh(ws, slug)
    (folder / name).write_bytes(data)
    result = run(ws, "actuals", slug)
    assert result.returncode == 2, (case, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "inf" not in result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert name in line and words in line, line
    # The build goes on past it: a skipped file is a finding, never a failed build.


@pytest.mark.parametrize(
    "encoding",
    ["utf-16-le", "utf-16-be"],
)
def test_utf16_without_a_bom_starting_with_japanese_is_read(ws, encoding):
    folder = fresh(ws, "lumiere-cosmetics")
    text = _csv(
        "日付,再生回数,プロフィール表示回数,いいね,コメント,シェア",
        "1月30日,700,20,10,1,0",
        "1月31日,300,10,5,0,1",
    )
    (folder / "概要.csv").write_bytes(text.encode(encoding))
    assert observed(ws, "lumiere-cosmetics")[("2027-01", "views@tiktok")] == 1000


def test_a_build_goes_on_past_an_unreadable_export(ws):
    folder = fresh(ws, "ledgerly-b2b")
    (folder / "notes.csv").write_text("Campaign,Clicks\nspring,4\n", "utf-8")
    (folder / "manual.csv").write_text(
        "month,metric,value,platform\n2027-02,impressions,78000,linkedin\n", "utf-8"
    )
    config = ws / "mkdocs.yml"
    env = {**os.environ}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--out", "built-actuals"],
        cwd=ws,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    page = html.unescape(
        (ws / "built-actuals" / "ledgerly-b2b" / "progress" / "index.html").read_text("utf-8")
    )
    assert "notes.csv was not read" in page  # the internal page lists what it could not read
    assert config.is_file()


def test_the_reader_stays_within_its_bounds_on_the_repository_examples():
    for slug in ("lumiere-cosmetics", "ledgerly-b2b"):
        plan = report_of(REPO / "proposals" / f"{slug}.yaml").plan
        read = read_folder(REPO / "actuals" / slug, plan)
        assert read.observations and not read.skipped


def test_a_note_account_is_entered_by_hand_under_its_own_name(ws, tmp_path):
    """note has no download we read: its dashboard's figures go into the manual file under
    the platform's own name."""
    root = copy_workspace(tmp_path / "w4")
    plan = root / "proposals" / "ledgerly-b2b.yaml"
    text = plan.read_text("utf-8").replace(
        "platforms:\n",
        "platforms:\n  - id: note\n    role: secondary\n    kpis:\n      - {metric: views, target: 9000, per: month}\n"
        "      - {metric: likes, target: 300, per: month}\n",
        1,
    )
    plan.write_text(text, "utf-8")
    folder = fresh(root, "ledgerly-b2b")
    (folder / "manual.csv").write_text(
        _csv("month,metric,value,platform", "2027-01,views,8400,note", "2027-01,likes,310,note"), "utf-8"
    )
    got = observed(root, "ledgerly-b2b")
    assert got[("2027-01", "views@note")] == 8400 and got[("2027-01", "likes@note")] == 310
