"""A year of downloads for the month run, as an agency's folders really hold them: one file a
month from Meta's content export (English for one client, Japanese for another), TikTok
Studio's year-long overview without years and its content list, X's content export by
quarter, Facebook posts and the Page's follower history, GA4 by session source / medium one
month a file, and the rows a strategist types (followers, inquiries, searches). Figures grow
month on month with noise, as an account past its slow start does; every post has a caption,
a type and a link, a few with text that must never become markup or a formula."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

FIRST = (2026, 3)
"""Thirteen months, March 2026 to March 2027: a plan starting January 2027 with its baseline,
and March a year before for the report's year-on-year change."""
CLIENTS = ("lumiere-cosmetics", "shimanami-tourism", "brightline-solar")

_IG_EN = (
    "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,"
    "Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves"
)
_IG_JA = (
    "投稿ID,アカウントID,アカウントのユーザーネーム,アカウント名,説明,再生時間(秒),公開時間,パーマリンク,"
    "投稿タイプ,データに関するコメント,日付,ビュー,リーチ,いいね！の数,シェア数,フォロー数,コメント数,保存数"
)
_CAPTIONS = {
    "ja": [
        "敏感肌のための朝の3ステップ。保存して明日から試してね",
        "新作美容液の使い方をリールで解説します",
        "しまなみ海道の朝焼けと、島をつなぐ橋の上から",
        "スタッフが選ぶ今月のおすすめ。#PR ではありません",
        "よくある質問にお答えします:季節の変わり目のケア",
        '=HYPERLINK("http://evil.example","今すぐクリック")',
        "<script>alert(1)</script> 冬の乾燥対策まとめ",
        "自転車で巡る島めぐり、半日モデルコース",
    ],
    "en": [
        "How a 6 kW rooftop system pays for itself, in one chart",
        "Meet the crew: installing panels on a 1920s bungalow",
        "Battery or no battery? Three questions to ask first",
        "Customer story: the Hendersons cut their bill by 70%",
        '=HYPERLINK("http://evil.example","Click")',
        "<img src=x onerror=alert(1)> Winter output explained",
        "What happens on install day, hour by hour",
        "Net metering in plain words",
    ],
}


_HOSTILE = {
    "ja": "<script>alert(1)</script> 冬の乾燥対策 | まとめ ](javascript:alert(2))",
    "en": "<img src=x onerror=alert(1)> Winter output | explained ](javascript:alert(2))",
}


