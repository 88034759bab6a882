"""The progress page's pictures: the plan's KPI tree drawn over with one month's actuals and
statuses, and the KGI's target path with the actual months and the forecast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from generator.actuals.progress import node_key
from generator.analysis.kpitree import SolvedNode
from generator.analysis.report import PlanReport
from generator.errors import DiagramError
from generator.render.figures.diagram import Overlay, kpi_tree_dot, render_svg
from generator.render.figures.path import path_chart
from generator.render.text.escape import md
from generator.render.views.progress import ProgressView, shown, status_of
from generator.settings import BRAND

PROGRESS_TREE = "progress-tree.svg"
PROGRESS_CHART = "progress-chart.svg"


def overlay_for(view: ProgressView, report: PlanReport) -> Callable[[SolvedNode], Overlay]:
    """The tree overlay of the view's month: each node's actual / target and status."""
    cells = view.tracked.progress.months[-1][1]
    lang = report.plan.language

    def overlay(node: SolvedNode) -> Overlay:
        key = node_key(node)
        cell = cells.get(key)
        status = status_of(cell, key, view.t)
        metric = None if node.custom else node.key
        actual = shown(cell.actual if cell else None, node.kind, node.unit, lang, metric)
        target = shown(cell.target if cell else None, node.kind, node.unit, lang, metric)
        return Overlay(status.status, status.mark, status.word, actual, target)

    return overlay


def progress_pictures(
    view: ProgressView, report: PlanReport, cache_dir: Path | None, brand: str = BRAND
) -> tuple[dict[str, str], dict[str, Markup]]:
    """The tree by status and the path chart with actuals and forecast: (files, image Markdown)."""
    files: dict[str, str] = {}
    shown: dict[str, Markup] = {}
    t = view.t
    slug = report.slug
    solution = report.solution
    if solution is None:
        return files, shown
    title = t("progress_tree_alt", month=view.month_label)
    prefix = f"progress-{slug}"
    dot = kpi_tree_dot(solution, report.plan.language, prefix, title, overlay_for(view, report))
    try:
        files[PROGRESS_TREE] = render_svg(dot, prefix, title, cache_dir)
    except DiagramError as exc:
        raise DiagramError(f"{report.file}: {exc}") from None
    shown["tree"] = Markup(f"![{md(title)}]({PROGRESS_TREE})")
    if report.path:
        files[PROGRESS_CHART] = _path_chart(view, report, brand)
        shown["chart"] = Markup(
            f"![{md(t('progress_chart_alt', kgi=solution.root.label))}]({PROGRESS_CHART})"
        )
    return files, shown


def _path_chart(view: ProgressView, report: PlanReport, brand: str) -> str:
    """The target path, the KGI's actual months as squares, and from the latest of them the
    path scaled by its ratio: where the same pace against the plan leads."""
    solution = report.solution
    assert solution is not None
    root = solution.root
    key = node_key(root)
    got = {m: c[key].actual for m, c in view.tracked.progress.months if key in c}
    kgi = view.tracked.summary.kgi  # the latest month with the KGI's actual, and its ratio
    forecast: list[float | None] = []
    if kgi and kgi.ratio is not None:
        since, ratio = kgi.month, kgi.ratio
        forecast = [pt.value * ratio if pt.month >= since else None for pt in report.path]
    t = view.t
    return path_chart(
        report,
        title=t("progress_chart_alt", kgi=root.label),
        prefix=f"progress-path-{report.slug}",
        actual=[got.get(pt.month) for pt in report.path],
        forecast=forecast or None,
        legend=(t.chart_plan, t.chart_actual, t.chart_forecast),
        brand=brand,
    )
