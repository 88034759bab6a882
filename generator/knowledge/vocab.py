"""Closed vocabularies of plan format 1 (a contract: extend, never rename)."""

from __future__ import annotations

from typing import Literal, get_args

PlatformId = Literal[
    "instagram",
    "x",
    "tiktok",
    "youtube",
    "line",
    "facebook",
    "threads",
    "linkedin",
    "google_business_profile",
    "pinterest",
    "note",
]
ToolId = Literal[
    "instagram_insights",
    "x_analytics",
    "tiktok_analytics",
    "youtube_analytics",
    "line_insights",
    "meta_business_suite",
    "ga4",
    "threads_insights",
    "linkedin_analytics",
    "google_business_profile_insights",
    "pinterest_analytics",
    "note_dashboard",
]
BusinessId = Literal["ecommerce", "local_store", "b2b", "employer", "tourism", "clinic"]
RegulatedId = Literal["cosmetics", "quasi_drug", "health_food", "medical", "none"]
PurposeId = Literal["awareness", "branding", "sales", "recruiting"]
Language = Literal["ja", "en"]
Access = Literal["internal", "client", "public"]
Op = Literal["product", "sum", "drivers"]
Per = Literal["month", "year", "total"]
Review = Literal["weekly", "monthly"]
Role = Literal["primary", "secondary"]
UtmKey = Literal["source", "medium", "campaign", "content", "term"]
MetricKind = Literal["count", "rate", "money", "seconds"]
Stage = Literal["awareness", "interest", "action", "conversion", "advocacy"]

CADENCE_FORMATS = (
    "posts",
    "feed",
    "reels",
    "stories",
    "videos",
    "shorts",
    "lives",
    "threads",
    "messages",
    "articles",
    "pins",
    "updates",
)
CADENCE_UNITS = ("day", "week", "month")
LANGUAGE_CURRENCY = {"ja": "JPY", "en": "USD"}
"""The currency a plan's money is in when it names none."""
CADENCE_PER_MONTH = {"day": 30.4, "week": 4.35, "month": 1.0}
"""How many of each unit an average month holds: posting rhythms as posts a month."""
CADENCE_KEYS = tuple(f"{f}_per_{u}" for f in CADENCE_FORMATS for u in CADENCE_UNITS)

PLATFORM_IDS: tuple[str, ...] = get_args(PlatformId)
FORMAT_KEYS = CADENCE_FORMATS + tuple(f"{p}.{f}" for p in PLATFORM_IDS for f in CADENCE_FORMATS)
"""A format, or a format on one platform (``youtube.videos``), for per-format settings."""
TOOL_IDS: tuple[str, ...] = get_args(ToolId)
PURPOSE_IDS: tuple[str, ...] = get_args(PurposeId)
BUSINESS_IDS: tuple[str, ...] = get_args(BusinessId)
LANGUAGES: tuple[str, ...] = get_args(Language)


SAME_FORMATS = ({"posts", "feed"},)
"""Formats that are one kind of piece under two names: a feed post is a post."""


def same_format(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in SAME_FORMATS)
