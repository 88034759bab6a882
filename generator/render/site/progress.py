"""The progress page's files — its Markdown, the tree by status and the path chart — for one
month of a proposal with actuals; the site and the monthly report render the same files."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.actuals.report import Tracked, tracked
from generator.analysis.report import PlanReport
from generator.cache.store import read_regular
from generator.errors import ActualsError, shown
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


DRAFT = re.compile(r"\A<!-- sns-proposals draft sha256=([0-9a-f]{64}) -->[ \t]*\r?\n")
"""The first line of a comment `proposals month` drafted: the draft's digest, so that a
release can tell a draft nobody touched from one the strategist edited."""


@dataclass(frozen=True)
class Comment:
    html: Markup
    draft: bool = False
    untouched: bool = False
    """A draft exactly as it was drafted (its text still has the digest its first line says)."""


def draft_state(text: str) -> tuple[str, bool, bool]:
    """(the comment without its draft line, whether it is a draft, whether it is untouched)."""
    found = DRAFT.match(text)
    if found is None:
        return text, False, False
    body = text[found.end() :]
    return body, True, hashlib.sha256(body.encode("utf-8")).hexdigest() == found[1]


def drafted(body: str) -> str:
    """A drafted comment's file text: its draft line, then the draft."""
    return f"<!-- sns-proposals draft sha256={hashlib.sha256(body.encode('utf-8')).hexdigest()} -->\n{body}"


def comment_path(folder: Path, month: Month) -> Path:
    return folder / "comments" / f"{month}.md"


def comment_of(folder: Path, month: Month) -> Comment:
    """The agency's comment on a month (``comments/YYYY-MM.md``), sanitised like a plan's notes."""
    path = comment_path(folder, month)
    if not os.path.lexists(path):
        return Comment(Markup(""))
    # A link could publish any file of the machine (/etc/passwd) to a client: never followed.
    if path.is_symlink() or path.parent.is_symlink() or not path.is_file():
        raise ActualsError(f"{shown(path)}: a comment must be a plain file, not a link or a folder")
    raw = read_regular(path, COMMENT_BYTES)
    if raw is None:
        raise ActualsError(f"{shown(path)}: longer than {COMMENT_BYTES // 1024} kB, or unreadable")
    text, draft, untouched = draft_state(raw.decode("utf-8", "replace"))
    try:
        markdown_limits(text)
    except ValueError as exc:
        raise ActualsError(f"{shown(path)}: {exc}") from None
    return Comment(render_notes(text), draft, untouched)


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
