"""The one step every output starts from: read a plan, solve it, diagnose it — once.

A :class:`PlanReport` holds the plan, its solved KPI tree, its month-by-month target path
and the doctor's findings; the site, the PDF, the JSON and the home page all render from
it, and nothing downstream solves a tree again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.analysis.doctor import run_rules
from generator.analysis.findings import Finding
from generator.analysis.kpitree import Solution, solve
from generator.analysis.settings import DoctorSettings
from generator.analysis.targetpath import PathPoint, target_path
from generator.errors import PlanError, shown
from generator.plans.files import duplicate_slugs, plan_bytes, plan_file, plan_files, slug_for
from generator.plans.load import LoadedPlan, load_plan
from generator.plans.model import Plan

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


@dataclass
class PlanReport:
    file: str
    slug: str
    loaded: LoadedPlan | None = None
    error: PlanError | None = None
    findings: list[Finding] = field(default_factory=list)
    solution: Solution | None = None
    """The solved KPI tree."""
    path: list[PathPoint] = field(default_factory=list)
    """The month-by-month target path of the KGI (empty without a period or baseline)."""

    @property
    def plan(self) -> Plan:
        assert self.loaded is not None, "a plan that could not be read has no report to render"
        return self.loaded.plan


def analyse(loaded: LoadedPlan, settings: DoctorSettings | None = None) -> PlanReport:
    """Solve and diagnose one plan that has been read."""
    report = PlanReport(loaded.file, loaded.slug, loaded)
    report.solution = solve(loaded.plan)
    counts = report.solution is not None and report.solution.root.kind == "count"
    report.path = target_path(loaded.plan, whole=counts)
    found = run_rules(loaded, settings or DoctorSettings(), report.solution, report.path)
    report.findings = sorted(found, key=Finding.sort_key)
    return report


_checked: dict[tuple[str, str, str], tuple[bytes, PlanReport]] = {}
"""The last report per plan file, with the content it was made from, for this process:
a build reads every plan once, and the home site and the forked per-proposal workers
find it here. One entry per file, so a long `proposals serve` does not grow with edits."""


def check_files(files: Iterable[Path], settings: DoctorSettings | None = None) -> list[PlanReport]:
    reports = []
    settings = settings or DoctorSettings()
    utm_key = settings.key()
    files = list(files)
    duplicates = duplicate_slugs(files)
    for path in files:
        name = shown(path)
        if path in duplicates:
            reports.append(PlanReport(name, slug_for(path), error=duplicates[path]))
            continue
        memo = _memo_key(path, name, utm_key)
        if memo is not None and _recall(memo[0], memo[1]):
            reports.append(_checked[memo[0]][1])
            continue
        try:
            report = analyse(load_plan(path, name), settings)
        except PlanError as exc:
            report = PlanReport(name, slug_for(path), error=exc)
        reports.append(report)
        if memo is not None:
            _checked[memo[0]] = (memo[1], report)
    return reports


_recallable: dict[tuple[str, str, str], tuple[bytes, str, Callable[[], object]]] = {}
"""Reports an earlier run made, not loaded yet: a loader per plan file, with the content the
report was made from. A forked worker loads only the reports its site shows."""


def recall_later(path: Path, settings: DoctorSettings, raw: bytes, load: Callable[[], object]) -> None:
    """``load`` gives the report an earlier run made from these very bytes (the build's cache
    kept it), for :func:`check_files` to give back when it is first asked for, instead of
    reading and checking the plan again."""
    key, content = _memo_of(path, shown(path), settings.key(), raw)
    _recallable[key] = (content, slug_for(path), load)


def _recall(key: tuple[str, str, str], content: bytes) -> bool:
    """Whether the memo holds the report of this content, loading a recallable one first. A
    report that names the file otherwise (made from another folder), or none, is not taken."""
    if key in _checked and _checked[key][0] == content:
        return True
    kept = _recallable.pop(key, None)
    if kept is None or kept[0] != content:
        return False
    report = kept[2]()
    if isinstance(report, PlanReport) and report.file == key[1] and report.slug == kept[1]:
        _checked[key] = (content, report)
        return True
    return False


def site_reports(
    proposals_dir: Path, standalone: str | None, scope: list[str] | None, settings: DoctorSettings
) -> tuple[list[PlanReport], list[str]]:
    """The reports one site needs, and the scope entries that name no plan.

    A one-proposal site reads its own plan only: a workspace of N plans must not list or
    check all N again for each of its N sites.
    """
    if standalone:
        own = plan_file(proposals_dir, standalone)
        return check_files([own] if own is not None else [], settings), []
    files = plan_files([proposals_dir])
    known = {slug_for(f) for f in files}
    return check_files(files, settings), sorted(set(scope or []) - known)


def _memo_key(path: Path, name: str, utm_key: str) -> tuple[tuple[str, str, str], bytes] | None:
    """(which file, read how) and a hash of what it holds now; None: let the loader say why not."""
    raw = plan_bytes(path)
    return _memo_of(path, name, utm_key, raw) if raw is not None else None


def _memo_of(path: Path, name: str, utm_key: str, raw: bytes) -> tuple[tuple[str, str, str], bytes]:
    return (str(path.resolve()), name, utm_key), hashlib.blake2b(raw, digest_size=20).digest()


def exit_code(reports: list[PlanReport], *, strict: bool = False) -> int:
    if any(r.error for r in reports):
        return EXIT_UNREADABLE
    severities = {f.severity for r in reports for f in r.findings}
    if "error" in severities or (strict and "warning" in severities):
        return EXIT_FINDINGS
    return EXIT_OK
