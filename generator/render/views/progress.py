"""The progress page and the monthly report's content: one month of actuals set against the
plan, in the plan's language — the KGI's headline and forecast, the tree by status, the path
with what happened, what moved the KGI, what to change next, and the month × node table.

Everything comes from one :class:`~generator.actuals.report.Tracked`; nothing here reads a
file or recomputes a figure the actuals layer already worked out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.actuals.attribution import Moved, contributions, moved
from generator.actuals.progress import Cell, lower_is_better, node_key
from generator.actuals.report import Tracked
from generator.actuals.summary import FileRow
from generator.analysis.findings import Finding
from generator.analysis.kpitree import SolvedNode
from generator.analysis.report import PlanReport
from generator.knowledge import kinds, knowledge
from generator.locale import formatting
from generator.locale.labels import Labels, labels
from generator.plans.keys import node_key as key_of
from generator.plans.keys import split_key
from generator.plans.values import Month
from generator.render.views.marks import MARKS
from generator.render.views.sources import Sources, covered_days

ACTIONS_SHOWN = 3
"""How many levels below the KGI's own parts the sentences follow the largest part of the gap."""


@dataclass
class Node:
    """A row of the month table: a tree node or a platform KPI."""

    key: str
    label: str
    platform: str
    kind: str | None
    unit: str | None
    metric: str | None
    tree: SolvedNode | None = None
    scope: str | None = None
    """The platform the node is about (its own, or its branch's), by id."""

    def shown(self, value: float | None, language: str, *, compact: bool = True) -> str:
        return shown(value, self.kind, self.unit, language, self.metric, compact=compact)


def shown(
    value: float | None,
    kind: str | None,
    unit: str | None,
    language: str,
    metric: str | None,
    *,
    compact: bool = True,
) -> str:
    """An actual or a month target: counts worked out through the tree (27.38 demo requests)
    are shown whole, or to one decimal below ten. Sentences say 29.2万円; tables 292,000円."""
    if value is not None and kinds.kind(kind).whole:
        value = round(value) if abs(value) >= 10 else round(value, 1)
    return formatting.value(value, kind, unit, language, compact=compact, metric=metric)


@dataclass
class Status:
    status: str
    mark: str
    word: str


@dataclass
class TableCell:
    actual: str
    target: str
    ratio: str
    status: Status
    computed: bool
    days: str = ""
    """The days a partial month's figure covers (「3月1日〜21日」)."""
    refs: tuple[int, ...] = ()
    """Its sources, by their number in the list below the table."""


@dataclass
class TableRow:
    label: str
    platform: str
    cells: list[TableCell]


@dataclass
class Action:
    label: str
    reason: str
    steps: list[str]


@dataclass(frozen=True)
class FileLine:
    """A file read, as the internal progress page lists it."""

    file: str
    format: str
    rows: str
    span: str
    note: str


@dataclass
class ProgressView:
    t: Labels
    month: Month
    month_label: str
    headline: str
    status: Status | None
    forecast: str
    attribution: list[str]
    actions: list[Action]
    months: list[str]
    rows: list[TableRow]
    legend: str
    tracked: Tracked
    """The actuals as they stood at the end of the view's month."""
    findings: list[Finding] = field(default_factory=list)
    files: list[FileLine] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    """Where the table's figures came from, numbered as the cells cite them."""


def nodes_of(report: PlanReport) -> list[Node]:
    """Tree nodes in tree order, then the platforms' KPIs the tree does not hold."""
    plan = report.plan
    lang = plan.language
    kb = knowledge()
    found: dict[str, Node] = {}
    if report.solution is not None:
        for n in report.solution.nodes():
            platform = kb.platforms[n.scope].name(lang) if n.scope else ""
            metric = None if n.custom else n.key
            found.setdefault(
                node_key(n), Node(node_key(n), n.label, platform, n.kind, n.unit, metric, n, n.scope)
            )
    for p in plan.platforms:
        for kpi in p.kpis:
            key = key_of(kpi.metric or kpi.id or "", p.id)
            known = kb.metric(kpi.metric or "")
            label = known.name(lang) if known else str(kpi.label or kpi.id or key)
            unit = kpi.unit or (plan.currency() if known and kinds.kind(known.kind).currency else None)
            kind = known.kind if known else None
            found.setdefault(
                key, Node(key, label, kb.platforms[p.id].name(lang), kind, unit, kpi.metric, None, p.id)
            )
    return list(found.values())


