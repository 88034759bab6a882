"""The manual format, ``month,metric,value[,platform][,note]`` (or ``月,指標,値,媒体,備考``),
for what no platform exports: reservations, LINE figures, survey results.

People type it, so it takes what people type: ``2027-01``, ``2027/1`` or ``2027年1月``; a
metric by its id or by the name the catalogue or the plan gives it, in either language; a
platform by id or name. A row it still cannot place on the plan is listed with its line,
never dropped in silence.
"""

from __future__ import annotations

import re
import unicodedata

from generator.actuals.cells import CellError, number
from generator.actuals.records import FileInfo, Observation, Read
from generator.actuals.tables import RawTable
from generator.knowledge import knowledge
from generator.plans.keys import node_key, split_key
from generator.plans.model import Plan
from generator.plans.values import Month

MANUAL_HEADERS = (("month", "metric", "value"), ("月", "指標", "値"))
"""The manual format's header, in English or Japanese."""
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:月)?(?:[-/.]\d{1,2}(?:日)?)?$")


def plan_keys(plan: Plan) -> set[str]:
    """Every node key the plan tracks: tree nodes and platform KPIs, with their platform, and
    what the monthly report shows besides."""
    keys = set()
    if plan.kpi_tree is not None:
        for _, node in plan.kpi_tree.walk():
            if node.key:
                keys.add(node_key(node.key, node.platform))
    if plan.kgi is not None and plan.kgi.key:
        keys.add(plan.kgi.key)
    for p in plan.platforms:
        keys |= {node_key(k.metric or k.id or "", p.id) for k in p.kpis}
    return keys | reported_keys(plan)


def reported_keys(plan: Plan) -> set[str]:
    """What every monthly report shows whether the tree has it or not: each of the plan's
    platforms' followers at month end."""
    return {node_key("followers", p.id) for p in plan.platforms}


def read_manual(
    table: RawTable, header: list[str], read: Read, plan: Plan, labels: dict[str, str] | None = None
) -> None:
    """``labels``: the tree's nodes by their label (and place key), so that a row may name a
    node as the strategist sees it on the page (「Googleマップ経由の新患予約」)."""
    platform_at = 3 if len(header) > 3 and header[3] in ("platform", "媒体") else None
    known = plan_keys(plan)
    places = {_norm(k): v for k, v in (labels or {}).items()}
    metrics, platforms = _metric_names(plan), _platform_names()
    info = FileInfo(table.name, "manual", None, 0)
    months: list[Month] = []
    for line, row in enumerate(table.rows[1:], 2):
        cells = [*row, "", ""]
        month = _month(cells[0])
        place = places.get(_norm(cells[1]))
        metric = place or metrics.get(_norm(cells[1]))
        typed = cells[3].strip() if platform_at is not None else ""
        platform = platforms.get(_norm(typed)) if typed else None
        try:
            value = number(cells[2])
        except CellError as exc:
            read.unplaced.append((table.name, line, cells[2].strip()[:30], "row_value", str(exc)))
            continue
        if value is None:
            continue  # a row left blank on purpose
        problem = (
            ("row_month", cells[0].strip()[:20])
            if month is None
            else ("row_metric", cells[1].strip()[:40])
            if metric is None
            else ("row_platform", typed[:30])
            if typed and not platform
            else None
        )
        scoped = places.get(_norm(node_key(metric, platform))) if metric and platform else None
        key = place or scoped or (_place(metric, platform, known) if problem is None and metric else None)
        if problem is None and key is None:
            problem = ("row_place", node_key(str(metric), platform))
        if problem is not None or key is None or month is None:
            what, said = problem or ("row_place", "")
            read.unplaced.append((table.name, line, said, what, ""))
            continue
        read.observations.append(Observation(month, key, value, "manual", table.name, line))
        info.rows += 1
        months.append(month)
    info.first, info.last = min(months, default=None), max(months, default=None)
    read.files.append(info)


def _place(metric: str, platform: str | None, known: set[str]) -> str | None:
    """The plan's node for a row: as written, else the only node of that metric (on the
    platform given, or on whichever platform the plan tracks it)."""
    key = node_key(metric, platform)
    if key in known:
        return key
    if platform is None:
        on_platforms = [k for k in known if split_key(k)[0] == metric]
        if len(on_platforms) == 1:
            return on_platforms[0]
    elif metric in known:
        return metric  # the tree tracks it without a platform; the platform only said where
    return None


def _month(text: str) -> Month | None:
    found = _MONTH.match(unicodedata.normalize("NFKC", text).strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        return None
    return Month(int(found.group(1)), int(found.group(2)))


def _norm(text: str) -> str:
    """A name as people type it: width, case, spaces and brackets do not matter."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s()（）「」・_\-]", "", folded)


def _metric_names(plan: Plan) -> dict[str, str]:
    kb = knowledge()
    names: dict[str, str] = {}
    for metric in kb.metrics.values():
        for text in (metric.id, metric.name("ja"), metric.name("en")):
            names.setdefault(_norm(text), metric.id)
    nodes = [n for _, n in plan.kpi_tree.walk()] if plan.kpi_tree is not None else []
    for node in nodes:
        if node.id:
            names[_norm(node.id)] = node.id
            if node.label:
                names[_norm(node.label)] = node.id
    for p in plan.platforms:
        for kpi in p.kpis:
            if kpi.id:
                names[_norm(kpi.id)] = kpi.id
                if kpi.label:
                    names[_norm(kpi.label)] = kpi.id
    if plan.kgi is not None and plan.kgi.id:
        names[_norm(plan.kgi.id)] = plan.kgi.id
        if plan.kgi.label:
            names[_norm(plan.kgi.label)] = plan.kgi.id
    return names


def _platform_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for platform in knowledge().platforms.values():
        for text in (platform.id, platform.name("ja"), platform.name("en"), platform.app_name("ja")):
            names.setdefault(_norm(text), platform.id)
    return names
