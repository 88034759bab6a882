"""`proposals actuals`: one plan's folder read and set against its targets, as data and as
a short text for the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.actuals.progress import progress
from generator.actuals.read import read_folder
from generator.actuals.summary import summary
from generator.analysis.report import PlanReport


def read_actuals(report: PlanReport, folder: Path) -> dict[str, Any]:
    read = read_folder(folder, report.plan)
    return summary(report, read, progress(report, read))


def actuals_text(summaries: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for item in summaries:
        lines.append(f"{item['slug']}:")
        if not item["files"]:
            lines.append("  no exports in its actuals folder")
        for f in item["files"]:
            lines.append(f"  {f['file']}: {f['format']}, {f['rows']} rows, {f['from']} to {f['to']}")
        if item["months"]:
            latest = item["months"][-1]
            lines.append(f"  {latest['month']}:")
            for key, cell in latest["nodes"].items():
                if cell["actual"] is None and cell["target"] is None:
                    continue
                ratio = f"{cell['ratio']:.0%}" if cell["ratio"] is not None else "—"
                actual = f"{cell['actual']:,.4g}" if cell["actual"] is not None else "—"
                target = f"{cell['target']:,.4g}" if cell["target"] is not None else "—"
                lines.append(f"    {key}: {actual} / {target} ({ratio}, {cell['status']}, {cell['source']})")
        for finding in item["findings"]:
            lines.append(f"  {finding['severity']} {finding['rule']}: {finding['message']}")
    return "\n".join(lines) + "\n"