def months() -> list[tuple[int, int]]:
    year, month = FIRST
    found = []
    for _ in range(13):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _days(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _csv(path: Path, lines: list[str], encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding=encoding)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class _Year:
    """One client's figures: each month a little above the last, with noise."""

    def __init__(self, seed: int, language: str) -> None:
        self.rng = random.Random(seed)
        self.language = language

    def growth(self, index: int, base: float, rate: float = 0.06) -> float:
        return base * (1 + rate) ** index * self.rng.uniform(0.85, 1.15)

    def caption(self) -> str:
        return self.rng.choice(_CAPTIONS[self.language])

    def posts(self, year: int, month: int, count: int) -> list[dt.datetime]:
        days = sorted(self.rng.sample(range(1, _days(year, month) + 1), count))
        return [
            dt.datetime(year, month, d, self.rng.choice((8, 12, 19, 21)), self.rng.choice((0, 30)))
            for d in days
        ]


def _instagram(folder: Path, year: _Year, handle: str, base: float, japanese: bool) -> None:
    """Meta's content export, one file a month, US-style dates as it writes them."""
    serial = 17_900_000_000
    for index, (y, m) in enumerate(months()):
        lines = [_IG_JA if japanese else _IG_EN]
        for number, when in enumerate(year.posts(y, m, 8)):
            serial += year.rng.randint(1, 999)
            views = int(year.growth(index, base) * year.rng.uniform(0.3, 1.8))
            # The last month's best post has a caption that tries to be markup: it must be
            # shown as the words it is, in the report's top posts.
            hostile = index == len(months()) - 1 and number == 0
            caption = _HOSTILE[year.language] if hostile else year.caption()
            views *= 4 if hostile else 1
            reach = int(views * year.rng.uniform(0.55, 0.8))
            kind = year.rng.choice(("IG reel", "IG carousel", "IG image"))
            figures = [
                views,
                reach,
                int(views * 0.03),
                int(views * year.rng.uniform(0.002, 0.01)),
                int(views * year.rng.uniform(0.0005, 0.003)),
                int(views * 0.002),
                int(views * year.rng.uniform(0.004, 0.02)),
            ]
            lines.append(
                f"{serial},1784,{handle},{handle},{_quote(caption)},0,{when:%m/%d/%Y %H:%M},"
                f"https://www.instagram.com/reel/C{serial}/,{kind},,Lifetime," + ",".join(map(str, figures))
            )
        name = (
            f"{y}-{m:02d}"
            if japanese
            else f"{dt.date(y, m, 1):%b-%d-%Y}_{dt.date(y, m, _days(y, m)):%b-%d-%Y}"
        )
        _csv(folder / "instagram" / f"{name}.csv", lines)


def _tiktok(folder: Path, year: _Year, base: float) -> None:
    """TikTok Studio: a 365-day overview without years (followers included) and the content list."""
    overview = ['"Date","Video Views","Profile Views","Likes","Comments","Shares","Followers"']
    followers = 800.0
    content = ["Time,Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views"]
    for index, (y, m) in enumerate(months()):
        # Studio's longest range is 365 days: April to March.
        for d in range(1, _days(y, m) + 1) if index else ():
            views = int(year.growth(index, base))
            followers += views * 0.0015
            overview.append(
                f'"{d} {dt.date(y, m, d):%B}","{views}","{int(views * 0.02)}","{int(views * 0.05)}",'
                f'"{int(views * 0.003)}","{int(views * 0.002)}","{int(followers)}"'
            )
        for when in year.posts(y, m, 4):
            # Four videos a month carry about the month's views between them.
            views = int(year.growth(index, base) * _days(y, m) / 4 * year.rng.uniform(0.85, 1.15))
            link = f"https://www.tiktok.com/@lumiere.cosme/video/7{year.rng.randint(10**17, 10**18 - 1)}"
            content.append(
                f"{when:%Y-%m-%d %H:%M:%S},{_quote(year.caption())},{link},{when:%Y-%m-%d %H:%M:%S},"
                f"{int(views * 0.05)},{int(views * 0.003)},{int(views * 0.002)},{views}"
            )
    _csv(folder / "tiktok" / "Overview.csv", overview, "utf-8-sig")
    _csv(folder / "tiktok" / "Content.csv", content, "utf-8-sig")


def _ga4(folder: Path, year: _Year, sources: dict[str, float], revenue_per_session: float = 0.0) -> None:
    """GA4 traffic acquisition by session source / medium, one download a month."""
    for index, (y, m) in enumerate(months()):
        last = _days(y, m)
        head = "Session source / medium,Sessions,Engaged sessions"
        lines = [
            "# ----------------------------------------",
            "# Traffic acquisition: Session source / medium",
            "# Account: agency",
            "# Property: client.example",
            "# ----------------------------------------",
            "#",
            "# All Users",
            f"# Start date: {y}{m:02d}01",
            f"# End date: {y}{m:02d}{last:02d}",
            head + (",Ecommerce purchases,Purchase revenue" if revenue_per_session else ""),
        ]
        for source, base in {**sources, "google / organic": 9000, "(direct) / (none)": 4000}.items():
            sessions = int(year.growth(index, base))
            row = f"{source},{sessions},{int(sessions * 0.6)}"
            if revenue_per_session:
                orders = int(sessions * 0.01)
                row += f",{orders},{int(orders * revenue_per_session)}"
            lines.append(row)
        _csv(folder / "ga4" / f"traffic-{y}{m:02d}.csv", lines)


def _x(folder: Path, year: _Year, base: float) -> None:
    """X's content export, one a quarter."""
    quarters: dict[str, list[str]] = {}
    for index, (y, m) in enumerate(months()):
        q = f"{y}-{(m - 1) // 3 * 3 + 1:02d}"
        lines = quarters.setdefault(
            q,
            [
                "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,"
                "Replies,Reposts,Profile visits,Detail Expands,URL Clicks"
            ],
        )
        for when in year.posts(y, m, 10):
            impressions = int(year.growth(index, base) * year.rng.uniform(0.4, 2.0))
            ident = year.rng.randint(10**18, 10**19 - 1)
            figures = [
                impressions,
                *(
                    int(impressions * r)
                    for r in (0.02, 0.04, 0.003, 0.001, 0.001, 0.002, 0.004, 0.005, 0.01, 0.003)
                ),
            ]
            lines.append(
                f'{ident},"{when:%a, %b %-d, %Y}",{_quote(year.caption())},https://x.com/shimanami/status/{ident},'
                + ",".join(map(str, figures))
            )
    for q, lines in quarters.items():
        _csv(folder / "x" / f"account_analytics_content_{q}.csv", lines)


def _facebook(folder: Path, year: _Year, base: float) -> None:
    """Facebook's posts, one file a month, and the Page's follower history for the year."""
    history = ["Date,Followers,Difference in followers from previous day"]
    followers = 2400.0
    for index, (y, m) in enumerate(months()):
        lines = [
            "Post ID,Page ID,Page name,Title,Description,Publish time,Permalink,Post type,Views,Reach,"
            "Reactions,Comments,Shares,Link Clicks"
        ]
        for when in year.posts(y, m, 6):
            views = int(year.growth(index, base) * year.rng.uniform(0.4, 1.9))
            ident = year.rng.randint(10**15, 10**16 - 1)
            lines.append(
                f"{ident},1022,Brightline Solar,,{_quote(year.caption())},{when:%m/%d/%Y %H:%M},"
                f"https://www.facebook.com/brightlinesolar/posts/{ident},Photos,{views},{int(views * 0.7)},"
                f"{int(views * 0.02)},{int(views * 0.003)},{int(views * 0.002)},{int(views * 0.01)}"
            )
        _csv(folder / "facebook" / f"posts-{y}-{m:02d}.csv", lines)
        for d in range(1, _days(y, m) + 1):
            step = int(year.growth(index, 3, 0.04))
            followers += step
            history.append(f"{y}-{m:02d}-{d:02d},{int(followers)},{step}")
    _csv(folder / "facebook" / "follower-history.csv", history)


def _manual(folder: Path, year: _Year, rows: dict[tuple[str, str], tuple[float, float]]) -> None:
    """What the strategist types: (metric, platform) → (first month's value, monthly growth)."""
    lines = ["month,metric,value,platform,note"]
    for index, (y, m) in enumerate(months()):
        for (metric, platform), (base, rate) in rows.items():
            value = base * (1 + rate) ** index if metric == "followers" else year.growth(index, base, rate)
            lines.append(f"{y}-{m:02d},{metric},{int(value)},{platform},")
    _csv(folder / "manual.csv", lines)


def write_client(folder: Path, slug: str, seed: int) -> None:
    """A year of one client's downloads, by the shape of the example plan ``slug`` copies."""
    if slug.startswith("lumiere-cosmetics"):
        year = _Year(seed, "ja")
        _instagram(folder, year, "lumiere_cosme", 9000, japanese=True)
        _tiktok(folder, year, 2500)
        _ga4(
            folder,
            year,
            {"instagram / social": 2000, "l.instagram.com / referral": 700, "tiktok / social": 1200},
            7600,
        )
        _manual(folder, year, {("followers", "instagram"): (4200, 0.05)})
    elif slug.startswith("shimanami-tourism"):
        year = _Year(seed, "ja")
        _instagram(folder, year, "shimanami_cycling", 7000, japanese=True)
        _x(folder, year, 3000)
        _manual(
            folder,
            year,
            {
                ("branded_search_volume", ""): (600, 0.08),
                ("ugc_posts", ""): (18, 0.07),
                ("followers", "instagram"): (9000, 0.03),
            },
        )
    elif slug.startswith("brightline-solar"):
        year = _Year(seed, "en")
        _instagram(folder, year, "brightlinesolar", 1500, japanese=False)
        _facebook(folder, year, 2500)
        _ga4(
            folder,
            year,
            {
                "facebook / social": 220,
                "m.facebook.com / referral": 90,
                "instagram / social": 200,
                "youtube.com / referral": 60,
            },
        )
        _manual(folder, year, {("inquiries", ""): (14, 0.07)})
    else:
        raise ValueError(f"no downloads are shaped for {slug}")


def month_workspace(source: Path, root: Path, count: int = len(CLIENTS)) -> list[str]:
    """A workspace at ``root`` laid out like the repository at ``source`` (its config and
    theme) with ``count`` clients, the three example plans in turn (renamed past the first
    three), each with thirteen months of downloads. Returns the slugs."""
    root.mkdir(parents=True, exist_ok=True)
    for part in ("theme", "docs"):
        shutil.copytree(source / part, root / part)
    shutil.copy(source / "mkdocs.yml", root / "mkdocs.yml")
    (root / "proposals").mkdir()
    slugs = []
    for number in range(count):
        slug = CLIENTS[number % len(CLIENTS)]
        name = slug if count <= len(CLIENTS) else f"{slug}-{number:03d}"
        text = (source / "proposals" / f"{slug}.yaml").read_text(encoding="utf-8")
        # A client being reported on signed long ago: the proposal's offer date is gone.
        text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("expires:"))
        (root / "proposals" / f"{name}.yaml").write_text(text, encoding="utf-8")
        write_client(root / "actuals" / name, slug, seed=number)
        slugs.append(name)
    return slugs
