"""What the knowledge base says about the platforms' export files (``exports.yaml``)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from generator.knowledge.base import Bilingual, _Data
from generator.knowledge.vocab import PlatformId


class ExportFormat(_Data):
    """A platform's export file (``exports.yaml``): how to know it and what its columns mean."""

    id: str
    name: Bilingual
    """What the files list calls it (「TikTok 概要(日別)」)."""
    platform: PlatformId | None
    platforms: tuple[PlatformId, ...] = ()
    """The platforms the very same file can come from (the plan and the file name decide)."""
    kind: str = Field(pattern="^(posts|daily|unused)$")
    signature: tuple[tuple[str, ...], ...]
    names: tuple[str, ...] = ()
    """File names (without extension) that alone make a too-common header this format's."""
    date_column: tuple[str, ...]
    ranged: bool = False
    """Rows without a date take the file's stated range, when it lies in one month."""
    dimension: tuple[str, ...] = ()
    """A column that splits each day by source or status; its rows add up to the total."""
    id_column: tuple[str, ...] = ()
    source_column: tuple[str, ...] = ()
    channel_column: tuple[str, ...] = ()
    """GA4's default channel group: the social channels' rows are social sessions."""
    skip_first: tuple[str, ...] = ()
    account_column: tuple[str, ...] = ()
    """The account the export is from, checked against the plan's handle."""
    post_columns: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """What a per-post export says of each post besides its figures: its caption, its type
    (reel, carousel) and its link, for the month's top and bottom posts."""
    signed: tuple[str, ...] = ()
    """Metrics that may be negative (a day's change in followers)."""
    stocks: tuple[str, ...] = ()
    """Metrics that are levels (followers): a month's value is its last day's."""
    retired: dict[str, str] = Field(default_factory=dict)
    """Old column names whose meaning changed, with the month the platform changed it."""
    changed: dict[str, CountingChange] = Field(default_factory=dict)
    """Metrics whose column kept its name while the platform changed how it counts."""
    titled: tuple[str, ...] = ()
    """The value column of a one-metric file, whose metric the title line above the header
    names (in ``columns``' names) rather than a column header."""
    columns: dict[str, tuple[str, ...]]
    net: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = Field(default_factory=dict)
    why: Bilingual | None = None
    """Why an ``unused`` file is skipped."""

    @property
    def candidates(self) -> tuple[str, ...]:
        """Every platform the file may be from."""
        return self.platforms or ((self.platform,) if self.platform else ())


class CountingChange(_Data):
    since: dt.date
    """Rows dated before this day were counted the old way."""
    instead: str | None = None
    """The metric that still counts the old way, to compare across the change."""


class Exports(_Data):
    exports: tuple[ExportFormat, ...]

    def name_of(self, format_id: str, language: str) -> str:
        """A format's name as the files list shows it (the manual format's too)."""
        if format_id == "manual":
            return self.manual_name(language)
        found = next((f for f in self.exports if f.id == format_id), None)
        return found.name(language) if found else format_id

    referrers: dict[PlatformId, tuple[str, ...]]
    social_channels: tuple[str, ...]
    platform_words: dict[PlatformId, tuple[str, ...]]
    """Words that name a platform in a file's title, name or folder."""
    source_rank: tuple[str, ...]
    """Which source a month's figure comes from first: account, posts, manual."""
    sources_tolerance: float = Field(gt=0, lt=1)
    manual_name: Bilingual
    post_kinds: dict[str, Bilingual] = Field(default_factory=dict)
    """A per-post download's post type (Meta's "IG reel"), lower-cased, as a reader says it."""
    reasons: dict[str, Bilingual]
    """Why a file was not read, in both languages (placeholders in braces)."""
