"""`proposals check`: read every plan, run the doctor, decide the exit code."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.analysis.doctor import run_rules
from generator.analysis.findings import Finding
from generator.analysis.kpitree import Solution, solve
from generator.errors import PlanError, shown
from generator.plans.load import LoadedPlan, duplicate_slugs, load_plan, plan_bytes, slug_for

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


_checked: dict[tuple[str, str, str], tuple[bytes, PlanReport]] = {}
"""The last report per plan file, with the content it was made from, for this process:
a build reads every plan once, and the home site and the forked per-proposal workers
find it here. One entry per file, so a long `proposals serve` does not grow with edits."""


def check_files(files: Iterable[Path], utm_allowed: dict[str, list[str]] | None = None) -> list[PlanReport]:
    reports = []
    utm_key = repr(sorted((utm_allowed or {}).items()))
    files = list(files)
    duplicates = duplicate_slugs(files)
    for path in files:
        name = shown(path)
        if path in duplicates:
            reports.append(PlanReport(name, slug_for(path), error=duplicates[path]))
            continue
        memo = _memo_key(path, name, utm_key)
        if memo is not None and memo[0] in _checked and _checked[memo[0]][0] == memo[1]:
            reports.append(_checked[memo[0]][1])
            continue
        report = PlanReport(name, slug_for(path))
        try:
            report.loaded = load_plan(path, name)
        except PlanError as exc:
            report.error = exc
        else:
            report.solution = solve(report.loaded.plan)
            report.findings = diagnose(report.loaded, utm_allowed, report.solution)
        reports.append(report)
        if memo is not None:
            _checked[memo[0]] = (memo[1], report)
    return reports


def _memo_key(path: Path, name: str, utm_key: str) -> tuple[tuple[str, str, str], bytes] | None:
    """(which file, read how) and a hash of what it holds now; None: let the loader say why not."""
    raw = plan_bytes(path)
    if raw is None:
        return None
    return (str(path.resolve()), name, utm_key), hashlib.blake2b(raw, digest_size=20).digest()


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
