"""The month, done in one run: for every proposal with actuals, the month's figures read, the
checks run, a commentary drafted from the numbers (never over one the strategist wrote), the
monthly report written and held for review, the internal site rebuilt — and where every client
stands, for one screen and for scripts."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.actuals.portfolio import Standing, standing
from generator.actuals.report import Tracked, tracked
from generator.analysis.report import PlanReport
from generator.cache.store import write_atomic
from generator.errors import GateError, UserError, shown
from generator.inputs.snapshot import Inputs
from generator.locale import formatting
from generator.locale.labels import labels
from generator.plans.values import Month, parse_month
from generator.workspace import Workspace

REPORTS = "reports"
STATES = {
    "on_track": "on track",
    "at_risk": "at risk",
    "waiting": "waiting for review",
    "missing": "data missing",
}


@dataclass
class MonthRun:
    month: Month
    clients: list[Standing] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)
    """Slugs a plan error or an unreadable folder stopped."""
    expired: list[str] = field(default_factory=list)
    """Slugs with actuals whose plan is past its ``expires`` date: left alone, and said."""
    built: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "month": str(self.month),
            "clients": [c.as_json() for c in self.clients],
            "stopped": self.stopped,
            "expired": self.expired,
            "problems": self.problems,
            "internal_site": self.built,
        }

    def screen(self) -> list[str]:
        """One line per client: where it stands, its KGI, what is behind and what waits."""
        lines = [f"{formatting.month(self.month, 'en')}: {len(self.clients)} clients"]
        for c in self.clients:
            kgi = f"KGI {c.kgi_ratio:.0%} of its month target" if c.kgi_ratio is not None else "KGI —"
            state = STATES[c.status] + (f" ({STATES[c.figures]})" if c.status == "waiting" else "")
            parts = [f"{c.slug}: {state}", kgi]
            if c.behind:
                cells = c.facts.cells if c.facts is not None else {}
                behind = [
                    f"{key} {ratio:.0%}"
                    if (ratio := cells[key].ratio if key in cells else None) is not None
                    else key
                    for key in c.behind[:4]
                ]
                parts.append(f"behind: {', '.join(behind)}" + (" …" if len(c.behind) > 4 else ""))
            if c.partial:
                parts.append(f"partial month: {', '.join(c.partial[:3])}")
            if c.unread:
                parts.append(f"{len(c.unread)} file(s) unread")
            if c.set_aside:
                parts.append(f"{len(c.set_aside)} set aside")
            if c.disagree:
                parts.append(f"sources disagree: {', '.join(c.disagree[:3])}")
            if c.held:
                parts.append("report held for review" + (" (draft comment)" if c.draft else ""))
            lines.append("  " + "; ".join(parts))
        if self.stopped:
            lines.append(f"stopped: {', '.join(self.stopped)}")
        if self.expired:
            lines.append(f"not run, past their expires date: {', '.join(self.expired)}")
        if not self.built and self.clients:
            lines.append("the internal site was not rebuilt")
        return lines


def run_month(
    workspace: Workspace, month: Month, slugs: tuple[str, ...] = (), *, jobs: int | None = None
) -> MonthRun:
    from generator.analysis.report import check_files
    from generator.analysis.settings import DoctorSettings
    from generator.plans.files import plan_files
    from generator.versions.site import measured_against
    from generator.versions.store import Held, Versions

    run = MonthRun(month)
    reports = check_files(
        plan_files([workspace.proposals_dir]), DoctorSettings.from_options(workspace.options)
    )
    today = workspace.today()
    jobs_todo: list[tuple[PlanReport, Tracked]] = []
    for report in sorted(reports, key=lambda r: r.slug):
        if slugs and report.slug not in slugs:
            continue
        if report.error is not None:
            run.problems.append(str(report.error))
            run.stopped.append(report.slug)
            continue
        folder = workspace.actuals_dir / report.slug
        if not _has_files(folder):
            continue
        if report.plan.expired(today):
            run.expired.append(report.slug)
            continue
        errors = [f for f in report.findings if f.severity == "error"]
        if errors:
            run.problems += [f.line_in(report.file) for f in errors]
            run.stopped.append(report.slug)
            continue
        chosen = measured_against(workspace.paths.versions, report)
        found = tracked(chosen, folder, workspace.date_order)
        if found.read.nothing_read:
            run.problems += found.read.problems(report.plan.language)
            run.stopped.append(report.slug)
            continue
        held = Held(Versions(workspace.paths.versions, report.slug))
        if month in found.months:
            _draft_comment(chosen, found, folder, month)
            jobs_todo.append((chosen, found))
            held.hold(str(month))
        # Read after the draft above may have been written: a reader of its own.
        draft = Inputs.of(workspace.paths, None).comment(report.slug, month).draft
        run.clients.append(standing(chosen, found, month, held=str(month) in held.months(), draft=draft))
    written = _write_reports(workspace, [(r.slug, month) for r, _ in jobs_todo], jobs)
    for client in run.clients:
        client.report = written.get(client.slug, "")
    if run.clients:
        from generator.pipeline.build import build

        # A plan that stops the build (one that does not load) has stopped its own client
        # above; the others' reports stand, and the screen says the site was not rebuilt.
        try:
            build(workspace, mode="internal", jobs=jobs, say=None)
            run.built = True
        except UserError as exc:
            run.problems.append(f"the internal site was not rebuilt: {exc}")
            if not run.stopped:
                raise
    return run


def _has_files(folder: Path) -> bool:
    if not folder.is_dir() or folder.is_symlink():
        return False
    return any(
        not e.name.startswith(".") and e.name not in ("comments", "settings.yaml") for e in os.scandir(folder)
    )


def _draft_comment(report: PlanReport, found: Tracked, folder: Path, month: Month) -> None:
    """A comment drafted from the month's numbers, written only where none is (a strategist's
    own comment is never replaced)."""
    from generator.inputs.comments import comment_name, drafted
    from generator.render.views.commentary import draft_commentary

    path = folder / comment_name(month)
    if os.path.lexists(path):
        return
    body = draft_commentary(report, found, month)
    if not body:
        return
    if path.parent.is_symlink():
        raise UserError(f"{shown(path.parent)}/: a link; comments are written only into a real folder")
    write_atomic(path, drafted(body).encode("utf-8"), durable=True)


def _write_reports(workspace: Workspace, todo: list[tuple[str, Month]], jobs: int | None) -> dict[str, str]:
    """Each report into reports/<slug>-report-YYYY-MM.pdf, in parallel; the folder's register
    names them all first, here, so that no two workers write it at once."""
    if not todo:
        return {}
    from generator.render.site.progress import report_name
    from generator.workers import process_pool

    targets = _reports_folder(workspace).claim([report_name(slug, month) for slug, month in todo])
    work = [(slug, month, target) for (slug, month), target in zip(todo, targets, strict=True)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if workers == 1:
        return {slug: shown(write_report(workspace, slug, month, target)) for slug, month, target in work}
    with process_pool(workers) as pool:
        futures = {
            slug: pool.submit(write_report, workspace, slug, month, target) for slug, month, target in work
        }
        return {slug: shown(future.result()) for slug, future in futures.items()}


def _reports_folder(workspace: Workspace) -> Any:
    from generator.output.documents import DocumentFolder

    return DocumentFolder(workspace.root / REPORTS, "report", workspace.sources())


def write_report(workspace: Workspace, slug: str, month: Month, target: Path | None = None) -> Path:
    """The month's report of one proposal, as `proposals report` writes it (into ``target``,
    which the reports folder's register already names, or a path claimed here)."""
    from generator.analysis.report import check_files
    from generator.analysis.settings import DoctorSettings
    from generator.pipeline.options import pdf_options
    from generator.plans.files import plan_file
    from generator.render.print.monthly import write_monthly
    from generator.render.renderset import MonthlyReport
    from generator.render.site.progress import report_name
    from generator.versions.site import measured_against

    path = plan_file(workspace.proposals_dir, slug)
    if path is None:
        raise UserError(f"no plan named '{slug}' in {shown(workspace.proposals_dir)}/")
    (report,) = check_files([path], DoctorSettings.from_options(workspace.options))
    if report.error is not None:
        raise report.error
    if any(f.severity == "error" for f in report.findings):
        raise GateError(
            labels(report.plan.language)(
                "gate_refused", what=labels(report.plan.language).made_monthly_report, names=slug, count=1
            )
        )
    chosen = measured_against(workspace.paths.versions, report)
    if target is None:
        (target,) = _reports_folder(workspace).claim([report_name(slug, month)])
    write_monthly(
        MonthlyReport(chosen, month, Inputs.of(workspace.paths, workspace.date_order)),
        target,
        pdf_options(workspace),
    )
    return target


