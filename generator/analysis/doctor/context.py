"""What every rule of the plan doctor sees, and how a rule is registered."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.analysis.findings import Finding
from generator.analysis.kpitree import Solution
from generator.errors import KeyPath, dotted
from generator.knowledge import Knowledge
from generator.locale import formatting
from generator.plans.load import LoadedPlan
from generator.plans.model import Plan, TreeNode


@dataclass
class Context:
    """What every rule may look at: the plan, its solved tree, the workspace's UTM lists."""

    loaded: LoadedPlan
    solution: Solution | None
    kb: Knowledge
    utm_allowed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        return self.loaded.plan

    @property
    def lang(self) -> str:
        return self.plan.language

    def finding(self, rule: str, path: KeyPath, message: str, hint: str = "", **values: Any) -> Finding:
        pitfall = self.kb.pitfalls[rule]
        text = pitfall.messages[message](self.lang).format(**values)
        hint_text = pitfall.messages[hint](self.lang).format(**values) if hint else ""
        return Finding(
            rule=rule,
            severity=pitfall.severity,  # type: ignore[arg-type]
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

    def platform_metrics(self) -> list[tuple[KeyPath, str, str]]:
        """Every (place, metric, platform) the plan names: tree nodes and platform KPIs."""
        found: list[tuple[KeyPath, str, str]] = []

        def visit(node: TreeNode | None, path: KeyPath, inherited: str | None) -> None:
            if node is None:
                return
            platform = node.platform or inherited
            if node.metric and platform:
                found.append(((*path, "metric"), node.metric, platform))
            for i, child in enumerate(node.children):
                visit(child, (*path, "children", i), platform)

        visit(self.plan.kpi_tree, ("kpi_tree",), None)
        for i, platform_plan in enumerate(self.plan.platforms):
            for j, kpi in enumerate(platform_plan.kpis):
                if kpi.metric:
                    found.append((("platforms", i, "kpis", j, "metric"), kpi.metric, platform_plan.id))
        return found

    def purpose_names(self) -> str:
        return self.join(self.kb.purposes[p].name(self.lang) for p in self.plan.purposes)


Rule = Callable[[Context], Iterator[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func
