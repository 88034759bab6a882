"""`proposals check`: read every plan, run the doctor, decide the exit code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.doctor import run_rules
from generator.errors import PlanError
from generator.findings import Finding
from generator.kpitree import Solution, solve
from generator.load import LoadedPlan, load_plan, slug_for

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


@dataclass
class PlanReport:
    file: str
    slug: str
    loaded: LoadedPlan | None = None
    error: PlanError | None = None
    findings: list[Finding] = field(default_factory=list)
    solution: Solution | None = None
    """The solved KPI tree, shared by the doctor and the JSON report."""


def plan_files(paths: Iterable[Path]) -> list[Path]:
    """Plan files named directly, or found (``*.yaml``, ``*.yml``) in named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(path)
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)


def display_name(path: Path) -> str:
    """A path relative to the current directory when it is inside it (as editors show it)."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_files(files: Iterable[Path], utm_allowed: dict[str, list[str]] | None = None) -> list[PlanReport]:
    reports = []
    for path in files:
        name = display_name(path)
        report = PlanReport(name, slug_for(path))
        try:
            report.loaded = load_plan(path, name)
        except PlanError as exc:
            report.error = exc
        else:
            report.solution = solve(report.loaded.plan)
            report.findings = diagnose(report.loaded, utm_allowed, report.solution)
        reports.append(report)
    return reports


def diagnose(
    loaded: LoadedPlan, utm_allowed: dict[str, list[str]] | None = None, solution: Solution | None = None
) -> list[Finding]:
    """The plan doctor's findings, in file order."""
    return sorted(run_rules(loaded, utm_allowed, solution), key=Finding.sort_key)


def exit_code(reports: list[PlanReport], *, strict: bool = False) -> int:
    if any(r.error for r in reports):
        return EXIT_UNREADABLE
    severities = {f.severity for r in reports for f in r.findings}
    if "error" in severities or (strict and "warning" in severities):
        return EXIT_FINDINGS
    return EXIT_OK