def release_month(workspace: Workspace, slug: str, month: Month | None, *, as_drafted: bool) -> str:
    """Release a held report (``month``, else the latest held): refused while its comment is a
    draft nobody touched, unless ``as_drafted``; a drafted comment loses its draft line and
    the report is written again without the draft mark."""
    from generator.inputs.comments import comment_name
    from generator.versions.store import Held, Versions

    held = Held(Versions(workspace.paths.versions, slug))
    months = held.months()
    if month is not None and str(month) not in months:
        raise UserError(f"{slug}: no report for {month} is held")
    if not months:
        raise UserError(f"{slug}: no report is held")
    chosen = str(month) if month is not None else months[-1]
    path = workspace.actuals_dir / slug / comment_name(parse_month(chosen))
    said = Inputs.of(workspace.paths, workspace.date_order).comment(slug, parse_month(chosen))
    body, was_draft, untouched = said.text, said.draft, said.untouched
    if said.where:
        if was_draft and untouched and not as_drafted:
            raise UserError(
                f"{shown(path)}: the drafted comment is untouched; edit it, or release with --as-drafted"
            )
        if was_draft:
            write_atomic(path, body.encode("utf-8"), durable=True)
    written = ""
    if was_draft:
        written = f" ({shown(write_report(workspace, slug, parse_month(chosen)))} written again)"
    held.release(chosen)
    return f"{slug}: the {chosen} report is released{written}; the next client build carries it"