def status_of(cell: Cell | None, key: str, t: Labels) -> Status:
    rules = knowledge().rules
    status = (
        cell.status(rules.value("status_green"), rules.value("status_amber"), lower_is_better(key))
        if cell is not None
        else "none"
    )
    return Status(status, MARKS[status], t.of("status", status))


def progress_view(
    report: PlanReport, tracked: Tracked, *, internal: bool, month: Month | None = None
) -> ProgressView | None:
    """The view of one month (the latest with data unless named); None without any data."""
    if month is not None:
        if month not in tracked.months:
            return None
        tracked = tracked.at(report, month)
    if not tracked.progress.months:
        return None
    plan = report.plan
    lang = plan.language
    t = labels(lang)
    month, cells = tracked.progress.months[-1]
    nodes = nodes_of(report)
    by_key = {n.key: n for n in nodes}
    kgi = tracked.summary.kgi
    headline, status, forecast = "", None, ""
    if kgi is not None and report.solution is not None:
        root = by_key[node_key(report.solution.root)]
        status = status_of(cells.get(root.key), root.key, t)
        headline = t(
            "progress_headline",
            month=formatting.month(kgi.month, lang),
            kgi=root.label,
            actual=root.shown(kgi.actual, lang),
            target=root.shown(kgi.target, lang),
            ratio=formatting.rate(kgi.ratio) if kgi.ratio is not None else "—",
        )
        if kgi.forecast is not None and kgi.forecast_ratio is not None:
            end = kgi.by or (plan.period.end if plan.period else month)
            forecast = t(
                "progress_forecast",
                by=formatting.month(end, lang),
                forecast=formatting.with_period(
                    root.shown(kgi.forecast, lang), plan.kgi.per if plan.kgi else None, lang, sentence=True
                ),
                ratio=formatting.rate(kgi.forecast_ratio),
            )
    months = [m for m, _ in tracked.progress.months]
    notes = Sources(lang)
    rows = [
        TableRow(
            n.label,
            n.platform,
            [_table_cell(n, c.get(n.key), t, lang, m, notes) for m, c in tracked.progress.months],
        )
        for n in nodes
        if any(c.get(n.key) and c[n.key].actual is not None for _, c in tracked.progress.months)
    ]
    rules = knowledge().rules
    return ProgressView(
        t=t,
        month=month,
        month_label=formatting.month(month, lang),
        headline=headline,
        status=status,
        forecast=forecast,
        attribution=_attribution(report, cells, by_key, t, lang),
        actions=_actions(report, cells, by_key, t, lang),
        months=formatting.axis_months(months, lang),
        rows=rows,
        legend=t(
            "progress_legend",
            green=formatting.rate(rules.value("status_green")),
            amber=formatting.rate(rules.value("status_amber")),
        ),
        tracked=tracked,
        findings=list(tracked.summary.findings) if internal else [],
        files=[_file_line(f, t, lang) for f in tracked.summary.files] if internal else [],
        sources=notes.lines,
    )


def _file_line(row: FileRow, t: Labels, lang: str) -> FileLine:
    span = formatting.month_range(row.first, row.last, lang) if row.first and row.last else "—"
    name = knowledge().exports.name_of(row.format, lang)
    return FileLine(row.file, name, t("data_rows", rows=f"{row.rows:,}"), span, row.note)


