"""The actuals of one plan as the JSON ``proposals actuals`` prints (design.md: "Actuals and
the PDCA loop") and the findings about them, in the plan's language."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from typing import Any

from generator.actuals.attribution import split
from generator.actuals.progress import Progress, lower_is_better, node_key
from generator.actuals.records import Origin, Read, row_reason
from generator.analysis.findings import Finding
from generator.analysis.report import PlanReport
from generator.knowledge import knowledge
from generator.locale import formatting
from generator.locale.labels import labels
from generator.plans.keys import node_key as node_key_of
from generator.plans.keys import split_key
from generator.plans.values import Month, parse_month


@dataclass(frozen=True)
class FileRow:
    """A file read: its format and platform, the rows it gave, the months they fall in."""

    file: str
    format: str
    platform: str | None
    rows: int
    first: Month | None
    last: Month | None
    note: str = ""


@dataclass(frozen=True)
class SkippedRow:
    file: str
    reason: str
    format: str | None = None
    """Set for a known file that holds no monthly figure; None for one that could not be read."""


@dataclass(frozen=True)
class NodeMonth:
    actual: float | None
    target: float | None
    ratio: float | None
    status: str
    source: str
    label: str = ""
    """The node as the plan names it (its label, with its platform where it has one)."""
    path: str = ""
    """Its place in the plan: ``kpi_tree.children[0].children[1]``, ``platforms[0].kpis[1]``."""
    origins: tuple[Origin, ...] = ()
    days: tuple[int, int] | None = None

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "actual": self.actual,
            "target": self.target,
            "ratio": self.ratio,
            "status": self.status,
            "source": self.source,
            "label": self.label,
            "path": self.path,
            "from": [o.as_json() for o in self.origins],
        }
        if self.days is not None:
            found["days"] = list(self.days)
        return found


@dataclass(frozen=True)
class MonthRow:
    month: Month
    nodes: dict[str, NodeMonth]


@dataclass(frozen=True)
class KgiStatus:
    """The KGI in the latest month with an actual, and where that pace leads."""

    month: Month
    actual: float | None
    target: float | None
    ratio: float | None
    forecast: float | None
    forecast_ratio: float | None
    by: Month | None


@dataclass(frozen=True)
class Share:
    node: str
    share: float


@dataclass(frozen=True)
class Summary:
    """One plan's actuals set against it: what every output shows; ``as_json`` is the
    `proposals actuals --format json` contract."""

    slug: str
    files: list[FileRow]
    skipped: list[SkippedRow]
    months: list[MonthRow]
    kgi: KgiStatus | None
    attribution: list[Share]
    findings: list[Finding]

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "files": [
                {
                    "file": f.file,
                    "format": f.format,
                    "platform": f.platform,
                    "rows": f.rows,
                    "from": str(f.first) if f.first else None,
                    "to": str(f.last) if f.last else None,
                    "note": f.note,
                }
                for f in self.files
            ],
            "skipped": [
                {"file": s.file, "reason": s.reason, **({"format": s.format} if s.format else {})}
                for s in self.skipped
            ],
            "months": [
                {"month": str(m.month), "nodes": {k: v.as_json() for k, v in m.nodes.items()}}
                for m in self.months
            ],
            "kgi": None
            if self.kgi is None
            else {
                **dataclasses.asdict(self.kgi),
                "month": str(self.kgi.month),
                "by": str(self.kgi.by) if self.kgi.by else None,
            },
            "attribution": [{"node": a.node, "share": a.share} for a in self.attribution],
            "findings": [f.as_json() for f in self.findings],
        }


def summary(report: PlanReport, read: Read, prog: Progress) -> Summary:
    rules = knowledge().rules
    green, amber = rules.value("status_green"), rules.value("status_amber")
    names = _names(report)
    months = [
        MonthRow(
            month,
            {
                key: NodeMonth(
                    cell.actual,
                    cell.target,
                    cell.ratio,
                    cell.status(green, amber, lower_is_better(key)),
                    cell.source,
                    *names.get(key, (key, "")),
                    cell.origins,
                    cell.days,
                )
                for key, cell in sorted(cells.items())
            },
        )
        for month, cells in prog.months
    ]
    return Summary(
        slug=report.slug,
        files=[FileRow(f.file, f.format, f.platform, f.rows, f.first, f.last, f.note) for f in read.files],
        skipped=[SkippedRow(s.file, s.reason) for s in read.skipped]
        + [SkippedRow(u.file, u.note, u.format) for u in read.unused],
        months=months,
        kgi=_kgi(report, prog),
        attribution=_attribution(report, prog),
        findings=findings(report, prog, read),
    )


def _names(report: PlanReport) -> dict[str, tuple[str, str]]:
    """Each tracked key's label as the plan names it (with its platform) and its place in the plan."""
    lang = report.plan.language
    kb = knowledge()
    found: dict[str, tuple[str, str]] = {}

    def named(label: str, platform: str | None) -> str:
        if not platform or platform not in kb.platforms:
            return label
        where = kb.platforms[platform].name(lang)
        return f"{label}({where})" if lang == "ja" else f"{label} ({where})"

    for i, p in enumerate(report.plan.platforms):
        for j, kpi in enumerate(p.kpis):
            key = node_key_of(kpi.metric or kpi.id or "", p.id)
            metric = kb.metric(kpi.metric or "")
            label = str(kpi.label) if kpi.label else metric.name(lang) if metric else key
            found[key] = (named(label, p.id), f"platforms[{i}].kpis[{j}]")
    if report.solution is not None:
        for n in report.solution.nodes():
            found[node_key(n)] = (named(n.label, n.scope), _path_text(n.path))
    return found


