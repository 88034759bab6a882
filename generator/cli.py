"""The `proposals` command line. User mistakes end in one line and an exit code, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import __version__
from generator.check import check_files, exit_code, plan_files
from generator.report import json_document, text_lines
from generator.schema import schema_text
from generator.workspace import Workspace


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    targets = list(paths) or [workspace.proposals_dir]
    for target in targets:
        if not target.exists():
            raise click.UsageError(f"no plans at '{target}'")
    reports = check_files(plan_files(targets))
    if fmt == "json":
        click.echo(json_document(reports))
    else:
        out, err = text_lines(reports, colour=sys.stdout.isatty())
        for line in err:
            click.echo(line, err=True)
        for line in out:
            click.echo(line)
    sys.exit(exit_code(reports, strict=strict))


@main.command()
def schema() -> None:
    """Print the JSON Schema of plan format 1."""
    click.echo(schema_text(), nl=False)
