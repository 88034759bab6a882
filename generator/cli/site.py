"""Commands that make sites: build, render for other engines, preview."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.group import echo, expired_notes, main, readable_plans
from generator.errors import shown
from generator.workspace import Workspace


@main.command()
@click.option(
    "--client", "client", metavar="SLUG", help="Build one client's standalone site at its secret path."
)
@click.option("--public", is_flag=True, help="Build only plans with access: public, plus the guide.")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: site/, public/ with --public, clients/ with --client).",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Parallel builds (default: one per CPU).")
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --client: encrypt the site under the password on this file's first line "
    "(or $PROPOSALS_CLIENT_PASSWORD).",
)
@click.pass_obj
def build(
    workspace: Workspace,
    client: str | None,
    public: bool,
    out: Path | None,
    jobs: int | None,
    password_file: Path | None,
) -> None:
    """Build the home site and one site per proposal (or one client's site)."""
    from generator.pipeline.build import build as run_build

    if client and public:
        raise click.UsageError("--client and --public cannot be combined")
    if password_file and not client:
        raise click.UsageError("--password-file protects one client's site: use it with --client SLUG")
    mode = "client" if client else "public" if public else "internal"
    password = None
    if client:
        from generator.output.protect import read_password  # cryptography: a client's build only

        password = read_password(password_file)
    result = run_build(workspace, out, mode=mode, client=client, jobs=jobs, password=password)
    for line in result.warnings:
        echo(line, err=True)
    for note in result.notes:
        echo(f"note: {note}", err=True)
    where = shown(result.out_dir)
    if result.share_path:
        echo(f"{client}: {where}/{result.share_path}")
        echo(f"share this link (relative to where {where}/ is hosted): {result.share_path}")
    else:
        echo(
            f"built {len(result.built)}, reused {len(result.reused)} proposal site(s) "
            f"into {where}/ in {result.seconds:.1f} s"
        )


@main.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the Markdown pages and SVG diagrams into (default: rendered/).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "zensical"]),
    default="markdown",
    show_default=True,
    help="markdown: the pages and SVGs; zensical: a project that `zensical build` builds.",
)
@click.pass_obj
def render(workspace: Workspace, out: Path | None, fmt: str) -> None:
    """Write every page and diagram as plain files, for any Markdown site engine."""
    from generator.inputs.snapshot import Inputs
    from generator.output.documents import DocumentFolder
    from generator.render.site.pages import RenderOptions, render_selection

    out = out or workspace.root / "rendered"
    reports = readable_plans(workspace)
    today = workspace.today()
    folder = DocumentFolder(out, "render", workspace.sources())
    options = RenderOptions(
        theme_dir=workspace.theme_dir,
        cache_dir=workspace.paths.diagrams,
        today=today,
        inputs=Inputs.of(workspace.paths, workspace.date_order),
        palette=workspace.plugin.palette(),
    )
    rendered = render_selection(reports, options)
    expired_notes(reports, today)
    if fmt == "zensical":
        from generator.output.zensical import project_files

        count = folder.write(project_files(workspace, rendered), replace_all=True)
        echo(f"wrote a Zensical project ({count} files) to {shown(out)}/; build it with: zensical build")
        return
    files = {path: content.encode("utf-8") for path, content in sorted(rendered.files.items())}
    folder.write(files, replace_all=True)
    echo(f"wrote {len(rendered.files)} files to {shown(out)}/")


@main.command()
@click.argument("slug", required=False)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT")
@click.pass_obj
def serve(workspace: Workspace, slug: str | None, dev_addr: str) -> None:
    """Preview with live reload: one proposal as its own site, or everything."""
    from generator.engine.preview import serve as preview

    if workspace.config_file is None:
        raise click.UsageError(f"no mkdocs.yml in {workspace.root}")
    from generator.plans.files import plan_file

    if slug and plan_file(workspace.proposals_dir, slug) is None:
        raise click.UsageError(f"no plan named '{slug}' in {shown(workspace.proposals_dir)}/")
    preview(
        workspace.config_file,
        slug,
        dev_addr,
        lambda line: echo(f"proposals: {line}", err=True),
        ready=lambda url: echo(f"serving on {url} (Ctrl+C to stop)", err=True),
    )


@main.command()
@click.argument("what", metavar="public|internal|SLUG")
@click.option("--to", "target", required=True, metavar="git:REMOTE[#BRANCH] | s3://BUCKET[/PREFIX]")
@click.option("--endpoint", metavar="URL", help="An S3-compatible endpoint (R2, MinIO, Wasabi…).")
@click.option("--from", "source", type=click.Path(file_okay=False, path_type=Path), help="A built folder.")
@click.option("--dry-run", is_flag=True, help="List what would change; change nothing.")
@click.option(
    "--private-target",
    is_flag=True,
    help="The target is readable by the agency only: the one way an internal build is published.",
)
@click.pass_obj
def publish(
    workspace: Workspace,
    what: str,
    target: str,
    endpoint: str | None,
    source: Path | None,
    dry_run: bool,
    private_target: bool,
) -> None:
    """Publish a built folder: the public site, the internal one, or one client's site."""
    from generator.errors import OutputError, SecretError
    from generator.locale.labels import labels
    from generator.output.manifest import read_manifest
    from generator.output.publish import folder_of, publish, site_of, where
    from generator.output.secret import client_path, client_secret
    from generator.pipeline.build import DEFAULT_FOLDERS

    mode = what if what in ("public", "internal") else "client"
    t = labels(_language_of(workspace, what if mode == "client" else None))
    where(target, t)  # a target that cannot be is refused before anything is read
    if mode == "internal" and not private_target:
        raise OutputError(t("publish_internal_refused", target=target))
    folder = folder_of(source or workspace.root / DEFAULT_FOLDERS[mode], t)
    manifest = read_manifest(folder)
    built = manifest.access if manifest else "unknown"
    if built != mode:
        level = t.of("level", built) if built in ("internal", "public", "client") else "?"
        raise OutputError(t("publish_wrong_level", folder=shown(folder), built=level, wanted=what))
    secret_folder = ""
    if mode == "client":
        try:
            secret_folder = client_path(client_secret(), what)
        except SecretError as exc:
            if "PROPOSALS_SECRET" in str(exc) and "easy" not in str(exc):
                raise SecretError(t.publish_needs_secret) from None
            raise
        if not (folder / secret_folder).is_dir():
            raise OutputError(t("publish_client_not_built", slug=what, folder=shown(folder)))
    site = site_of(folder, mode, t, slug=what if mode == "client" else "", secret_folder=secret_folder)
    message = f"Publish {what} ({len(site.files)} files) with sns-proposals"
    changes = publish(
        site, target, t=t, endpoint=endpoint, dry_run=dry_run, message=message, root=workspace.root
    )
    for note in changes.notes:
        echo(note, err=True)
    for line in changes.lines():
        echo(line)
    echo(f"{'would publish' if dry_run else 'published'} {what} to {target}: {changes.summary()}")


def _language_of(workspace: Workspace, slug: str | None) -> str:
    """The language to speak in: a client's plan's own, else the workspace's site language."""
    import re

    from generator.plans.files import plan_file

    plan = plan_file(workspace.proposals_dir, slug) if slug else None
    if plan is not None:
        head = plan.read_text(encoding="utf-8", errors="replace")[:20000]
        found = re.search(r"^language:\s*[\"']?(ja|en)\b", head, re.M)
        return found[1] if found else "ja"
    theme = workspace.settings.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return "en" if language == "en" else "ja"