def _table_cell(
    node: Node, cell: Cell | None, t: Labels, lang: str, month: Month, notes: Sources
) -> TableCell:
    if cell is None:
        return TableCell("—", "—", "", status_of(None, node.key, t), False)
    days = ""
    if cell.days is not None and cell.actual is not None:
        covered = covered_days(cell, month)
        days = formatting.day_range(covered[0], covered[1], lang) if covered else ""
    # A target is a plan's figure, said as people state one (307,000, not 306,574); an
    # actual is shown as measured.
    target = (
        cell.target
        if cell.target is None or not kinds.kind(node.kind).rounded_target
        else formatting.round_target(cell.target)
    )
    return TableCell(
        node.shown(cell.actual, lang, compact=False),
        node.shown(target, lang, compact=False),
        formatting.rate(cell.ratio) if cell.ratio is not None else "",
        status_of(cell, node.key, t),
        cell.source == "computed",
        days,
        notes.cite(cell.origins) if cell.actual is not None else (),
    )


def _attribution(
    report: PlanReport, cells: dict[str, Cell], by_key: dict[str, Node], t: Labels, lang: str
) -> list[str]:
    """Sentences with numbers: which parts of the KGI's own formula made its gap, then, part
    by part, inside the one that made most of it (sessions → the platform that fell short)."""
    if report.solution is None:
        return []
    return [moved_sentence(line, cells, by_key, t, lang) for line in moved(report.solution.root, cells)]


def moved_sentence(line: Moved, cells: dict[str, Cell], by_key: dict[str, Node], t: Labels, lang: str) -> str:
    values = _values(by_key[node_key(line.node)], cells, line.share, lang)
    if line.parent is not None:
        values["parent"] = named(by_key[node_key(line.parent)], lang)
    return t(line.said, **values)


def named(node: Node, lang: str) -> str:
    """A node as a sentence names it: with its platform where it is one platform's."""
    if not node.platform:
        return node.label
    return f"{node.label}({node.platform})" if lang == "ja" else f"{node.label} on {node.platform}"


def _values(node: Node, cells: dict[str, Cell], share: float, lang: str) -> dict[str, str]:
    cell = cells[node.key]
    return {
        "share": formatting.rate(abs(share)),
        "node": named(node, lang),
        "actual": node.shown(cell.actual, lang),
        "target": node.shown(cell.target, lang),
    }


def _actions(
    report: PlanReport, cells: dict[str, Cell], by_key: dict[str, Node], t: Labels, lang: str
) -> list[Action]:
    """Actions for the parts that held the KGI back most: by their share of its gap where
    the tree splits it, else by how far below target they are; only parts below target,
    and only where the knowledge base knows what to change."""
    kb = knowledge()
    green = kb.rules.value("status_green")
    weight: dict[str, float] = {}
    if report.solution is not None:
        root_cell = cells.get(node_key(report.solution.root))
        if root_cell is not None and root_cell.ratio is not None and root_cell.ratio < 1:
            for share in contributions(report.solution.root, cells):
                weight[node_key(share.node)] = share.share
    candidates = []
    for node in by_key.values():
        cell = cells.get(node.key)
        if cell is None or node.metric is None:
            continue
        score = cell.score(lower_is_better(node.key))
        if score is None or score >= green:
            continue
        steps = kb.levers_for(node.metric, node.scope or split_key(node.key)[1])
        if steps:
            # Weighted parts first (their share of the gap), then the rest by shortfall.
            candidates.append(((weight.get(node.key, 0.0), 1 - score), node, cell, steps))
    candidates.sort(key=lambda c: c[0], reverse=True)
    # Act on the most specific part: a sum or product below target whose own part is below
    # target too is left to that part; one lever is never proposed twice.
    below = {c[1].key for c in candidates}
    actions: list[Action] = []
    proposed: set[str] = set()
    for _, node, cell, steps in candidates:
        inner = {node_key(n) for n in node.tree.walk()[1:]} if node.tree else set()
        if inner & below or steps[0].en in proposed or len(actions) == ACTIONS_SHOWN:
            continue
        proposed.add(steps[0].en)
        label = named(node, lang)
        reason = t(
            "action_reason",
            actual=node.shown(cell.actual, lang),
            target=node.shown(cell.target, lang),
            ratio=formatting.rate(cell.ratio or 0.0),
        )
        actions.append(Action(label, reason, [s(lang) for s in steps[:2]]))
    return actions
