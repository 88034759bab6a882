"""How `proposals check` prints its results: one line per problem, or JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import click

from generator.errors import terminal_safe

if TYPE_CHECKING:  # the command group imports this module: the doctor only when a command runs
    from generator.analysis.kpitree import Solution, SolvedNode
    from generator.analysis.report import PlanReport
    from generator.plans.load import LoadedPlan

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def text_lines(
    reports: list[PlanReport], *, colour: bool, today: dt.date | None = None
) -> tuple[list[str], list[str]]:
    """(stdout lines, stderr lines): findings go to stdout, unreadable plans and notes to stderr."""
    out: list[str] = []
    err: list[str] = []
    for report in reports:
        if report.error:
            err += [terminal_safe(line) for line in report.error.lines()]
            continue
        if report.loaded is not None and report.loaded.plan.expired(today):
            err.append(terminal_safe(expired_note(report.loaded)))
        for f in report.findings:
            label = f"{f.severity} {f.rule}"
            if colour:
                label = click.style(label, fg=_COLOURS[f.severity], bold=f.severity == "error")
            safe = dataclasses.replace(f, message=terminal_safe(f.message), hint=terminal_safe(f.hint))
            out.append(safe.line_in(terminal_safe(report.file), label))
    counts = {s: sum(f.severity == s for r in reports for f in r.findings) for s in _COLOURS}
    unreadable = sum(1 for r in reports if r.error)
    summary = (
        f"{len(reports)} plan{'s' if len(reports) != 1 else ''} checked: "
        f"{unreadable} unreadable, {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} notes"
    )
    out.append(summary)
    return out, err


def expired_note(loaded: LoadedPlan) -> str:
    """The line every command prints for a plan past its ``expires`` date."""
    line = loaded.line(("expires",))
    return (
        f"{loaded.file}:{line}: note: the plan expired on {loaded.plan.expires}; every build and "
        "document shows only the notice (move expires: to publish it again)"
    )


def json_document(reports: list[PlanReport]) -> str:
    plans = []
    for report in reports:
        entry: dict[str, Any] = {
            "file": report.file,
            "slug": report.slug,
            "findings": [f.as_json() for f in report.findings],
            "tree": tree_json(report.solution) if report.solution else None,
        }
        if report.error:
            entry["errors"] = [p.as_json() for p in report.error.problems]
        plans.append(entry)
    return json.dumps({"plans": plans}, ensure_ascii=False, indent=2)


def tree_json(solution: Solution) -> dict[str, Any]:
    """The solved KPI tree as data: every node with its value and whether it was computed."""

    def node(n: SolvedNode) -> dict[str, Any]:
        return {
            ("id" if n.custom else "metric"): n.key or None,
            "label": n.label,
            "value": n.value,
            "unit": n.unit,
            "kind": n.kind,
            "computed": n.computed,
            "op": n.op,
            "platform": n.platform,
            "children": [node(c) for c in n.children],
        }

    return node(solution.root)
