"""What happened against the plan, month by month: each node's actual (imported, manual, or
worked out through the tree), its target for that month, the ratio and a status; the KGI's
forecast; and which parts of the tree moved it.

A tree node is its place in the tree: a figure for ``reservation_cvr@google_business_profile``
feeds the booking rate under the Google branch, never the one under Instagram. A month the
downloads cover only in part is judged pro rata where that is fair (flows: counts and money),
and otherwise said to be partial, never green or red as if it were whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.actuals.manual import reported_keys
from generator.actuals.records import Origin, Read
from generator.analysis.kpitree import SolvedNode, equation
from generator.analysis.report import PlanReport
from generator.knowledge import knowledge
from generator.plans.keys import node_key as key_of
from generator.plans.keys import split_key
from generator.plans.values import Month

RATE_KINDS = ("rate", "seconds")
"""Kinds whose target holds every month (a rate, an average); counts and money ramp up."""


Status = Literal["green", "amber", "red", "partial", "none"]
"""How a node did in a month; ``partial``: a month not over yet, judged on its days so far."""


@dataclass
class Cell:
    actual: float | None
    target: float | None
    source: str
    """imported | manual | computed | none"""
    origins: tuple[Origin, ...] = ()
    """Where the actual came from (none for a figure worked out through the tree)."""
    days: tuple[int, int] | None = None
    """(days covered, days in the month) when the month is covered in part only."""
    judged: bool = True
    """False for a partial month that cannot be fairly judged pro rata (a level, followers)."""

    @property
    def ratio(self) -> float | None:
        if self.actual is None or not self.target:
            return None
        return self.actual / self.target

    def score(self, lower_is_better: bool = False) -> float | None:
        """How well it did against target, higher is better: the ratio, turned over for a cost."""
        ratio = self.ratio
        if ratio is None:
            return None
        return 1 / ratio if lower_is_better and ratio > 0 else ratio

    def status(self, green: float, amber: float, lower_is_better: bool = False) -> Status:
        if self.actual is not None and not self.judged:
            return "partial"
        score = self.score(lower_is_better)
        if score is None:
            return "none"
        return "green" if score >= green else "amber" if score >= amber else "red"


@dataclass
class Progress:
    months: list[tuple[Month, dict[str, Cell]]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    """Files that gave at least one figure the plan tracks."""
    outside: list[tuple[str, Month, str]] = field(default_factory=list)
    """(file, month, node key) of each figure dated outside the plan's period."""

    def until(self, month: Month) -> Progress:
        """As it stood at the end of ``month``: a past month's report, not today's."""
        return Progress(
            [(m, c) for m, c in self.months if m <= month], self.unmapped, self.used, self.outside
        )


def node_key(node: SolvedNode) -> str:
    """A tree node's key: its place in the tree."""
    return node.place or key_of(node.key, node.platform)


def progress(report: PlanReport, read: Read) -> Progress:
    """The month × node table from the first to the last month with data."""
    solution = report.solution
    out = Progress()
    if solution is None or not read.observations:
        return out
    plan = report.plan
    nodes = {node_key(n): n for n in solution.nodes()}
    kpis = {key_of(k.metric or k.id or "", p.id): k for p in plan.platforms for k in p.kpis}
    feeds = _feeds(nodes, kpis)
    period = (plan.period.start, plan.period.end) if plan.period else None
    values: dict[Month, dict[str, Cell]] = {}
    reported = reported_keys(plan)
    for obs in read.observations:
        places = feeds.get(obs.key)
        if not places:
            if obs.key in reported:  # the monthly report shows it, outside the tree
                if not period or period[0] <= obs.month <= period[1]:
                    out.used.update(o.name or o.file for o in obs.origins)
            elif obs.source == "manual":  # an export carries metrics the plan does not track, by design
                out.unmapped.append(obs.key)
            continue
        if period and not period[0] <= obs.month <= period[1]:
            out.outside.append((obs.file, obs.month, obs.key))
            continue
        out.used.update(o.name or o.file for o in obs.origins)
        for place in places:
            values.setdefault(obs.month, {})[place] = Cell(obs.value, None, obs.source, obs.origins, obs.days)
    if not values:
        return out
    first, last = min(values), max(values)
    path = {p.month: p for p in report.path}
    final = solution.root.value or 0.0
    month = first
    while month <= last:
        cells = dict(values.get(month, {}))
        _compute(solution.root, cells)
        share = (path[month].value / final) if month in path and final else None
        point = path.get(month)
        for key, node in nodes.items():
            cell = cells.setdefault(key, Cell(None, None, "none"))
            cell.target = _target(node, node is solution.root, share, point)
            _judge(cell, node.kind, None if node.custom else node.key)
        for key, kpi in kpis.items():
            cell = cells.setdefault(key, Cell(None, None, "none"))
            metric = knowledge().metric(kpi.metric or "")
            if kpi.target is not None and cell.target is None:
                ramps = metric is not None and metric.kind not in RATE_KINDS and not metric.per_unit
                base = kpi.baseline.value if kpi.baseline is not None else None
                cell.target = _ramp(kpi.target.value, base, share, point) if ramps else kpi.target.value
                _judge(cell, metric.kind if metric else None, kpi.metric)
        out.months.append((month, cells))
        month = month.plus(1)
    return out


