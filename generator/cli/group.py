"""The `proposals` command group, and what its commands share: one line per mistake (never a
traceback), terminal-safe output, the workspace's plans as every command reads them."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from generator import __version__
from generator.analysis.gate import Made, Verdict, gate
from generator.cli.printing import expired_note
from generator.errors import GateError, PlanError, PlanErrors, UserError, shown, system_problem, terminal_safe
from generator.plans.files import plan_files
from generator.workspace import Workspace

if TYPE_CHECKING:
    from generator.analysis.report import PlanReport


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """A line for the terminal: text from plans and exports may hold control characters."""
    click.echo(terminal_safe(text), err=err, nl=nl)


class _Commands(click.Group):
    """Every command ends a user's mistake in its own lines and exit code, never a traceback."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """The command line's entry (the ``proposals`` script, ``python -m generator``): once
        the command has ended, the process ends without tearing down every module and object
        a build loaded, a tenth of a second after a rebuild of one plan. What is registered
        to run at exit still runs, and the output is flushed first."""
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as done:
            _leave(done.code)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            plan_lines = isinstance(exc, PlanError | PlanErrors | GateError)
            for line in str(exc).splitlines() or [type(exc).__name__]:
                echo(line if plan_lines else f"proposals: {line}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            # What the system refused (a file nobody may read, a full disk) is the user's to fix.
            echo(f"proposals: {system_problem(exc)}", err=True)
            sys.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-f",
    "--config-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The workspace's mkdocs.yml (default: ./mkdocs.yml).",
)
@click.version_option(__version__, prog_name="proposals")
@click.pass_context
def main(ctx: click.Context, config_file: Path | None) -> None:
    """Social-media strategy proposals from YAML plans."""
    ctx.obj = Workspace.find(config_file)
    if ctx.invoked_subcommand not in ("schema", "catalogue"):  # they read no workspace
        ctx.obj.check_readable()


def readable_plans(workspace: Workspace) -> list[PlanReport]:
    """Every plan of the workspace, checked as `check` does; an unreadable one ends the command (2)."""
    # The doctor, pydantic and the knowledge base are imported by the commands that check
    # plans, not by every start of the command (a rebuild with nothing to do needs none).
    from generator.analysis.report import check_files
    from generator.analysis.settings import DoctorSettings

    reports = check_files(
        plan_files([workspace.proposals_dir]), DoctorSettings.from_options(workspace.options)
    )
    broken = [r.error for r in reports if r.error]
    if broken:
        raise PlanErrors(broken)
    return reports


def chosen_plans(
    workspace: Workspace, slugs: tuple[str, ...], what: str, *, gated: bool = False
) -> list[PlanReport]:
    """The plans named (all readable ones when none is), never an expired one. ``gated``: what
    is made goes to a client, so a plan with an error refuses the command (warnings printed)."""
    chosen = _chosen(workspace, slugs, what)
    if gated:
        for line in gate((verdict(r) for r in chosen), _MADE.get(what, "version")):
            echo(line, err=True)
    return chosen


_MADE: dict[str, Made] = {
    "PDF": "pdf",
    "deck": "deck",
    "monthly report": "monthly_report",
    "version": "version",
}


def verdict(report: PlanReport) -> Verdict:
    language = report.plan.language if report.loaded is not None else "en"
    return Verdict(report.slug, report.file, tuple(report.findings), language)


def _chosen(workspace: Workspace, slugs: tuple[str, ...], what: str) -> list[PlanReport]:
    reports = readable_plans(workspace)
    by_slug = {r.slug: r for r in reports}
    unknown = [s for s in slugs if s not in by_slug]
    if unknown:
        raise click.UsageError(f"no plan named {', '.join(unknown)} in {shown(workspace.proposals_dir)}/")
    today = workspace.today()
    expired = [r for r in reports if r.loaded is not None and r.loaded.plan.expired(today)]
    if slugs and any(r.slug in slugs for r in expired):
        expired_notes([r for r in expired if r.slug in slugs], today)
        raise UserError(f"no {what} is made for an expired plan")
    expired_notes(expired, today)
    return [by_slug[s] for s in slugs] if slugs else [r for r in reports if r not in expired]


def expired_notes(reports: list[PlanReport], today: dt.date) -> None:
    for report in reports:
        if report.loaded is not None and report.loaded.plan.expired(today):
            echo(expired_note(report.loaded), err=True)


def _leave(code: object) -> NoReturn:
    """Exit with ``code`` as SystemExit would, skipping the interpreter's teardown when nothing
    but this thread is left to wait for."""
    status = 0 if code is None else code if isinstance(code, int) else 1
    if not isinstance(code, int | None):
        print(code, file=sys.stderr)
    if threading.active_count() > 1:  # a thread the normal exit would wait for
        sys.exit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`) is no error here
            stream.flush()
    os._exit(status)
