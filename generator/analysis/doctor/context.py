"""What every rule of the plan doctor sees, and how a rule is registered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.analysis.findings import Finding
from generator.analysis.kpitree import Solution
from generator.analysis.targetpath import PathPoint
from generator.errors import KeyPath, dotted
from generator.knowledge import Knowledge, Rules
from generator.locale import formatting
from generator.locale.labels import labels
from generator.plans.load import LoadedPlan
from generator.plans.model import Kpi, Plan, TreeNode


@dataclass
class Context:
    """What every rule may look at: the plan, its solved tree, the workspace's UTM lists."""

    loaded: LoadedPlan
    solution: Solution | None
    kb: Knowledge
    rules: Rules
    """The knowledge base's thresholds, with the workspace's own values where it sets them."""
    path: list[PathPoint] = field(default_factory=list)
    """The KGI's month-by-month target path."""
    utm_allowed: Mapping[str, list[str]] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    """The one clock of a check: the workspace's ``today``, else the machine's."""

    @property
    def plan(self) -> Plan:
        return self.loaded.plan

    @property
    def lang(self) -> str:
        return self.plan.language

    def finding(
        self,
        rule: str,
        path: KeyPath,
        message: str,
        hint: str = "",
        *,
        severity: str | None = None,
        basis: str | None = None,
        **values: Any,
    ) -> Finding:
        """A finding in the plan's language. A rule that questions a target's size passes the
        target's stated ``basis``: a reason the strategist wrote down is accepted, and the
        finding stays as a note that says so."""
        pitfall = self.kb.pitfalls[rule]
        text = pitfall.messages[message](self.lang).format(**values)
        hint_text = pitfall.messages[hint](self.lang).format(**values) if hint else ""
        level = severity or pitfall.severity
        if basis:
            text = f"{text} {labels(self.lang)('basis_accepted', basis=basis.strip())}"
            level, hint_text = "info", ""
        return Finding(
            rule=rule,
            severity=level,  # type: ignore[arg-type]
            path=dotted(path),
            line=self.loaded.line(path),
            message=text,
            hint=hint_text,
        )

    def word(self, rule: str, key: str) -> str:
        return self.kb.pitfalls[rule].messages[key](self.lang)

    def metric_name(self, metric_id: str) -> str:
        metric = self.kb.metric(metric_id)
        return metric.name(self.lang) if metric else metric_id

    def join(self, items: Iterable[str]) -> str:
        """A list in the plan's language: 「、」 in Japanese, ", " in English."""
        return formatting.listing(items, self.lang)

    def names(self, ids: list[str] | tuple[str, ...], limit: int = 6) -> str:
        return self.join(self.metric_name(m) for m in list(ids)[:limit])

    def tree_nodes(self) -> list[tuple[KeyPath, TreeNode, str | None]]:
        """Every node of the KPI tree, in file order, with the platform it is about (its own,
        else the nearest one above it)."""
        found: list[tuple[KeyPath, TreeNode, str | None]] = []

        def visit(node: TreeNode, path: KeyPath, inherited: str | None) -> None:
            platform = node.platform or inherited
            found.append((path, node, platform))
            for i, child in enumerate(node.children):
                visit(child, (*path, "children", i), platform)

        if self.plan.kpi_tree is not None:
            visit(self.plan.kpi_tree, ("kpi_tree",), None)
        return found

    def metric_places(self) -> list[tuple[KeyPath, TreeNode | Kpi, str | None]]:
        """Every tree node and platform KPI that names a catalogue metric, with its platform."""
        places: list[tuple[KeyPath, TreeNode | Kpi, str | None]] = [
            (path, node, platform) for path, node, platform in self.tree_nodes() if node.metric
        ]
        for i, platform_plan in enumerate(self.plan.platforms):
            for j, kpi in enumerate(platform_plan.kpis):
                if kpi.metric:
                    places.append((("platforms", i, "kpis", j), kpi, platform_plan.id))
        return places

    def platform_metrics(self) -> list[tuple[KeyPath, str, str]]:
        """Every (place of its metric, metric, platform) the plan names on a platform."""
        return [
            ((*path, "metric"), item.metric, platform)
            for path, item, platform in self.metric_places()
            if item.metric and platform
        ]

    def texts(self, skip: tuple[str, ...] = ()) -> Iterator[tuple[KeyPath, str]]:
        """Every text value of the plan as written, with its place; ``skip`` leaves out
        top-level sections."""

        def walk(value: object, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
            if isinstance(value, str):
                yield path, value
            elif isinstance(value, dict):
                for key, item in value.items():
                    if path or key not in skip:
                        yield from walk(item, (*path, str(key)))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield from walk(item, (*path, index))

        yield from walk(self.loaded.document.data, ())

    def purpose_names(self) -> str:
        """The purposes as the page names them: in the business's own words where it has them
        (a ramen shop's 売上・来店, an online shop's EC売上の拡大)."""
        from generator.analysis.business import purpose_names

        return self.join(purpose_names(self.plan, self.kb, self.lang))


Rule = Callable[[Context], Iterator[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func
