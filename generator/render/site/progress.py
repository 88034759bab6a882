"""The progress page's files — its Markdown, the tree by status and the path chart — for one
month of a proposal with actuals; the site and the monthly report render the same files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.actuals.report import Tracked
from generator.analysis.report import PlanReport
from generator.errors import ActualsError
from generator.inputs.comments import Said
from generator.inputs.snapshot import Inputs
from generator.inputs.versioned import Versioned
from generator.locale import formatting
from generator.locale.labels import labels
from generator.plans.textlimits import markdown_limits
from generator.plans.values import Month
from generator.render.figures.progress import progress_pictures
from generator.render.renderset import MonthlyReport, RenderOptions, RenderSet
from generator.render.site.calendar import reviews_ics
from generator.render.text.notes import render_notes
from generator.render.views.monthly import month_sections
from generator.render.views.progress import ProgressView, progress_view
from generator.settings import BRAND

REVIEWS = "reviews.ics"


@dataclass
class ProgressPage:
    view: ProgressView
    files: dict[str, str]
    """``progress.md`` and its SVGs, by name relative to the proposal."""
    comment: Markup


def _measured_note(versioned: Versioned, working: PlanReport) -> str:
    """Which approved version's period and targets the figures are set against, when one is."""
    approved = versioned.approved
    if approved is None or not versioned.approved_name:
        return ""
    plan = approved.plan
    lang = working.plan.language
    t = labels(lang)
    period = formatting.month_range(plan.period.start, plan.period.end, lang) if plan.period else "—"
    key = "progress_measured" if approved is working else "progress_measured_changed"
    return t(key, version=versioned.approved_name, period=period)


@dataclass(frozen=True)
class Comment:
    html: Markup
    draft: bool = False
    untouched: bool = False
    """A draft exactly as it was drafted (its text still has the digest its first line says)."""


def comment_of(said: Said) -> Comment:
    """The agency's comment on a month (``comments/YYYY-MM.md``), sanitised like a plan's notes."""
    if not said.text:
        return Comment(Markup(""), said.draft, said.untouched)
    try:
        markdown_limits(said.text)
    except ValueError as exc:
        raise ActualsError(f"{said.where}: {exc}") from None
    return Comment(render_notes(said.text), said.draft, said.untouched)


def progress_page(
    report: PlanReport,
    tracked: Tracked,
    env: jinja2.Environment,
    *,
    inputs: Inputs,
    internal: bool,
    cache_dir: Path | None,
    month: Month | None = None,
    report_href: str = "",
    measured: str = "",
    brand: str = BRAND,
) -> ProgressPage | None:
    """The page for ``month`` (the latest with data unless named); None without data."""
    view = progress_view(report, tracked, internal=internal, month=month)
    if view is None:
        return None
    files, pictures = progress_pictures(view, report, cache_dir, brand)
    comment = comment_of(inputs.comment(report.slug, view.month))
    files["progress.md"] = env.get_template("proposal/progress.md").render(
        t=view.t,
        v=view,
        m=month_sections(report, tracked, view.month),
        findings=view.findings,
        tree=pictures.get("tree", ""),
        chart=pictures.get("chart", ""),
        comment=comment.html,
        draft=comment.draft,
        measured=measured,
        report_href=Markup(report_href),  # a file name this module made, not plan text
    )
    return ProgressPage(view, files, comment.html)


def report_name(slug: str, month: Month) -> str:
    """The monthly report's file: beside the proposal's PDF, one per month."""
    return f"{slug}-report-{month}.pdf"


def site_progress(
    report: PlanReport, options: RenderOptions, env: jinja2.Environment, base: str
) -> tuple[RenderSet, str]:
    """A site's progress page and its calendar for one proposal: (files, the progress page's
    path or "" without actuals). Public builds (which show no actuals) get neither."""
    out = RenderSet()
    inputs = options.inputs
    if not inputs.shows_actuals:
        return out, ""
    slug = report.slug
    progress_url = f"{options.site_url.rstrip('/')}/{base}progress/" if options.site_url else None
    ics = reviews_ics(report, progress_url, options.cache_dir)
    if ics is not None:
        out.files[f"{base}{REVIEWS}"] = ics
    if not inputs.has_actuals(slug):
        return out, ""
    versioned = options.versioned(slug)
    # Progress is measured against what the client approved, not against a later draft, and
    # the page says so: a period or a target edited since then changes nothing here.
    measured = _measured_note(versioned, report)
    report = versioned.approved or report
    tracked_now = inputs.tracked(report)
    assert tracked_now is not None  # the folder is there (has_actuals)
    latest = tracked_now.months[-1] if tracked_now.months else None
    # A report held for review reaches the agency's own build only (proposals release).
    held = latest is not None and str(latest) in versioned.held and not options.internal
    pdf = report_name(slug, latest) if latest and options.pdf_link and not held else ""
    href = f"../{pdf}" if pdf and options.directory_urls else pdf
    page = progress_page(
        report,
        tracked_now,
        env,
        inputs=inputs,
        internal=options.internal,
        cache_dir=options.cache_dir,
        brand=options.palette.brand,
        report_href=href,
        measured=measured,
    )
    if page is None:
        return out, ""
    for name, content in page.files.items():
        out.files[f"{base}{name}"] = content
        if name.endswith(".svg"):
            out.diagrams[f"{base}{name}"] = content
    if pdf:
        out.monthly[f"{base}{pdf}"] = MonthlyReport(report, page.view.month, inputs)
    return out, f"{base}progress.md"
