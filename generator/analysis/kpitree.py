"""KPI-tree arithmetic: fill in what the tree determines, and say what it cannot.

A ``product`` node equals the product of its children and a ``sum`` node their sum;
``drivers`` nodes carry no arithmetic. Each such node is one equation. Solving runs
every equation in both directions (back-calculation from the KGI, and up from the
leaves) until nothing changes; then every fully known equation is checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from generator.errors import KeyPath
from generator.knowledge import kinds, knowledge
from generator.knowledge.kinds import kind_of
from generator.locale import formatting
from generator.plans.model import Plan, TreeNode


@dataclass
class SolvedNode:
    path: KeyPath
    key: str
    custom: bool
    label: str
    kind: str | None
    unit: str | None
    op: str | None
    platform: str | None
    given: float | None
    value: float | None = None
    computed: bool = False
    children: list[SolvedNode] = field(default_factory=list)
    baseline: float | None = None
    """Where the node stands today, when the plan says: its month targets start there."""
    counter: str | None = None
    """What a custom count counts (unit_label: 件, demo requests), written after its figures."""
    basis: str | None = None
    """Why the plan's target is what it is, when the plan says."""
    place: str = ""
    """The node's name in actuals and outputs: ``metric@platform``, and where two nodes would
    share that, the parent's place and a ``/`` before it (two booking rates, one per branch)."""
    scope: str | None = None
    """The platform the node is about: its own, else the nearest ancestor's."""

    def walk(self) -> list[SolvedNode]:
        return [self, *(n for c in self.children for n in c.walk())]

    def shown(self, language: str, value: float | None = None, *, compact: bool = False) -> str:
        """Its value (or another in its kind and unit) as pages write it: 3,000,000円, 月450件."""
        metric = None if self.custom else self.key
        amount = self.value if value is None else value
        return formatting.value(
            amount, self.kind, self.unit, language, compact=compact, metric=metric, counter=self.counter
        )


@dataclass(frozen=True)
class Mismatch:
    """An equation whose known values disagree beyond the tolerance."""

    node: SolvedNode
    expected: float
    actual: float


@dataclass(frozen=True)
class Gap:
    """An equation left with two or more unknowns (or an unsolvable zero)."""

    node: SolvedNode
    unknown: tuple[SolvedNode, ...]


@dataclass(frozen=True)
class BadValue:
    """A solved value that cannot be right: negative, or a rate above 100 %."""

    node: SolvedNode
    reason: str  # "negative" | "rate-over-100"


@dataclass(frozen=True)
class UnitClash:
    node: SolvedNode
    reason: str  # "currencies" | "sum-kinds" | "product-money"
    detail: str


@dataclass
class Solution:
    root: SolvedNode
    mismatches: list[Mismatch] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    loose: list[SolvedNode] = field(default_factory=list)
    """Nodes outside any equation (under ``drivers`` or a lone root) with no value."""
    bad_values: list[BadValue] = field(default_factory=list)
    unit_clashes: list[UnitClash] = field(default_factory=list)

    def nodes(self) -> list[SolvedNode]:
        return self.root.walk()


def solve(plan: Plan) -> Solution | None:
    """Solve the plan's tree; ``None`` when the plan has no tree."""
    if plan.kpi_tree is None:
        return None
    root = _build(plan, plan.kpi_tree, ("kpi_tree",), is_root=True)
    _place(root)
    solution = Solution(root)
    equations = [n for n in root.walk() if n.op in ("product", "sum") and n.children]
    for node in root.walk():
        node.value = node.given
    for _ in range(len(equations) * 2 + 2):
        if not any([_step(eq) for eq in equations]):
            break
    for eq in equations:
        _verify(eq, solution)
    in_equation = {id(c) for eq in equations for c in eq.children} | {id(eq) for eq in equations}
    solution.loose = [n for n in root.walk() if n.value is None and id(n) not in in_equation]
    for node in root.walk():
        if node.computed and node.value is not None:
            if node.value < -1e-9:
                solution.bad_values.append(BadValue(node, "negative"))
            elif kinds.kind(node.kind).share and node.value > 1 + 1e-9 and not _unbounded(node):
                solution.bad_values.append(BadValue(node, "rate-over-100"))
    solution.unit_clashes = _unit_clashes(root)
    return solution


