"""The KPI tree's arithmetic: given values that agree, and every node determined."""

from __future__ import annotations

from collections.abc import Iterator

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding
from generator.analysis.kpitree import SolvedNode
from generator.locale import formatting

# ---------------------------------------------------------------------------- tree


@rule
def tree_inconsistent(c: Context) -> Iterator[Finding]:
    if c.solution is None:
        return
    lang = c.lang
    for m in c.solution.mismatches:
        node = m.node

        def show(value: float, node: SolvedNode = node) -> str:
            return node.shown(lang, value)

        how = c.word("tree-inconsistent", "multiply" if node.op == "product" else "add")
        diff = abs(m.actual - m.expected) / max(abs(m.expected), 1e-12)
        yield c.finding(
            "tree-inconsistent",
            node.path,
            "mismatch",
            "mismatch_hint",
            node=node.label,
            expected=show(m.expected),
            actual=show(m.actual),
            how=how,
            diff=formatting.rate(diff),
        )
    for bad in c.solution.bad_values:
        node = bad.node
        value = node.shown(lang)
        key = "negative" if bad.reason == "negative" else "over_100"
        yield c.finding("tree-inconsistent", node.path, key, "bad_hint", node=node.label, value=value)
    for clash in c.solution.unit_clashes:
        key = clash.reason.replace("-", "_")
        yield c.finding(
            "tree-inconsistent",
            clash.node.path,
            key,
            "units_hint",
            node=clash.node.label,
            detail=clash.detail,
        )


@rule
def tree_underdetermined(c: Context) -> Iterator[Finding]:
    if c.solution is None:
        return
    for gap in c.solution.gaps:
        unknown = c.join(n.label for n in gap.unknown)
        yield c.finding(
            "tree-underdetermined", gap.node.path, "gap", "gap_hint", node=gap.node.label, unknown=unknown
        )
    for node in c.solution.loose:
        yield c.finding("tree-underdetermined", node.path, "loose", "loose_hint", node=node.label)


@rule
def target_conflict(c: Context) -> Iterator[Finding]:
    """A platform KPI and a tree node for the same metric and platform with different numbers:
    the client would read both, on two pages."""
    if c.solution is None:
        return
    nodes = {(n.key, n.platform): n for n in c.solution.nodes() if not n.custom and n.value is not None}
    kgi_per = c.plan.kgi.per if c.plan.kgi else None
    tolerance = c.kb.rules.value("tree_tolerance")
    for i, platform in enumerate(c.plan.platforms):
        for j, kpi in enumerate(platform.kpis):
            node = nodes.get((kpi.metric or "", platform.id))
            if node is None or node.value is None or kpi.target is None or (kpi.per or kgi_per) != kgi_per:
                continue
            given, solved = kpi.target.value, node.value
            if abs(given - solved) > tolerance * max(abs(given), abs(solved), 1e-12):
                yield c.finding(
                    "target-conflict",
                    ("platforms", i, "kpis", j, "target"),
                    "conflict",
                    "hint",
                    metric=c.metric_name(kpi.metric or ""),
                    platform=c.kb.platforms[platform.id].name(c.lang),
                    kpi=node.shown(c.lang, given),
                    tree=node.shown(c.lang, solved),
                    how=c.word("target-conflict", "computed" if node.computed else "given"),
                )


@rule
def tree_shape(c: Context) -> Iterator[Finding]:
    """Trees whose shape cannot mean what it says: an operation with nothing under it, counts
    multiplied by counts (sessions × sessions: usually a mis-indented branch), a rate added
    to a count."""
    if c.solution is None:
        return
    for path, tree_node, _ in c.tree_nodes():
        if tree_node.op is not None and not tree_node.children:  # the solver sees only a leaf here
            label = tree_node.label or (
                c.metric_name(tree_node.metric) if tree_node.metric else tree_node.id or ""
            )
            yield c.finding("tree-shape", (*path, "op"), "empty", "empty_hint", node=label, op=tree_node.op)
    for node in c.solution.nodes():
        if not node.children:
            continue
        kinds = [child.kind for child in node.children]
        counts = [child.label for child in node.children if child.kind == "count" and not _per_unit(c, child)]
        if node.op == "product" and len(counts) >= 2:
            yield c.finding(
                "tree-shape", node.path, "counts", "counts_hint", node=node.label, counts=c.join(counts)
            )
        elif node.op == "sum" and "rate" in kinds and any(k in ("count", "money") for k in kinds):
            yield c.finding("tree-shape", node.path, "mixed", "mixed_hint", node=node.label)
        elif node.op == "sum":
            yield from _people_and_showings(c, node)
            yield from _remainders(c, node)


def _remainders(c: Context, node: SolvedNode) -> Iterator[Finding]:
    """A platform's part of a sum that is only what the other parts leave over: nothing ties
    it to anything the platform can move (the audit's LINE branch of 900 bookings)."""
    others = [child for child in node.children if not child.computed]
    for child in node.children:
        if child.children or not child.computed or not child.platform or child.value is None or not others:
            continue
        metric = None if child.custom else c.kb.metric(child.key)
        if metric is None or metric.stage != "conversion":
            continue  # a platform's own views or visits are a figure it moves directly
        yield c.finding(
            "tree-shape",
            child.path,
            "remainder",
            "remainder_hint",
            severity="warning",
            node=child.label,
            value=child.shown(c.lang, compact=True),
            platform=c.kb.platforms[child.platform].name(c.lang),
        )


def _people_and_showings(c: Context, node: SolvedNode) -> Iterator[Finding]:
    """Unique reach (people) added to impressions or views (showings): the total counts some
    people once and others many times, and means neither."""
    keys = {child.key for child in node.children if not child.custom}
    people = [c.metric_name(k) for k in sorted(keys & c.rules.people_counts)]
    showings = [c.metric_name(k) for k in sorted(keys & c.rules.showing_counts)]
    if people and showings:
        yield c.finding(
            "tree-shape",
            node.path,
            "people_and_showings",
            "people_and_showings_hint",
            node=node.label,
            people=c.join(people),
            showings=c.join(showings),
        )


def _per_unit(c: Context, node: SolvedNode) -> bool:
    metric = None if node.custom else c.kb.metric(node.key)
    return bool(metric and metric.per_unit)
