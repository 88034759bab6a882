"""What a monthly report says beyond the plan's own table: each figure against last month
and the same month a year before, the month's top and bottom posts by the plan's own KPIs,
followers at each month's end, and the visits each social platform sent (GA4). Everything
comes from the figures and posts already read: nothing here reads a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.actuals.attribution import Moved, moved
from generator.actuals.progress import Cell, lower_is_better, node_key
from generator.actuals.records import Post, Read
from generator.actuals.report import Tracked
from generator.analysis.report import PlanReport
from generator.knowledge import knowledge
from generator.plans.keys import split_key
from generator.plans.values import Month

TOP = 3
"""Posts shown at each end of a platform's ranking for the month."""
RANKERS = ("saves", "shares", "views", "impressions", "likes", "comments", "link_clicks", "reach")
"""What ranks posts when the plan names no per-post KPI for a platform, most telling first."""


@dataclass(frozen=True)
class Change:
    previous: float | None
    """Last month's actual."""
    change: float | None
    """This month over last, less one (0.12: twelve per cent up)."""
    last_year: float | None = None
    yearly: float | None = None


@dataclass(frozen=True)
class Ranked:
    post: Post
    metric: str
    value: float

    def as_json(self) -> dict[str, Any]:
        post = self.post
        return {
            "platform": post.platform,
            "date": post.day.isoformat(),
            "kind": post.kind,
            "caption": post.caption,
            "link": post.link,
            "file": post.file,
            "metric": self.metric,
            "value": self.value,
        }


@dataclass
class MonthFacts:
    month: Month
    cells: dict[str, Cell] = field(default_factory=dict)
    """The month's figures by node place, as the progress table has them."""
    changes: dict[str, Change] = field(default_factory=dict)
    """By node place, for every node with an actual this month."""
    moved: list[Moved] = field(default_factory=list)
    top: list[Ranked] = field(default_factory=list)
    bottom: list[Ranked] = field(default_factory=list)
    followers: dict[str, list[tuple[Month, float]]] = field(default_factory=dict)
    """By platform: the followers at each month's end, up to this month."""
    sessions: dict[str, float] = field(default_factory=dict)
    """By platform: the visits it sent to the site this month (GA4)."""
    sessions_total: float | None = None

    def as_json(self) -> dict[str, Any]:
        rules = knowledge().rules
        green, amber = rules.value("status_green"), rules.value("status_amber")
        figures = {}
        for key, cell in sorted(self.cells.items()):
            if cell.actual is None and cell.target is None:
                continue
            change = self.changes.get(key, Change(None, None))
            figures[key] = {
                "actual": cell.actual,
                "target": cell.target,
                "ratio": cell.ratio,
                "status": cell.status(green, amber, lower_is_better(key)),
                "source": cell.source,
                "files": list(dict.fromkeys(o.file for o in cell.origins)),
                "previous": change.previous,
                "change": change.change,
                "last_year": change.last_year,
                "yearly": change.yearly,
            }
        return {
            "figures": figures,
            "moved": [
                {
                    "key": node_key(m.node),
                    "share": m.share,
                    "said": m.said,
                    "within": node_key(m.parent) if m.parent is not None else None,
                }
                for m in self.moved
            ],
            "top_posts": [r.as_json() for r in self.top],
            "bottom_posts": [r.as_json() for r in self.bottom],
            "followers": {
                p: [{"month": str(m), "value": v} for m, v in path]
                for p, path in sorted(self.followers.items())
            },
            "sessions": {"by_platform": dict(sorted(self.sessions.items())), "total": self.sessions_total},
        }


def month_facts(report: PlanReport, tracked: Tracked, month: Month) -> MonthFacts:
    facts = MonthFacts(month)
    months = dict(tracked.progress.months)
    facts.cells = months.get(month, {})
    observed = {(o.month, o.key): o.value for o in tracked.read.observations}

    def earlier(key: str, at: Month) -> float | None:
        """A month's figure: the progress table's, else (before the plan began) the download's."""
        cell = months.get(at, {}).get(key)
        if cell is not None and cell.actual is not None:
            return cell.actual
        return observed.get((at, key))

    for key, cell in facts.cells.items():
        if cell.actual is None:
            continue
        previous, last_year = earlier(key, month.plus(-1)), earlier(key, month.plus(-12))
        facts.changes[key] = Change(
            previous, _ratio(cell.actual, previous), last_year, _ratio(cell.actual, last_year)
        )
    if report.solution is not None:
        facts.moved = moved(report.solution.root, facts.cells)
    facts.top, facts.bottom = _ranked(report, tracked.read, month)
    facts.followers = _followers(tracked.read, month)
    for obs in tracked.read.observations:
        if obs.month != month:
            continue
        metric, platform = split_key(obs.key)
        if metric == "sns_sessions" and platform:
            facts.sessions[platform] = obs.value
        elif obs.key == "sns_sessions":
            facts.sessions_total = obs.value
    if facts.sessions and facts.sessions_total is None:
        facts.sessions_total = sum(facts.sessions.values())
    return facts


def _ratio(now: float, then: float | None) -> float | None:
    return None if not then else now / then - 1


def _ranked(report: PlanReport, read: Read, month: Month) -> tuple[list[Ranked], list[Ranked]]:
    """The month's top and bottom posts of each platform, ranked by the first of the plan's
    own KPIs on that platform that the posts carry (saves on Instagram, views on TikTok…):
    a platform's posts are never ranked against another's, whose figures mean other things."""
    top: list[Ranked] = []
    bottom: list[Ranked] = []
    for platform in sorted({p.platform for p in read.posts}):
        posts = [p for p in read.posts if p.platform == platform and Month(p.day.year, p.day.month) == month]
        metric = _ranker(report, platform, posts)
        if metric is None:
            continue
        ranked = [Ranked(p, metric, p.values[metric]) for p in posts if metric in p.values]
        ranked.sort(key=lambda r: (-r.value, r.post.day, r.post.link))
        best = ranked[:TOP]
        top += best
        bottom += [r for r in reversed(ranked) if r not in best][:TOP]
    return top, bottom


def _ranker(report: PlanReport, platform: str, posts: list[Post]) -> str | None:
    carried = {m for p in posts for m in p.values}
    plan = report.plan
    own = [k.metric for p in plan.platforms if p.id == platform for k in p.kpis if k.metric]
    if report.solution is not None:
        own += [n.key for n in report.solution.nodes() if n.scope == platform and not n.custom]
    for metric in [*own, *RANKERS]:
        if metric in carried:
            return metric
    return None


def _followers(read: Read, month: Month) -> dict[str, list[tuple[Month, float]]]:
    found: dict[str, list[tuple[Month, float]]] = {}
    for obs in sorted(read.observations, key=lambda o: o.month):
        metric, platform = split_key(obs.key)
        if metric == "followers" and platform and obs.month <= month:
            found.setdefault(platform, []).append((obs.month, obs.value))
    return {p: path for p, path in found.items() if path and path[-1][0] == month}
