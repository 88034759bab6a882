"""The progress page's files — its Markdown, the tree by status and the path chart — for one
month of a proposal with actuals; the site and the monthly report render the same files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.actuals.report import Tracked, tracked
from generator.analysis.report import PlanReport
from generator.cache.store import read_regular
from generator.errors import ActualsError, shown
from generator.locale import formatting
from generator.locale.labels import labels
from generator.plans.textlimits import markdown_limits
from generator.plans.values import Month
from generator.render.figures.progress import progress_pictures
from generator.render.renderset import MonthlyReport, RenderOptions, RenderSet, Versioned
from generator.render.site.calendar import reviews_ics
from generator.render.text.notes import render_notes
from generator.render.views.progress import ProgressView, progress_view

REVIEWS = "reviews.ics"

COMMENT_BYTES = 64 * 1024
"""A month's comment is a few paragraphs; a larger file is cut, never a stalled build."""


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


def comment_of(folder: Path, month: Month) -> Markup:
    """The agency's comment on a month (``comments/YYYY-MM.md``), sanitised like a plan's notes."""
    path = folder / "comments" / f"{month}.md"
    if not os.path.lexists(path):
        return Markup("")
    # A link could publish any file of the machine (/etc/passwd) to a client: never followed.
    if path.is_symlink() or path.parent.is_symlink() or not path.is_file():
        raise ActualsError(f"{shown(path)}: a comment must be a plain file, not a link or a folder")
    raw = read_regular(path, COMMENT_BYTES)
    if raw is None:
        raise ActualsError(f"{shown(path)}: longer than {COMMENT_BYTES // 1024} kB, or unreadable")
    text = raw.decode("utf-8", "replace")
    try:
        markdown_limits(text)
    except ValueError as exc:
        raise ActualsError(f"{shown(path)}: {exc}") from None
    return render_notes(text)


def progress_page(
    report: PlanReport,
    tracked: Tracked,
    env: jinja2.Environment,
    *,
    folder: Path,
    internal: bool,
    cache_dir: Path | None,
    month: Month | None = None,
    report_href: str = "",
    measured: str = "",
) -> ProgressPage | None:
    """The page for ``month`` (the latest with data unless named); None without data."""
    view = progress_view(report, tracked, internal=internal, month=month)
    if view is None:
        return None
    files, pictures = progress_pictures(view, report, cache_dir)
    comment = comment_of(folder, view.month)
    files["progress.md"] = env.get_template("proposal/progress.md").render(
        t=view.t,
        v=view,
        findings=view.findings,
        tree=pictures.get("tree", ""),
        chart=pictures.get("chart", ""),
        comment=comment,
        measured=measured,
        report_href=Markup(report_href),  # a file name this module made, not plan text
    )
    return ProgressPage(view, files, comment)


def report_name(slug: str, month: Month) -> str:
    """The monthly report's file: beside the proposal's PDF, one per month."""
    return f"{slug}-report-{month}.pdf"


def site_progress(
    report: PlanReport, options: RenderOptions, env: jinja2.Environment, base: str
) -> tuple[RenderSet, str]:
    """A site's progress page and its calendar for one proposal: (files, the progress page's
    path or "" without actuals). Public builds (no ``actuals_dir``) get neither."""
    out = RenderSet()
    if options.actuals_dir is None:
        return out, ""
    slug = report.slug
    progress_url = f"{options.site_url.rstrip('/')}/{base}progress/" if options.site_url else None
    ics = reviews_ics(report, progress_url, options.cache_dir)
    if ics is not None:
        out.files[f"{base}{REVIEWS}"] = ics
    folder = options.actuals_dir / slug
    if not folder.is_dir():
        return out, ""
    versioned = options.versioned(slug)
    # Progress is measured against what the client approved, not against a later draft, and
    # the page says so: a period or a target edited since then changes nothing here.
    measured = _measured_note(versioned, report)
    report = versioned.approved or report
    tracked_now = tracked(report, folder, options.date_order)
    latest = tracked_now.months[-1] if tracked_now.months else None
    # A report held for review reaches the agency's own build only (proposals release).
    held = latest is not None and str(latest) in versioned.held and not options.internal
    pdf = report_name(slug, latest) if latest and options.pdf_link and not held else ""
    href = f"../{pdf}" if pdf and options.directory_urls else pdf
    page = progress_page(
        report,
        tracked_now,
        env,
        folder=folder,
        internal=options.internal,
        cache_dir=options.cache_dir,
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
        out.monthly[f"{base}{pdf}"] = MonthlyReport(report, folder, page.view.month, options.date_order)
    return out, f"{base}progress.md"
