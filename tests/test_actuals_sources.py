"""Figures a client can be shown (issue 36): one source per figure, the platform from the file
itself, Meta's, TikTok's and X's real downloads read right. Each fixture has the bytes' shape of
a real download (encoding, ``sep=`` line, title lines, several tables in one file, a second
header row, yearless and Spanish dates, collab rows); every expected figure is worked out by
hand from the rows."""

from __future__ import annotations

import html
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import copy_workspace, edit_file, run_proposals


def _meta_daily(title: str, rows: list[tuple[str, str]]) -> bytes:
    """A Meta Business Suite daily series as it is downloaded: UTF-16 with a BOM, Excel's
    separator hint, the metric's title, then Date and Primary, quoted, ISO days with a time."""
    lines = ["sep=,", f'"{title}"', '"Date","Primary"', *[f'"{d}T00:00:00","{v}"' for d, v in rows]]
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


def _days(month: str, values: list[int]) -> list[tuple[str, str]]:
    return [(f"{month}-{i + 1:02d}", str(v)) for i, v in enumerate(values)]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return copy_workspace(tmp_path / "ws")


def actuals(root: Path, slug: str) -> dict:
    result = run_proposals("actuals", "--format", "json", slug, cwd=root, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    (only,) = json.loads(result.stdout)["actuals"]
    return only


def nodes(only: dict) -> dict[tuple[str, str], dict]:
    return {(m["month"], k): v for m in only["months"] for k, v in m["nodes"].items()}


def rules(only: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in only["findings"]:
        found.setdefault(finding["rule"], []).append(finding["message"])
    return found


def folder(root: Path, slug: str) -> Path:
    path = root / "actuals" / slug
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


# ---------------------------------------------------------------------------- 1. the platform from the file


def test_meta_daily_series_say_their_platform_in_their_title(ws):
    """lumiere uses Instagram, not Facebook: its Instagram series are read as Instagram, the
    Facebook one is set aside with why, whatever the files' dates on disk."""
    here = folder(ws, "lumiere-cosmetics")
    (here / "Visits.csv").write_bytes(_meta_daily("Instagram profile visits", _days("2027-03", [100] * 31)))
    (here / "Visits (1).csv").write_bytes(_meta_daily("Facebook visits", _days("2027-03", [7] * 31)))
    first = actuals(ws, "lumiere-cosmetics")
    os.utime(here / "Visits.csv", (0, 0))  # older on disk now: nothing may change
    second = actuals(ws, "lumiere-cosmetics")
    assert first == second
    found = nodes(first)
    assert found[("2027-03", "profile_visits@instagram")]["actual"] == 3100
    assert found[("2027-03", "profile_visits@instagram")]["from"][0]["table"] == "Instagram profile visits"
    unused = " ".join(rules(first)["actuals-unused"])
    assert "Visits (1).csv" in unused and "Facebook" in unused


def test_a_plan_with_both_keeps_facebook_and_instagram_apart(ws):
    here = folder(ws, "brightline-solar")
    (here / "Reach.csv").write_bytes(_meta_daily("Instagram reach", _days("2027-03", [50] * 31)))
    (here / "Reach (1).csv").write_bytes(_meta_daily("Facebook reach", _days("2027-03", [20] * 31)))
    read = _observed(ws, "brightline-solar")
    assert read[("2027-03", "reach@instagram")] == 1550 and read[("2027-03", "reach@facebook")] == 620


def test_a_title_that_names_no_platform_takes_the_download_folders(ws):
    here = folder(ws, "brightline-solar")
    (here / "instagram-2027-03").mkdir()
    (here / "facebook-2027-03").mkdir()
    (here / "instagram-2027-03" / "Views.csv").write_bytes(_meta_daily("Views", _days("2027-03", [30] * 31)))
    (here / "facebook-2027-03" / "Views.csv").write_bytes(_meta_daily("Views", _days("2027-03", [10] * 31)))
    (here / "Views.csv").write_bytes(_meta_daily("Views", _days("2027-03", [1] * 31)))  # says nothing
    read = _observed(ws, "brightline-solar")
    assert read[("2027-03", "views@instagram")] == 930 and read[("2027-03", "views@facebook")] == 310
    only = actuals(ws, "brightline-solar")
    skipped = {s["file"]: s["reason"] for s in only["skipped"]}
    assert "instagram" in skipped["actuals/brightline-solar/Views.csv"]


# ---------------------------------------------------------------------------- 2. one source, never a sum


def test_the_accounts_own_series_wins_over_its_posts_and_a_gap_is_said(ws):
    here = folder(ws, "brightline-solar")
    (here / "Reach.csv").write_bytes(_meta_daily("Facebook reach", _days("2027-03", [400] * 31)))
    (here / "Link clicks.csv").write_bytes(_meta_daily("Facebook link clicks", _days("2027-03", [10] * 31)))
    (here / "posts.csv").write_text(
        "Post ID,Page ID,Page name,Title,Publish time,Views,Reach,Reactions,Comments,Shares,Link Clicks\n"
        "1,2,Brightline,,03/03/2027 09:00,9000,7000,30,12,4,150\n"
        "2,2,Brightline,,03/20/2027 09:00,8000,6000,20,8,2,90\n",
        encoding="utf-8",
    )
    only = actuals(ws, "brightline-solar")
    read = _observed(ws, "brightline-solar")
    # reach: the daily series only (12,400), never daily + posts, never the posts' people
    assert read[("2027-03", "reach@facebook")] == 12_400
    # link clicks: the daily 310 used; the posts' 240 set aside and said (23 % apart)
    assert read[("2027-03", "link_clicks@facebook")] == 310
    said = " ".join(rules(only)["actuals-sources-disagree"])
    assert "310" in said and "240" in said and "posts.csv" in said


def test_x_overview_and_content_are_never_added(ws):
    here = folder(ws, "ledgerly-b2b")
    (here / "account_overview_analytics.csv").write_text(
        "Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,Reposts,"
        "Profile visits,Create Post,Video views,Media views\n"
        + "".join(f'"Mon, Mar {d}, 2027",1000,5,20,1,0,3,1,1,1,3,1,0,0\n' for d in range(1, 32)),
        encoding="utf-8",
    )
    (here / "account_analytics_content_2027-03-01_2027-03-31.csv").write_text(
        "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,"
        "Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks\n"
        '1,"Mon, Mar 1, 2027",hi,https://x,20000,40,90,3,1,20,5,4,12,30,9,0,1\n'
        '2,"Fri, Mar 19, 2027",hi,https://x,12000,30,110,2,0,15,7,2,8,20,11,0,2\n',
        encoding="utf-8",
    )
    read = _observed(ws, "ledgerly-b2b")
    assert read[("2027-03", "impressions@x")] == 31_000  # the overview's, not 31,000 + 32,000
    assert read[("2027-03", "follows@x")] == 93  # gross follows from the overview, not + 35


# ---------------------------------------------------------------------------- 3. files the platforms really write


def test_a_2023_meta_file_with_a_facebook_and_an_instagram_table(ws):
    lines = [
        "sep=,",
        '"Facebook Page reach"',
        '"Date","Primary"',
        *[f'"2027-03-{d:02d}T00:00:00","100"' for d in range(1, 32)],
        "",
        '"Instagram reach"',
        '"Date","Primary"',
        *[f'"2027-03-{d:02d}T00:00:00","40"' for d in range(1, 32)],
    ]
    (folder(ws, "brightline-solar") / "Reach.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))
    read = _observed(ws, "brightline-solar")
    assert read[("2027-03", "reach@facebook")] == 3100 and read[("2027-03", "reach@instagram")] == 1240


def test_the_old_page_export_in_windows_1252_with_two_header_rows(ws):
    text = (
        "Date,Lifetime Total Likes,Daily New Likes,Daily Unlikes,Daily Page Engaged Users,Daily Total Reach,"
        "Daily Total Impressions,Daily Logged-in Page Views\n"
        ',"Lifetime: The total number of people who have liked your Page. (Unique Users)",'
        '"Daily: The number of new people who have liked your Page (Unique Users)",'
        '"Daily: The number of Unlikes of your Page (Unique Users)",'
        '"Daily: The number of people who engaged with your Page. Engagement includes any click or story created. (Unique Users)",'
        '"Daily: The number of people who had any content from your Page or about your Page enter their screen. (Unique Users)",'
        '"Daily: The number of times any content from your Page entered a person\u2019s screen. (Total Count)",'
        '"Daily: Page views from users logged into Facebook (Total Count)"\n'
        + "".join(f"2027-03-{d:02d},{1500 + d},3,1,80,900,2400,30\n" for d in range(1, 32))
    )
    (folder(ws, "brightline-solar") / "Facebook Insights Data Export - Brightline.csv").write_bytes(
        text.encode("cp1252")
    )
    read = _observed(ws, "brightline-solar")
    assert read[("2027-03", "followers@facebook")] == 1531  # a level: the month's last day
    assert read[("2027-03", "follows@facebook")] == 93
    assert read[("2027-03", "follower_growth@facebook")] == 62
    assert read[("2027-03", "impressions@facebook")] == 74_400
    assert ("2027-03", "reach@facebook") not in read  # people per day never add up to a month


def test_tiktok_writes_negative_daily_comments_and_spanish_dates(ws):
    (folder(ws, "lumiere-cosmetics") / "Overview.csv").write_text(
        '"Fecha","Visualizaciones de videos","Visualizaciones del perfil","Me gusta","Comentarios","Veces compartido"\n'
        '"7 de marzo","1000","50","80","5","3"\n'
        '"8 de marzo","900","40","60","-2","2"\n'
        '"9 de marzo","800","30","40","1","1"\n',
        encoding="utf-8",
    )
    read = _observed(ws, "lumiere-cosmetics")
    assert read[("2027-03", "views@tiktok")] == 2700 and read[("2027-03", "comments@tiktok")] == 4


# ---------------------------------------------------------------------------- 4. dates across New Year


def test_yearless_days_across_new_year_follow_the_files_order(ws):
    plan = ws / "proposals" / "lumiere-cosmetics.yaml"
    edit_file(plan, "period: {start: 2027-01, months: 12}", "period: {start: 2026-01, months: 12}")
    edit_file(plan, "  by: 2027-12\n", "  by: 2026-12\n")
    days = [f"{d} December" for d in range(28, 32)] + [f"{d} January" for d in range(1, 32)]
    days += [f"{d} February" for d in range(1, 4)]
    (folder(ws, "lumiere-cosmetics") / "Overview.csv").write_text(
        "Date,Video Views,Profile Views,Likes,Comments,Shares\n" + "".join(f"{d},10,1,1,0,0\n" for d in days),
        encoding="utf-8",
    )
    read = _observed(ws, "lumiere-cosmetics")
    # 28–31 December 2025, all of January 2026, 1–3 February 2026: never February 2025
    assert read[("2025-12", "views@tiktok")] == 40
    assert read[("2026-01", "views@tiktok")] == 310 and read[("2026-02", "views@tiktok")] == 30
    assert ("2025-02", "views@tiktok") not in read


# ---------------------------------------------------------------------------- 5. someone else's rows


def test_collab_posts_of_other_accounts_are_left_out_and_counted(ws):
    (folder(ws, "lumiere-cosmetics") / "content.csv").write_text(
        "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,"
        "Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n"
        "1,9,lumiere_cosme,L,a,0,03/05/2027 21:00,https://x,IG reel,,Lifetime,1000,800,50,4,3,2,10\n"
        "2,7,rival_creator,R,collab,0,03/09/2027 21:00,https://x,IG reel,Collab,Lifetime,90000,70000,5000,400,300,200,900\n"
        "3,9,lumiere_cosme,L,b,0,03/20/2027 21:00,https://x,IG image,,Lifetime,500,400,20,1,2,1,5\n",
        encoding="utf-8",
    )
    only = actuals(ws, "lumiere-cosmetics")
    assert nodes(only)[("2027-03", "saves@instagram")]["actual"] == 15  # 10 + 5, not + 900
    left = " ".join(rules(only)["actuals-other-account"])
    assert "@rival_creator" in left and "1" in left and "@lumiere_cosme" in left


# ---------------------------------------------------------------------------- 6. partial months


def test_a_download_ending_on_the_21st_is_a_partial_month(ws):
    here = folder(ws, "lumiere-cosmetics")
    (here / "Overview.csv").write_text(
        "Date,Video Views,Profile Views,Likes,Comments,Shares\n"
        + "".join(f"{d} March,50000,100,10,1,100\n" for d in range(1, 22)),
        encoding="utf-8",
    )
    (here / "FollowerHistory.csv").write_text(
        "Date,Followers,Difference in followers from previous day\n"
        + "".join(f"{d} March,{5000 + d},1\n" for d in range(1, 22)),
        encoding="utf-8",
    )
    only = actuals(ws, "lumiere-cosmetics")
    views = nodes(only)[("2027-03", "views@tiktok")]
    assert views["days"] == [21, 31]
    # judged pro rata: the month's target over 21 of its 31 days
    full = _full_target(ws, "views@tiktok", "2027-03")
    assert views["target"] == pytest.approx(round(full * 21 / 31), abs=1)
    assert views["status"] in ("green", "amber", "red")


def _full_target(root: Path, key: str, month: str) -> float:
    here = root / "actuals" / "lumiere-cosmetics"
    keep = {p.name: p.read_bytes() for p in here.iterdir() if p.is_file()}
    for name in keep:
        (here / name).unlink()
    (here / "whole.csv").write_text(
        "Date,Video Views,Profile Views,Likes,Comments,Shares\n"
        + "".join(f"{d} March,1,1,1,1,1\n" for d in range(1, 32)),
        encoding="utf-8",
    )
    try:
        return float(nodes(actuals(root, "lumiere-cosmetics"))[(month, key)]["target"])
    finally:
        (here / "whole.csv").unlink()
        for name, data in keep.items():
            (here / name).write_bytes(data)


# ---------------------------------------------------------------------------- 7. a node is its place in the tree


def test_one_rate_in_two_branches_is_two_figures_with_their_own_targets(ws):
    plan = ws / "proposals" / "kurumi-ramen.yaml"
    edit_file(
        plan,
        "        - {metric: gbp_website_clicks, platform: google_business_profile, target: 12000}\n"
        "        - {metric: reservation_cvr, target: 10%}",
        "        - {metric: gbp_website_clicks, platform: google_business_profile, target: 12000}\n"
        "        - {metric: reservation_cvr, target: 3%}",
    )
    edit_file(
        plan,
        "        - {id: booking_tap_rate, label: プロフィールから予約ページへの遷移率, target: 20%}\n"
        "        - {metric: reservation_cvr, target: 10%}",
        "        - {id: booking_tap_rate, label: プロフィールから予約ページへの遷移率, target: 20%}\n"
        "        - {metric: reservation_cvr, target: 5%}",
    )
    (folder(ws, "kurumi-ramen") / "typed.csv").write_text(
        "month,metric,value,platform\n"
        "2027-03,reservation_cvr,3.4%,google_business_profile\n"
        "2027-03,Googleマップ経由の予約,400,\n",
        encoding="utf-8",
    )
    only = actuals(ws, "kurumi-ramen")
    found = nodes(only)
    google = found[("2027-03", "store_reservations@google_business_profile/reservation_cvr")]
    instagram = found[("2027-03", "store_reservations@instagram/reservation_cvr")]
    assert google["actual"] == pytest.approx(0.034) and google["target"] == pytest.approx(0.03)
    assert instagram["actual"] is None and instagram["target"] == pytest.approx(0.05)
    assert google["path"] == "kpi_tree.children[0].children[1]"
    assert "Google" in google["label"] and "Instagram" in instagram["label"]
    # a branch named by its label, as the strategist sees it on the page
    assert found[("2027-03", "store_reservations@google_business_profile")]["actual"] == 400
    # whole things have whole monthly targets
    for (_, key), node in found.items():
        if key.startswith("store_reservations") and "/" not in key and node["target"] is not None:
            assert node["target"] == int(node["target"]), key


# ---------------------------------------------------------------------------- 8. folders, archives, files that fed nothing


def test_two_downloads_in_sub_folders_and_a_zip_and_every_file_that_fed_nothing(ws):
    here = folder(ws, "lumiere-cosmetics")
    for name, month in (("march", "2027-03"), ("april", "2027-04")):
        (here / name).mkdir()
        (here / name / "Profile visits.csv").write_bytes(
            _meta_daily("Instagram profile visits", _days(month, [10] * 30))
        )
    with zipfile.ZipFile(here / "may-download.zip", "w") as archive:
        archive.writestr(
            "Profile visits.csv", _meta_daily("Instagram profile visits", _days("2027-05", [20] * 31))
        )
    (here / "old").mkdir()
    (here / "old" / "Profile visits.csv").write_bytes(
        _meta_daily("Instagram profile visits", _days("2025-05", [1] * 31))
    )
    (here / "Follows.csv").write_bytes(_meta_daily("Instagram follows", _days("2027-03", [2] * 31)))
    only = actuals(ws, "lumiere-cosmetics")
    found = nodes(only)
    assert found[("2027-03", "profile_visits@instagram")]["actual"] == 300
    assert found[("2027-04", "profile_visits@instagram")]["actual"] == 300
    assert found[("2027-05", "profile_visits@instagram")]["actual"] == 620
    said = rules(only)
    assert any("old/Profile visits.csv" in m for m in said["actuals-outside-period"])
    assert any("Follows.csv" in m for m in said["actuals-unused"])  # the plan tracks no Instagram follows


def _observed(root: Path, slug: str) -> dict[tuple[str, str], float]:
    from generator.actuals.read import read_folder
    from tests.conftest import report_of

    read = read_folder(root / "actuals" / slug, report_of(root / "proposals" / f"{slug}.yaml").plan)
    return {(str(o.month), o.key): o.value for o in read.observations}


def test_the_actuals_command_prints_where_each_figure_came_from(ws):
    here = folder(ws, "lumiere-cosmetics")
    (here / "Visits.csv").write_bytes(_meta_daily("Instagram profile visits", _days("2027-03", [100] * 31)))
    result = run_proposals("actuals", "lumiere-cosmetics", cwd=ws, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (
        "from actuals/lumiere-cosmetics/Visits.csv [Instagram profile visits] 2027-03-01 to 2027-03-31"
        in result.stdout
    )


def test_a_progress_page_cites_its_sources_and_says_a_partial_month(ws):
    here = folder(ws, "lumiere-cosmetics")
    (here / "Overview.csv").write_text(
        "Date,Video Views,Profile Views,Likes,Comments,Shares\n"
        + "".join(f"{d} March,50000,100,10,1,100\n" for d in range(1, 22)),
        encoding="utf-8",
    )
    config = ws / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "proposals_dir: proposals\n", "proposals_dir: proposals\n      pdf: false\n"
        ),
        "utf-8",
    )
    for plan in (ws / "proposals").glob("*.yaml"):
        if plan.stem != "lumiere-cosmetics":
            plan.unlink()
    result = run_proposals("build", cwd=ws, timeout=600)
    assert result.returncode == 0, result.stderr
    page = html.unescape((ws / "site" / "lumiere-cosmetics" / "progress" / "index.html").read_text("utf-8"))
    assert "3月1日〜21日" in page and 'class="progress-sources"' in page and "Overview.csv" in page