def _build(plan: Plan, node: TreeNode, path: KeyPath, *, is_root: bool = False) -> SolvedNode:
    kgi = plan.kgi if is_root else None
    key = node.key or (kgi.key if kgi else "")
    custom = bool(node.id or (is_root and not node.metric and kgi is not None and kgi.id))
    metric = None if custom else knowledge().metric(key)
    unit = node.unit or (kgi.unit if kgi else None)
    target = node.target or (kgi.target if kgi else None)
    kind = kind_of(metric.kind if metric else None, unit, target.percent if target is not None else None)
    if kinds.kind(kind).currency and unit is None and plan.kgi is not None:
        unit = plan.kgi.unit
    label = (
        node.label
        or (kgi.label if kgi and kgi.label else None)
        or (metric.name(plan.language) if metric else key)
    )
    target = node.target if node.target is not None else (kgi.target if kgi else None)
    solved = SolvedNode(
        path=path,
        key=key,
        custom=custom,
        label=label,
        kind=kind,
        unit=unit if kinds.kind(kind).currency else None,
        op=node.op if node.children else None,
        platform=node.platform,
        given=target.value if target is not None else None,
        baseline=node.baseline.value if node.baseline is not None else None,
        counter=node.unit_label or (kgi.unit_label if kgi else None),
        basis=node.basis or (kgi.basis if kgi and node.target is None else None),
    )
    solved.children = [_build(plan, c, (*path, "children", i)) for i, c in enumerate(node.children)]
    return solved


def _place(root: SolvedNode) -> None:
    """Give every node its place key (see :attr:`SolvedNode.place`) and its scope."""
    from generator.plans.keys import node_key

    parents: dict[int, SolvedNode] = {}

    def scoped(node: SolvedNode, inherited: str | None) -> None:
        node.scope = node.platform or inherited
        for child in node.children:
            parents[id(child)] = node
            scoped(child, node.scope)

    scoped(root, None)
    nodes = root.walk()
    base = {id(n): node_key(n.key, n.platform) for n in nodes}
    counts: dict[str, int] = {}
    for n in nodes:
        counts[base[id(n)]] = counts.get(base[id(n)], 0) + 1
    for n in nodes:  # walk() is top-down: a parent is placed before its children
        key = base[id(n)]
        parent = parents.get(id(n))
        if counts[key] > 1 and parent is not None:
            key = f"{parent.place}/{key}"
        n.place = key
    seen: dict[str, int] = {}
    for n in nodes:  # the same part twice under one parent: numbered in tree order
        seen[n.place] = seen.get(n.place, 0) + 1
        if seen[n.place] > 1:
            n.place = f"{n.place}#{seen[n.place]}"


def _combine(op: str, values: list[float]) -> float:
    return math.prod(values) if op == "product" else math.fsum(values)


def equation(op: str, whole: float | None, parts: list[float | None]) -> tuple[int, float] | None:
    """One step of an equation ``whole = op(parts)``: the value it determines, as (-1, value)
    for the whole or (index, value) for the one missing part; None when it determines none.
    The plan's solver and the actuals' month-by-month reckoning both take this step."""
    unknown = [i for i, v in enumerate(parts) if v is None]
    if whole is None and not unknown:
        return -1, _combine(op, [v for v in parts if v is not None])
    if whole is not None and len(unknown) == 1:
        known = [v for v in parts if v is not None]
        if op == "product":
            rest = math.prod(known)
            return None if rest == 0 else (unknown[0], whole / rest)
        return unknown[0], whole - math.fsum(known)
    return None


def _step(eq: SolvedNode) -> bool:
    """Apply one equation once; True when it filled in a value."""
    assert eq.op is not None
    found = equation(eq.op, eq.value, [c.value for c in eq.children])
    if found is None:
        return False
    index, value = found
    target = eq if index < 0 else eq.children[index]
    target.value, target.computed = value, True
    return True


def _verify(eq: SolvedNode, solution: Solution) -> None:
    assert eq.op is not None
    unknown = tuple(c for c in eq.children if c.value is None)
    if eq.value is None or unknown:
        solution.gaps.append(Gap(eq, unknown or (eq,)))
        return
    actual = _combine(eq.op, [c.value for c in eq.children])  # type: ignore[misc]
    expected = eq.value
    tolerance = knowledge().rules.value("tree_tolerance")
    if abs(actual - expected) > tolerance * max(abs(expected), abs(actual), 1e-12):
        solution.mismatches.append(Mismatch(eq, expected, actual))


def _unbounded(node: SolvedNode) -> bool:
    metric = None if node.custom else knowledge().metric(node.key)
    return bool(metric and metric.unbounded)


def _unit_clashes(root: SolvedNode) -> list[UnitClash]:
    clashes: list[UnitClash] = []
    currencies = sorted({n.unit for n in root.walk() if n.unit})
    if len(currencies) > 1:
        clashes.append(UnitClash(root, "currencies", " / ".join(currencies)))
    for node in root.walk():
        parts = [c.kind for c in node.children if c.kind]
        if node.op == "sum" and len(set(parts + ([node.kind] if node.kind else []))) > 1:
            clashes.append(UnitClash(node, "sum-kinds", " + ".join(dict.fromkeys(parts))))
        if node.op == "product" and node.kind != "money" and "money" in parts:
            clashes.append(UnitClash(node, "product-money", ", ".join(c.label for c in node.children)))
        if node.op == "product" and node.kind == "money" and parts.count("money") > 1:
            clashes.append(UnitClash(node, "product-money", ", ".join(c.label for c in node.children)))
    return clashes
