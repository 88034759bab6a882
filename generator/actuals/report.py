"""One plan's actuals folder read and set against its targets — once per plan and folder
state, for every output that shows it (`proposals actuals`, the progress page, the monthly
report, the home card) — and the short text `proposals actuals` prints."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.actuals.progress import Progress, progress
from generator.actuals.read import read_folder
from generator.actuals.records import Read
from generator.actuals.state import folder_digest
from generator.actuals.summary import Summary, summary
from generator.analysis.kpitree import SolvedNode
from generator.analysis.report import PlanReport
from generator.cache.store import Memo
from generator.knowledge import kinds, knowledge
from generator.plans.keys import node_key as node_key_of
from generator.plans.keys import split_key
from generator.plans.values import Month


@dataclass
class Tracked:
    """What happened against one plan: the files read, the month × node table, and its JSON."""

    read: Read
    progress: Progress
    summary: Summary

    @property
    def months(self) -> list[Month]:
        return [m for m, _ in self.progress.months]

    def at(self, report: PlanReport, month: Month) -> Tracked:
        """As it stood at the end of ``month`` (a past month's report)."""
        until = self.progress.until(month)
        return Tracked(self.read, until, summary(report, self.read, until))


_memo: Memo[tuple[str, str], tuple[PlanReport, Tracked]] = Memo(64)
"""By plan file and folder state; the report is kept beside its result and compared by
identity, since one plan file yields a new report whenever it is edited."""


_reads: Memo[str, Read] = Memo(256)
"""Folders read, by folder state and the plan's content (a read is never changed after)."""


def tracked(
    report: PlanReport, folder: Path, date_order: str | None = None, state: str | None = None
) -> Tracked:
    """The plan's actuals; read again only when the report or a file in the folder changed.
    ``date_order`` is the workspace's default for dates a file cannot settle; ``state`` the
    folder's :func:`folder_digest` when the caller took it already."""
    state = state or folder_digest(folder)
    key = (report.file, f"{state}|{date_order}")
    found = _memo.get(key)
    if found is None or found[0] is not report:
        labels = _labels(report)
        # The reading depends on the plan's content, not on which report object holds it:
        # the home page, each page and each report of one build all read a folder once.
        plan = hashlib.sha256(report.plan.model_dump_json().encode("utf-8")).hexdigest()
        read_key = f"{folder.resolve()}|{state}|{date_order}|{plan}|{sorted(labels.items())}"
        read = _reads.get(read_key)
        if read is None:
            read = read_folder(folder, report.plan, date_order, labels)
            _reads.put(read_key, read)
        prog = progress(report, read)
        found = (report, Tracked(read, prog, summary(report, read, prog)))
        _memo.put(key, found)
    return found[1]


def _labels(report: PlanReport) -> dict[str, str]:
    """The tree's nodes by their label and by their place, for rows typed by hand: a label
    two nodes share names neither."""
    if report.solution is None:
        return {}
    nodes = report.solution.nodes()
    counts: dict[str, int] = {}
    for n in nodes:
        counts[n.label] = counts.get(n.label, 0) + 1
    kb = knowledge()

    def own(n: SolvedNode) -> bool:  # a label of the plan's, not the catalogue's name for it
        metric = None if n.custom else kb.metric(n.key)
        return metric is None or n.label not in (metric.name("ja"), metric.name("en"))

    found = {n.label: n.place for n in nodes if counts[n.label] == 1 and n.place and own(n)}
    found |= {n.place: n.place for n in nodes if "/" in n.place}
    # A row's metric and platform name the node of that metric on the branch of that platform.
    scoped: dict[str, list[str]] = {}
    for n in nodes:
        if n.scope and not n.platform:
            scoped.setdefault(node_key_of(n.key, n.scope), []).append(n.place)
    found |= {alias: places[0] for alias, places in scoped.items() if len(places) == 1}
    return found


def _number(value: float | None, key: str) -> str:
    """A figure as a terminal line shows it: rates in per cent, counts and money whole."""
    if value is None:
        return "—"
    metric = knowledge().metric(split_key(key)[0])
    if metric is not None and kinds.kind(metric.kind).share:
        return f"{value:.2%}"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def actuals_text(summaries: list[Summary]) -> str:
    lines: list[str] = []
    for item in summaries:
        lines.append(f"{item.slug}:")
        if not item.files and not item.skipped:
            lines.append("  no exports in its actuals folder")
        for f in item.files:
            line = f"  {f.file}: {f.format}, {f.rows} rows, {f.first} to {f.last}"
            lines.append(f"{line} ({f.note})" if f.note else line)
        for s in item.skipped:
            lines.append(f"  {s.file}: skipped — {s.reason}")
        if item.months:
            latest = item.months[-1]
            lines.append(f"  {latest.month}:")
            for key, cell in latest.nodes.items():
                if cell.actual is None and cell.target is None:
                    continue
                ratio = f"{cell.ratio:.0%}" if cell.ratio is not None else "—"
                actual, target = _number(cell.actual, key), _number(cell.target, key)
                days = f", {cell.days[0]} of {cell.days[1]} days" if cell.days else ""
                lines.append(f"    {key}: {actual} / {target} ({ratio}, {cell.status}{days}, {cell.source})")
                for origin in cell.origins:
                    span = f" {origin.first} to {origin.last}" if origin.first and origin.last else ""
                    table = f" [{origin.table}]" if origin.table and origin.table != origin.file else ""
                    account = f" @{origin.account}" if origin.account else ""
                    lines.append(f"      from {origin.file}{table}{account}{span}, {origin.rows} rows")
        kgi = item.kgi
        if kgi and kgi.ratio is not None:
            line = f"  KGI {kgi.month}: {kgi.ratio:.0%} of the month's target"
            if kgi.forecast is not None and kgi.forecast_ratio is not None:
                by = kgi.by or "the end"
                line += f"; at this pace {kgi.forecast:,.0f} by {by} ({kgi.forecast_ratio:.0%})"
            lines.append(line)
        for finding in item.findings:
            lines.append(f"  {finding.severity} {finding.rule}: {finding.message}")
    return "\n".join(lines) + "\n"
