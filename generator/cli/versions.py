"""Commands about sent versions: send, diff, approve, release."""

from __future__ import annotations

import getpass
import json
import re

import click

from generator.cli.group import chosen_plans, echo, main
from generator.errors import UserError, shown
from generator.workspace import Workspace


def _sender() -> str:
    """Who sends, when --by does not say: $PROPOSALS_SENDER, else the login name."""
    import os

    return os.environ.get("PROPOSALS_SENDER") or getpass.getuser()


@main.command()
@click.argument("slug")
@click.option("--note", default="", help="What this version is for, in a line (shown to the client).")
@click.option("--by", "by", metavar="NAME", help="Who sends it (default: $PROPOSALS_SENDER or your login).")
@click.pass_obj
def send(workspace: Workspace, slug: str, note: str, by: str | None) -> None:
    """Freeze the proposal as the client receives it: versions/SLUG/vN/ with the plan, its PDF,
    deck and client pages, each file's SHA-256 in version.json."""
    from generator.pipeline.send import send as freeze

    (report,) = chosen_plans(workspace, (slug,), "version", gated=True)
    version = freeze(workspace, report, by=by or _sender(), note=note, today=workspace.today())
    files, digest = len(version.files), version.plan_sha256[:12]
    echo(f"sent {slug} {version.name} ({files} files, plan {digest}) to {shown(version.folder)}/")


@main.command()
@click.argument("slug")
@click.argument("versions", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def diff(workspace: Workspace, slug: str, versions: tuple[str, ...], fmt: str) -> None:
    """What changed in the plan: the last sent version against the working plan, or vA against
    vB (vA alone: against the working plan)."""
    from generator.analysis.report import PlanReport, analyse
    from generator.locale.labels import labels
    from generator.versions.diff import diff_text, plan_diff
    from generator.versions.store import Versions

    if len(versions) > 2:
        raise click.UsageError("give at most two versions, e.g. v1 v2")
    (working,) = chosen_plans(workspace, (slug,), "diff")
    store = Versions(workspace.paths.versions, slug)

    def sent(name: str) -> PlanReport:
        version = store.get(_number(name))
        version.verify(working.plan.language)
        return analyse(version.plan())

    if versions:
        old = sent(versions[0])
        new, names = (
            (sent(versions[1]), versions) if len(versions) == 2 else (working, (versions[0], "working"))
        )
    else:
        latest = store.latest()
        if latest is None:
            raise UserError(f"{slug} has not been sent yet (proposals send {slug})")
        latest.verify(working.plan.language)
        old, new, names = analyse(latest.plan()), working, (latest.name, "working")
    changes = plan_diff(old, new)
    if fmt == "json":
        document = {"slug": slug, "from": names[0], "to": names[1], "changes": [c.as_json() for c in changes]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    echo(f"{slug}: {names[0]} → {names[1]}")
    for line in diff_text(changes, labels(new.plan.language)):
        echo(f"  {line}")


def _number(name: str) -> int:
    match = re.fullmatch(r"v?([1-9][0-9]{0,5})", name.strip())
    if match is None:
        raise click.BadParameter(f"'{name}' is not a version like v2")
    return int(match[1])


@main.command()
@click.argument("slug")
@click.argument("version")
@click.option("--by", "by", required=True, metavar="NAME", help="Who approved it, as the client signed.")
@click.pass_obj
def approve(workspace: Workspace, slug: str, version: str, by: str) -> None:
    """Record the client's approval of a sent version in versions/SLUG/approvals.json; progress
    then compares actuals with that version's targets."""
    from generator.versions.store import Versions

    chosen_plans(workspace, (slug,), "approval")
    approval = Versions(workspace.paths.versions, slug).approve(_number(version), by, workspace.today())
    echo(f"{slug} v{approval.version} approved by {approval.by} on {approval.date}")


@main.command()
@click.argument("slug")
@click.argument("month", metavar="YYYY-MM")
@click.option(
    "--as-drafted", is_flag=True, help="Send a comment `proposals month` drafted that nobody edited."
)
@click.pass_obj
def release(workspace: Workspace, slug: str, month: str, as_drafted: bool) -> None:
    """Let a monthly report held for review (report --hold, proposals month) reach the client's
    build; a drafted comment nobody edited stops it unless --as-drafted."""
    from generator.pipeline.month import release_month
    from generator.plans.values import parse_month

    chosen_plans(workspace, (slug,), "release")
    try:
        wanted = parse_month(month)
    except ValueError:
        raise click.BadParameter(f"'{month}' is not a month like 2027-03", param_hint="MONTH") from None
    echo(release_month(workspace, slug, wanted, as_drafted=as_drafted))
