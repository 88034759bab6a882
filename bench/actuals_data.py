"""A year of exports for one plan, as the platforms write them: Instagram per post, X and
TikTok daily (TikTok without years), GA4 by day and source / medium."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path


def write_year(folder: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    days = [dt.date(2027, 1, 1) + dt.timedelta(d) for d in range(365)]
    instagram = [
        "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,"
        "Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves"
    ]
    for i, day in enumerate(days):
        figures = ",".join(str(rng.randint(0, 9000)) for _ in range(7))
        instagram.append(
            f"{1000 + i},9,lumiere_cosme,L,post,0,{day:%m/%d/%Y} 21:00,https://x,IG reel,,Lifetime,{figures}"
        )
    x_columns = (
        "Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,Reposts,Profile visits"
    )
    x = [f"Date,{x_columns}"]
    x += [f'"{day:%a, %b %d, %Y}",' + ",".join(str(rng.randint(0, 9000)) for _ in range(10)) for day in days]
    tiktok = ["Date,Video Views,Profile Views,Likes,Comments,Shares"]
    tiktok += [f"{day.day} {day:%B}," + ",".join(str(rng.randint(0, 9000)) for _ in range(5)) for day in days]
    ga4 = ["# Traffic acquisition", "Date,Session source / medium,Sessions,Purchases,Total revenue"]
    for day in days:
        for source in ("instagram / social", "tiktok / social", "t.co / referral", "google / organic"):
            ga4.append(
                f"{day:%Y%m%d},{source},{rng.randint(10, 300)},{rng.randint(0, 5)},{rng.randint(0, 40000)}"
            )
    for name, lines in (("ig.csv", instagram), ("x.csv", x), ("tiktok.csv", tiktok), ("ga4.csv", ga4)):
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
