"""`proposals month`: the month done in one command — every client's monthly report written
and held for review, a drafted commentary for each, the internal site rebuilt, and one
screen that says where every client stands; `--release` after review."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from generator.cli.group import echo, main
from generator.errors import UserError
from generator.workspace import Workspace

if TYPE_CHECKING:
    from generator.plans.values import Month


@main.command()
@click.argument("args", nargs=-1, metavar="[YYYY-MM] [SLUG…]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--release", "release", is_flag=True, help="Release the named clients' held reports after review."
)
@click.option("--as-drafted", is_flag=True, help="With --release: send a drafted comment nobody edited.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Parallel reports (default: one per CPU).")
@click.pass_obj
def month(
    workspace: Workspace, args: tuple[str, ...], fmt: str, release: bool, as_drafted: bool, jobs: int | None
) -> None:
    """Every client's monthly report for MONTH (default: the month that just ended), written and
    held for review with a drafted comment; the internal site rebuilt; where each client stands."""
    wanted, slugs = _month_and_slugs(workspace, args)
    if release:
        if not slugs:
            raise click.UsageError("name the clients to release: proposals month --release SLUG…")
        from generator.pipeline.month import release_month

        failed = False
        for slug in slugs:
            try:
                echo(release_month(workspace, slug, wanted, as_drafted=as_drafted))
            except UserError as exc:
                echo(f"proposals: {exc}", err=True)
                failed = True
        sys.exit(1 if failed else 0)
    if as_drafted:
        raise click.UsageError("--as-drafted goes with --release")
    from generator.pipeline.month import run_month

    result = run_month(workspace, wanted, slugs, jobs=jobs)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        for line in result.screen():
            echo(line)
    for line in result.problems:
        echo(line, err=True)
    sys.exit(2 if result.stopped else 0)


def _month_and_slugs(workspace: Workspace, args: tuple[str, ...]) -> tuple[Month, tuple[str, ...]]:
    from generator.plans.values import Month, parse_month

    if args:
        try:
            return parse_month(args[0]), args[1:]
        except ValueError:
            pass
    today = workspace.today()
    return Month(today.year, today.month).plus(-1), args
