"""The actuals of one plan as the JSON ``proposals actuals`` prints (design.md: "Actuals and
the PDCA loop") and the findings about them, in the plan's language."""

from __future__ import annotations

import itertools
from typing import Any

from generator.actuals.attribution import split
from generator.actuals.progress import Progress, lower_is_better, node_key
from generator.actuals.read import Read
from generator.analysis.findings import Finding
from generator.analysis.report import PlanReport
from generator.knowledge import knowledge


def summary(report: PlanReport, read: Read, prog: Progress) -> dict[str, Any]:
    rules = knowledge().rules
    green, amber = rules.value("status_green"), rules.value("status_amber")
    months = [
        {
            "month": str(month),
            "nodes": {
                key: {
                    "actual": cell.actual,
                    "target": cell.target,
                    "ratio": cell.ratio,
                    "status": cell.status(green, amber, lower_is_better(key)),
                    "source": cell.source,
                }
                for key, cell in sorted(cells.items())
            },
        }
        for month, cells in prog.months
    ]
    return {
        "slug": report.slug,
        "files": [
            {
                "file": f.file,
                "format": f.format,
                "platform": f.platform,
                "rows": f.rows,
                "from": str(f.first) if f.first else None,
                "to": str(f.last) if f.last else None,
            }
            for f in read.files
        ],
        "months": months,
        "kgi": _kgi(report, prog),
        "attribution": _attribution(report, prog),
        "findings": [f.as_json() for f in findings(report, prog, read)],
    }


def _kgi(report: PlanReport, prog: Progress) -> dict[str, Any] | None:
    solution = report.solution
    if solution is None:
        return None
    key = node_key(solution.root)
    latest = [(m, c[key]) for m, c in prog.months if key in c and c[key].actual is not None]
    if not latest:
        return None
    month, cell = latest[-1]
    plan = report.plan
    goal = solution.root.value
    # At the same pace against the plan: the month's ratio to its target, held to the end.
    forecast = goal * cell.ratio if goal is not None and cell.ratio is not None else None
    return {
        "month": str(month),
        "actual": cell.actual,
        "target": cell.target,
        "ratio": cell.ratio,
        "forecast": forecast,
        "forecast_ratio": forecast / goal if forecast is not None and goal else None,
        "by": str(plan.kgi.by) if plan.kgi and plan.kgi.by else None,
    }


def _attribution(report: PlanReport, prog: Progress) -> list[dict[str, Any]]:
    """What moved the KGI in the latest month, across the root's own parts."""
    if report.solution is None or not prog.months:
        return []
    return [
        {"node": node_key(s.node), "share": s.share} for s in split(report.solution.root, prog.months[-1][1])
    ]


def findings(report: PlanReport, prog: Progress, read: Read) -> list[Finding]:
    """The actuals findings (off track, gaps, outside the period, unmapped, another account,
    a changed definition), worded in the plan's language."""
    kb = knowledge()
    lang = report.plan.language
    rules = kb.rules

    def say(rule: str, message: str, place: str, **values: Any) -> Finding:
        pitfall = kb.pitfalls[rule]
        text = pitfall.messages[message](lang).format(**values)
        return Finding(rule, pitfall.severity, place, 0, text)  # type: ignore[arg-type]

    found: list[Finding] = []
    solution = report.solution
    if solution is not None:
        key = node_key(solution.root)
        green, amber = rules.value("status_green"), rules.value("status_amber")
        red = [str(m) for m, c in prog.months if key in c and c[key].status(green, amber) == "red"]
        months = [str(m) for m, _ in prog.months]
        for a, b in itertools.pairwise(months):
            if a in red and b in red:
                found.append(
                    say("actuals-off-track", "red", "kgi", first=a, second=b, kgi=solution.root.label)
                )
                break
        seen = {k for _, c in prog.months for k, cell in c.items() if cell.source in ("imported", "manual")}
        for k in sorted(seen):
            present = [str(m) for m, c in prog.months if k in c and c[k].source in ("imported", "manual")]
            gaps = [
                m
                for m in months[months.index(present[0]) : months.index(present[-1]) + 1]
                if m not in present
            ]
            if gaps:
                found.append(say("actuals-gap", "gap", k, node=k, months=", ".join(gaps)))
    found += [say("actuals-outside-period", "outside", where, where=where) for where in prog.outside]
    found += [say("actuals-unmapped", "unmapped", k, key=k) for k in sorted(set(prog.unmapped))]
    found += [say(rule, message, values["file"], **values) for rule, message, values in read.notes]
    return found
