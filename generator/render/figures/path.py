"""The KGI's month-by-month target path as a chart: one drawing for the site, the progress
page (with what happened and where the pace leads) and the deck."""

from __future__ import annotations

from generator.analysis.report import PlanReport
from generator.locale import formatting
from generator.locale.labels import labels
from generator.render.figures.chart import line_chart
from generator.settings import BRAND


def path_chart(
    report: PlanReport,
    *,
    title: str,
    prefix: str,
    actual: list[float | None] | None = None,
    forecast: list[float | None] | None = None,
    legend: tuple[str, str, str] | None = None,
    brand: str = BRAND,
) -> str:
    """The path from the KGI's baseline to its target, months on the x axis in the plan's
    language and values in the KGI's own unit; '' when the plan has no path."""
    solution = report.solution
    if not report.path or solution is None:
        return ""
    plan = report.plan
    root = solution.root
    language = plan.language
    baseline = plan.kgi.baseline.value if plan.kgi and plan.kgi.baseline else None
    shown = root.shown(language, baseline, compact=True) if baseline else ""
    return line_chart(
        list(
            zip(
                formatting.axis_months([pt.month for pt in report.path], language),
                [pt.value for pt in report.path],
                strict=True,
            )
        ),
        title=title,
        prefix=prefix,
        y_label=lambda v: formatting.value(v, root.kind, root.unit, language, compact=True),
        baseline=baseline,
        actual=actual,
        forecast=forecast,
        legend=legend,
        brand=brand,
        baseline_label=labels(language)("chart_baseline", value=shown) if shown else "",
        caption=root.label,
    )
