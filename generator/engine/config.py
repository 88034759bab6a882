"""Options of the `proposals` plugin, as mkdocs.yml sets them (read by MkDocs or ProperDocs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from generator.analysis.settings import DoctorSettings
from generator.errors import UserError
from generator.render.renderset import RenderOptions


class _DoctorOption(c.Type[dict]):  # type: ignore[type-arg]
    """The doctor's thresholds, checked when mkdocs.yml is read: a bad value is one line."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> dict:  # type: ignore[type-arg]
        checked: dict = super().run_validation(value)  # type: ignore[type-arg]
        try:
            DoctorSettings.from_options({"doctor": checked})
        except UserError as exc:
            raise base.ValidationError(
                str(exc).removeprefix("mkdocs.yml: plugins.proposals.doctor.")
            ) from None
        return checked


class _DateOption(base.BaseConfigOption[str]):
    """A day, quoted or not: YAML reads an unquoted 2027-04-01 as a date, not as text."""

    def run_validation(self, value: object) -> str:
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise base.ValidationError(f"'{text[:40]}' is not a day like 2027-04-01") from None


class ProposalsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from mkdocs.yml."""
    proposals_dir = c.Type(str, default="proposals")
    """Folder of plan files, relative to mkdocs.yml."""
    scope = c.Optional(c.ListOfItems(c.Type(str)))
    """Slugs of the plans this site contains; all plans when unset."""
    access = c.Choice(("internal", "client", "public"), default="internal")
    """internal: every plan with findings and internal notes; client: one plan, nothing internal;
    public: only `access: public` plans."""
    utm = c.Type(dict, default={})
    """Allowed UTM values for the plan doctor, e.g. {sources: [instagram, x], mediums: [social]}."""
    doctor = _DoctorOption()
    """The workspace's own values for the doctor's agency defaults, e.g.
    {max_monthly_growth: 0.25, follower_growth_ceiling: {instagram: 0.15}}."""
    home = c.Type(bool, default=True)
    """Add the home page of proposal cards."""
    guide = c.Type(bool, default=True)
    """Add the guide generated from the knowledge base."""
    proposal_pages = c.Type(bool, default=True)
    """Add each plan's pages (off for the home site of a per-proposal build)."""
    home_language = c.Choice(("ja", "en"), default="ja")
    """Language of the home page."""
    cache_dir = c.Type(str, default=".cache/sns-proposals")
    """Diagram cache, relative to mkdocs.yml."""
    today: c.Optional[str] = c.Optional(_DateOption())
    """ISO date used for `expires` (default: the real date); set it for reproducible builds."""
    standalone = c.Optional(c.Type(str))
    """Slug of the one plan this site is about: its pages at the root, its language in the UI."""
    noindex = c.Type(bool, default=False)
    """Ask search engines not to index any page (client builds)."""
    pdf = c.Type(bool, default=True)
    """Write <slug>.pdf beside each proposal's pages, with a download button on the overview."""
    pdf_on_serve = c.Type(bool, default=False)
    """Also write PDFs during `mkdocs serve` (slow: off by default)."""
    pdf_landscape = c.Type(bool, default=False)
    """A4 landscape instead of portrait."""
    deck_color = c.Optional(c.Type(str))
    """Brand colour of the pitch deck, e.g. '#3F51B5'."""
    deck_logo = c.Optional(c.Type(str))
    """A PNG or JPEG logo for the deck's cover, relative to mkdocs.yml."""
    shared_assets = c.Optional(c.Type(str))
    """Serve Material's assets from this relative prefix instead of copying them (per-proposal builds)."""
    date_order = c.Optional(c.Choice(("dmy", "mdy")))
    """How to read an export's dates like 1/7/2027 when the file cannot tell: dmy (day/month)
    or mdy (month/day); an actuals folder's settings.yaml may say otherwise."""
    actuals_dir = c.Type(str, default="actuals")
    """Folder of each proposal's exports (actuals/<slug>/), relative to mkdocs.yml; public
    builds never read it."""

    def render_options(
        self, root: Path, theme_dir: Path, *, standalone: bool, pdf_link: bool, site_url: str
    ) -> RenderOptions:
        """What the core needs to know of this site: its access level, folders and links."""
        return RenderOptions(
            internal=self.access == "internal",
            public=self.access == "public",
            theme_dir=theme_dir,
            cache_dir=root / self.cache_dir / "diagrams",
            today=dt.date.fromisoformat(self.today) if self.today else dt.date.today(),
            home_language=self.home_language,
            standalone=standalone,
            pdf_link=pdf_link,
            actuals_dir=None if self.access == "public" else root / self.actuals_dir,
            site_url=site_url,
            date_order=self.date_order,
        )
