"""Where each client stands in a month, as the agency's month screen and its home page both
say it: on track, at risk, waiting for review or data missing, with what makes it so — the
KGI against its month target, the KPIs behind, files unread or set aside, a partial month,
sources that disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.actuals.month import MonthFacts, month_facts
from generator.actuals.report import Tracked
from generator.analysis.report import PlanReport
from generator.knowledge import knowledge
from generator.plans.values import Month

STATUSES = ("on_track", "at_risk", "waiting", "missing")


@dataclass
class Standing:
    slug: str
    month: Month
    status: str
    """on_track | at_risk | waiting | missing: waiting while the month's report is held for
    review, whatever its figures say (``figures`` says that)."""
    figures: str = "missing"
    """on_track | at_risk | missing: the month's KGI against its target alone."""
    kgi_actual: float | None = None
    kgi_target: float | None = None
    kgi_ratio: float | None = None
    kgi_forecast: float | None = None
    """Where the month's pace leads by ``kgi_by`` (the goal's month or the period's end)."""
    kgi_forecast_ratio: float | None = None
    kgi_by: Month | None = None
    behind: list[str] = field(default_factory=list)
    """Keys of the month's KPIs below amber or below green."""
    unread: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    """Keys whose month the downloads cover only in part."""
    disagree: list[str] = field(default_factory=list)
    """Keys whose month two downloads give differently (the one used is named on the page)."""
    held: bool = False
    draft: bool = False
    report: str = ""
    facts: MonthFacts | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "month": str(self.month),
            "status": self.status,
            "figures": self.figures,
            "kgi": {
                "actual": self.kgi_actual,
                "target": self.kgi_target,
                "ratio": self.kgi_ratio,
                "forecast": self.kgi_forecast,
                "forecast_ratio": self.kgi_forecast_ratio,
                "by": str(self.kgi_by) if self.kgi_by is not None else None,
            },
            "behind": self.behind,
            "unread": self.unread,
            "set_aside": self.set_aside,
            "partial": self.partial,
            "disagree": self.disagree,
            "held": self.held,
            "draft": self.draft,
            "report": self.report,
            "month_facts": self.facts.as_json() if self.facts is not None else None,
        }


def standing(
    report: PlanReport, tracked: Tracked, month: Month, *, held: bool, draft: bool = False
) -> Standing:
    """One client's standing in ``month``."""
    rules = knowledge().rules
    green = rules.value("status_green")
    found = Standing(report.slug, month, "missing", held=held, draft=draft)
    found.facts = month_facts(report, tracked, month)
    summary = tracked.summary
    row = next((m for m in summary.months if m.month == month), None)
    found.unread = [s.file for s in summary.skipped if s.format is None]
    found.set_aside = [s.file for s in summary.skipped if s.format is not None]
    found.disagree = sorted(
        {
            values["key"]
            for rule, _, values in tracked.read.notes
            if rule == "actuals-sources-disagree" and values.get("month") == str(month)
        }
    )
    if row is None:
        return found
    for key, node in row.nodes.items():
        if node.days is not None and node.actual is not None:
            found.partial.append(key)
        if node.status in ("red", "amber"):
            found.behind.append(key)
    kgi = tracked.at(report, month).summary.kgi
    if kgi is not None and kgi.month == month:
        found.kgi_actual, found.kgi_target, found.kgi_ratio = kgi.actual, kgi.target, kgi.ratio
        found.kgi_forecast, found.kgi_forecast_ratio = kgi.forecast, kgi.forecast_ratio
        found.kgi_by = kgi.by or (report.plan.period.end if report.plan.period else None)
    on_track = found.kgi_ratio is not None and found.kgi_ratio >= green
    found.figures = "on_track" if on_track else "at_risk" if found.kgi_ratio is not None else "missing"
    found.status = "waiting" if held else found.figures
    return found
