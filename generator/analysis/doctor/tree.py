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
            return formatting.value(value, node.kind, node.unit, lang)

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
        value = formatting.value(node.value, node.kind, node.unit, lang)
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