def _path_text(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _kgi(report: PlanReport, prog: Progress) -> KgiStatus | None:
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
    return KgiStatus(
        month=month,
        actual=cell.actual,
        target=cell.target,
        ratio=cell.ratio,
        forecast=forecast,
        forecast_ratio=forecast / goal if forecast is not None and goal else None,
        by=plan.kgi.by if plan.kgi and plan.kgi.by else None,
    )


def _attribution(report: PlanReport, prog: Progress) -> list[Share]:
    """What moved the KGI in the latest month, across the root's own parts."""
    if report.solution is None or not prog.months:
        return []
    return [Share(node_key(s.node), s.share) for s in split(report.solution.root, prog.months[-1][1])]


def findings(report: PlanReport, prog: Progress, read: Read) -> list[Finding]:
    """The actuals findings (off track, gaps, outside the period, unmapped, another account,
    a changed definition), worded in the plan's language."""
    kb = knowledge()
    lang = report.plan.language
    rules = kb.rules

    def say(rule: str, message: str, place: str, severity: str | None = None, **values: Any) -> Finding:
        pitfall = kb.pitfalls[rule]
        text = pitfall.messages[message](lang).format(**values)
        return Finding(rule, severity or pitfall.severity, place, 0, text)  # type: ignore[arg-type]

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
                shown = formatting.listing([formatting.month(parse_month(m), lang) for m in gaps], lang)
                found.append(say("actuals-gap", "gap", k, node=_label(k, lang), months=shown))
    found += _outside(report, prog, say)
    found += [say("actuals-unmapped", "unmapped", k, key=k) for k in sorted(set(prog.unmapped))]
    for file, rows in _by_file(read.unplaced, lang).items():
        listed = formatting.listing(rows[:5], lang)
        more = "" if len(rows) <= 5 else (" …" if lang == "ja" else ", …")
        found.append(say("actuals-unmapped", "rows", file, file=file, count=len(rows), rows=listed + more))
    found += [say(rule, message, values["file"], **values) for rule, message, values in read.notes]
    found += [say("actuals-unread", "unread", s.file, file=s.file, reason=s.reason) for s in read.skipped]
    found += [say("actuals-unused", "unused", u.file, file=u.file, why=u.note) for u in read.unused]
    found += _fed_nothing(report, prog, read, say)
    return found


def _fed_nothing(report: PlanReport, prog: Progress, read: Read, say: Any) -> list[Finding]:
    """Every file read that gave no figure the plan tracks, and why: another source gave the
    same figures, or it holds nothing the plan follows (files wholly outside the period have
    their own finding)."""
    if not prog.months and not prog.outside:
        return []
    outside = {name for file, _, _ in prog.outside for name in file.split(", ")}
    found = []
    for info in read.files:
        if info.file in prog.used or info.file.split("#", 1)[0] in outside:
            continue
        used = read.set_aside.get(info.file)
        why = _why("set_aside", report, used=used) if used else _why("nothing_tracked", report)
        found.append(say("actuals-unused", "unused", info.file, file=info.file, why=why))
    return found


def _why(key: str, report: PlanReport, **values: str) -> str:
    return knowledge().exports.reasons[key](report.plan.language).format(**values)


SHOWN_FILES = 2
"""Files a baseline line names before it counts the rest."""


def _outside(report: PlanReport, prog: Progress, say: Any) -> list[Finding]:
    """Figures after the period: one line per file, how many, when and of what. Figures
    before it are a baseline the monthly report compares with: one quiet line for them all."""
    plan = report.plan
    if plan.period is None or not prog.outside:
        return []
    lang = plan.language
    start = plan.period.start
    grouped: dict[str, list[tuple[Any, str]]] = {}
    before: list[tuple[str, Any, str]] = []
    for file, month, key in prog.outside:
        names = file.split(", ") if file else ["—"]
        if month < start:
            before += [(name, month, key) for name in names]
            continue
        for name in names:
            grouped.setdefault(name, []).append((month, key))
    found = []
    if before:
        months = sorted({m for _, m, _ in before})
        names = sorted({name for name, _, _ in before})
        metrics = sorted({_label(k, lang) for _, _, k in before})
        listed = formatting.listing(names[:SHOWN_FILES], lang)
        if len(names) > SHOWN_FILES:
            listed = labels(lang)("more_files", files=listed, count=len(names) - SHOWN_FILES)
        found.append(
            say(
                "actuals-outside-period",
                "before",
                names[0],
                "info",
                files=listed,
                count=sum(1 for f, m, _ in prog.outside if m < start),
                months=formatting.month_range(months[0], months[-1], lang),
                metrics=formatting.listing(metrics[:4], lang) + ("…" if len(metrics) > 4 else ""),
                start=formatting.month(start, lang),
            )
        )
    for file, items in sorted(grouped.items()):
        months = sorted({m for m, _ in items})
        metrics = sorted({_label(k, lang) for _, k in items})
        found.append(
            say(
                "actuals-outside-period",
                "outside",
                file,
                file=file,
                count=len(items),
                months=formatting.month_range(months[0], months[-1], lang),
                metrics=formatting.listing(metrics[:4], lang) + ("…" if len(metrics) > 4 else ""),
                start=formatting.month(plan.period.start, lang),
                end=formatting.month(plan.period.end, lang),
            )
        )
    return found


def _by_file(rows: list[tuple[str, int, str, str, str]], lang: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for file, line, said, key, detail in rows:
        where = f"{line}行目" if lang == "ja" else f"line {line}"
        grouped.setdefault(file, []).append(f"{where}: {row_reason(key, lang, said, detail)}")
    return grouped


def _label(key: str, lang: str) -> str:
    """A node key as people read it: the metric's name, and its platform's."""
    metric, platform = split_key(key)
    kb = knowledge()
    name = kb.metrics[metric].name(lang) if metric in kb.metrics else metric
    if platform and platform in kb.platforms:
        where = kb.platforms[platform].name(lang)
        name = f"{name}({where})" if lang == "ja" else f"{name} ({where})"
    return name