def _feeds(nodes: dict[str, SolvedNode], kpis: dict[str, Any]) -> dict[str, list[str]]:
    """Which cells a figure of a key feeds: the node at that place, a node of that metric on
    the platform its branch is about, a platform KPI of that key."""
    feeds: dict[str, list[str]] = {}
    for place, node in nodes.items():
        for alias in dict.fromkeys((place, key_of(node.key, node.scope))):
            feeds.setdefault(alias, []).append(place)
    for key in kpis:
        if key not in feeds.get(key, []):
            feeds.setdefault(key, []).append(key)
    return feeds


def _judge(cell: Cell, kind: str | None, metric_id: str | None) -> None:
    """Whole things have whole monthly targets; a month covered in part is judged against
    the part of its target those days carry (a flow), or not judged (a level)."""
    if cell.target is None:
        return
    metric = knowledge().metric(metric_id or "") if metric_id else None
    flow = kind not in RATE_KINDS and not (metric is not None and (metric.per_unit or metric.level))
    if cell.days is not None and cell.actual is not None:
        if flow:
            covered, in_month = cell.days
            cell.target = cell.target * covered / in_month
        elif metric is not None and metric.level:
            cell.judged = False
    if kind in (None, "count") and flow:
        cell.target = float(round(cell.target))


def _target(node: SolvedNode, is_root: bool, share: float | None, point: Any) -> float | None:
    if node.value is None:
        return None
    if is_root:
        return float(point.value) if point is not None else node.value
    metric = None if node.custom else knowledge().metric(node.key)
    if node.kind in RATE_KINDS or (metric is not None and metric.per_unit):
        return node.value
    return _ramp(node.value, node.baseline, share, point)


def _ramp(final: float, baseline: float | None, share: float | None, point: Any) -> float:
    """A count's or money's target for the month. With its own baseline it climbs from there
    by the KGI path's share of growth; without one, it follows the KGI's month target over
    its goal, so that the tree still multiplies out month by month."""
    if baseline is not None and point is not None:
        return baseline + (final - baseline) * float(point.share)
    return final * share if share is not None else final


def _compute(root: SolvedNode, cells: dict[str, Cell]) -> None:
    """Fill what the tree determines from what was imported: a product from its factors, a
    factor from its product and the others (a rate from its parts), the same for sums."""
    changed = True
    while changed:
        changed = False
        for node in root.walk():
            if node.op not in ("product", "sum") or not node.children:
                continue
            keys = [node_key(c) for c in node.children]
            parent = cells.get(node_key(node))
            found = equation(
                node.op,
                parent.actual if parent is not None else None,
                [cells[k].actual if k in cells else None for k in keys],
            )
            if found is not None:
                index, value = found
                if index >= 0 and node.op == "sum" and _total_of_parts(parent, [cells.get(k) for k in keys]):
                    continue
                # A part worked out from a sum never goes below zero: the others overshot.
                key = node_key(node) if index < 0 else keys[index]
                inputs = [cells.get(k) for k in [node_key(node), *keys] if k != key]
                partial = [c.days for c in inputs if c is not None and c.days is not None]
                days = min(partial) if partial else None
                cells[key] = Cell(max(value, 0.0) if index >= 0 else value, None, "computed", (), days)
                changed = True


def _total_of_parts(total: Cell | None, parts: list[Cell | None]) -> bool:
    """Whether a sum's figure came from the very files its known parts came from (GA4's
    social sessions and each platform's sessions from one download): the file's total is
    then the sum of the rows it could place, and what is left over is not a figure of the
    missing part but only what that file did not hold (paid sessions it never listed)."""
    if total is None or not total.origins:
        return False
    files = {o.file for o in total.origins}
    known = {o.file for part in parts if part is not None for o in part.origins}
    return files <= known


def lower_is_better(key: str) -> bool:
    metric = knowledge().metric(split_key(key)[0])
    return bool(metric and metric.lower_is_better)
