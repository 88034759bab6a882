"""The plan doctor: each rule is a small function from a loaded plan to findings."""

from __future__ import annotations

from collections.abc import Callable

from generator.findings import Finding
from generator.load import LoadedPlan

Rule = Callable[[LoadedPlan], list[Finding]]

RULES: list[Rule] = []


def run_rules(loaded: LoadedPlan) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(loaded)]
