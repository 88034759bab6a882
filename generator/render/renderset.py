"""What rendering produces: a plain set of files and a navigation outline, engine-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.analysis.report import PlanReport
from generator.inputs.snapshot import Inputs
from generator.inputs.versioned import Versioned
from generator.plans.values import Month
from generator.settings import DEFAULT_PALETTE, Palette


@dataclass
class NavItem:
    """A nav entry: a page (``path``) or a section (``children``). Titles are plain text."""

    title: str
    path: str | None = None
    children: list[NavItem] = field(default_factory=list)


@dataclass
class RenderOptions:
    internal: bool = True
    """Internal builds show doctor findings and internal notes."""
    public: bool = False
    """Public builds never show the team or the fees."""
    theme_dir: Path | None = None
    cache_dir: Path | None = None
    today: dt.date | None = None
    """Plans past their ``expires`` date render as a notice; ``None`` never expires."""
    home_language: str = "ja"
    standalone: bool = False
    """One proposal per site: its pages at the site root and a flat nav."""
    pdf_link: bool = False
    """Show a "Download PDF" button linking to <slug>.pdf beside the overview."""
    inputs: Inputs = field(default_factory=Inputs, compare=False)
    """What the build reads besides its plans (pictures, actuals, comments): rendering asks
    it for data and opens no file of its own. A public build's shows no actuals."""
    site_url: str = ""
    """The site's address, for links that leave it (the calendar's link to the progress page)."""
    directory_urls: bool = True
    """Pages as folders (progress.md → progress/index.html): a page's links to files beside
    the proposal's pages climb one folder."""
    versions: tuple[tuple[str, Versioned], ...] = ()
    """What was sent of each proposal, by slug (see :class:`Versioned`)."""
    sent_copy: bool = False
    """This build is a version as it is sent (it sits in ``v3/`` beside the live pages)."""
    palette: Palette = DEFAULT_PALETTE
    """The workspace's colours (charts on the pages)."""

    @property
    def template_cache(self) -> Path | None:
        """The workspace's cache folder (the diagrams' folder lies within it)."""
        return self.cache_dir.parent if self.cache_dir is not None else None

    def versioned(self, slug: str) -> Versioned:
        return dict(self.versions).get(slug, Versioned())


@dataclass(frozen=True)
class MonthlyReport:
    """A monthly report PDF the build writes beside the proposal's PDF."""

    report: PlanReport
    month: Month
    inputs: Inputs = field(default_factory=Inputs, compare=False)
    """Where its actuals and its month's comment are read from."""


@dataclass
class RenderSet:
    files: dict[str, str] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    diagrams: dict[str, str] = field(default_factory=dict)
    """Page-relative diagram files by path, for inlining after Markdown."""
    documents: dict[str, PlanReport] = field(default_factory=dict)
    """Proposals shown in full (not expired), by the path of their PDF."""
    monthly: dict[str, MonthlyReport] = field(default_factory=dict)
    """Monthly reports, by the path of their PDF."""

    def merge(self, other: RenderSet) -> None:
        self.files.update(other.files)
        self.nav += other.nav
        self.diagrams.update(other.diagrams)
        self.documents.update(other.documents)
        self.monthly.update(other.monthly)


DECK_FORMATS = ("pdf", "pptx")


def deck_names(slug: str) -> dict[str, str]:
    """The deck's file names by format: ``<slug>-deck.pdf``, ``<slug>-deck.pptx`` (the site
    links them, the deck writes them)."""
    return {fmt: f"{slug}-deck.{fmt}" for fmt in DECK_FORMATS}
