"""Commands about plans themselves: check them, start one, print the schema and the catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.group import echo, main
from generator.cli.printing import json_document, text_lines
from generator.errors import shown
from generator.knowledge import vocab
from generator.plans.files import plan_files
from generator.workspace import Workspace


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.pass_obj
def check(workspace: Workspace, paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Validate plans and run the plan doctor.

    Exit 0 when clean or only warnings, 1 on any error finding (or warning with
    --strict), 2 when a plan cannot be read.
    """
    from generator.analysis.report import check_files, exit_code
    from generator.analysis.settings import DoctorSettings

    targets = list(paths) or [workspace.proposals_dir]
    for target in targets:
        if not target.exists():
            raise click.UsageError(f"no plans at '{target}'")
    reports = check_files(plan_files(targets), DoctorSettings.from_options(workspace.options))
    if fmt == "json":
        click.echo(json_document(reports))
    else:
        out, err = text_lines(reports, colour=sys.stdout.isatty(), today=workspace.today())
        for line in err:
            click.echo(line, err=True)  # text_lines made them terminal-safe before colouring
        for line in out:
            click.echo(line)
    sys.exit(exit_code(reports, strict=strict))


@main.command()
@click.argument("slug")
@click.option("--purpose", type=click.Choice(vocab.PURPOSE_IDS), help="What the plan is for.")
@click.option(
    "--business",
    type=click.Choice(vocab.BUSINESS_IDS),
    help="The kind of business: its usual purpose and a tree that fits it (reservations, demo requests…).",
)
@click.option("--language", default="ja", show_default=True, type=click.Choice(["ja", "en"]))
@click.pass_obj
def new(workspace: Workspace, slug: str, purpose: str | None, business: str | None, language: str) -> None:
    """Write a starter plan proposals/SLUG.yaml with a KPI tree that fits (never overwrites)."""
    from generator.plans.starter import write_starter

    if purpose is None and business is None:
        raise click.UsageError("give --purpose, --business or both")
    path = write_starter(workspace.proposals_dir, slug, purpose, language, business)
    echo(f"wrote {shown(path)}; check it with: proposals check {shown(path)}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--language", default="en", show_default=True, type=click.Choice(["ja", "en"]), help="Text output only."
)
def catalogue(fmt: str, language: str) -> None:
    """Print the knowledge base: metrics, platforms, tools, purposes and businesses, with sources."""
    from generator.render.views.catalogue import catalogue_json, catalogue_text

    click.echo(catalogue_json() if fmt == "json" else catalogue_text(language), nl=False)


@main.command()
def schema() -> None:
    """Print the JSON Schema of plan format 1."""
    from generator.plans.schema import schema_text

    click.echo(schema_text(), nl=False)


@main.command()
def password() -> None:
    """Print a strong password for a protected client site (build --client SLUG --password-file F)."""
    from generator.output.protect import new_password

    click.echo(new_password())
