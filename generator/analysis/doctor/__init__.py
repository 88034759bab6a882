"""The plan doctor: each rule is a small function from a loaded plan to findings.

Rules ask the knowledge base what is true of a metric, a purpose or a platform; the
wording of every finding comes from ``knowledge/pitfalls.yaml`` in the plan's language.
Rules live by family in this package; importing a family registers its rules.
"""

from __future__ import annotations

from generator.analysis.doctor import (
    compliance,
    goals,
    measurement,
    persona,
    pitch,
    placeholders,
    plausibility,
    targets,
    tree,
)
from generator.analysis.doctor.context import RULES, Context
from generator.analysis.findings import Finding
from generator.analysis.kpitree import Solution
from generator.analysis.settings import DoctorSettings
from generator.analysis.targetpath import PathPoint
from generator.knowledge import knowledge
from generator.plans.load import LoadedPlan

FAMILIES = (goals, targets, plausibility, persona, measurement, tree, placeholders, compliance, pitch)


def run_rules(
    loaded: LoadedPlan, settings: DoctorSettings, solution: Solution | None, path: list[PathPoint]
) -> list[Finding]:
    """Every rule over one plan, its solved tree and its target path (made once, by the caller)."""
    context = Context(loaded, solution, knowledge(), settings.rules(), path, settings.utm, settings.day)
    return [finding for check in RULES for finding in check(context)]
