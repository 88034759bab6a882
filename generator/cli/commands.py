"""The `proposals` command line. User mistakes end in one line and an exit code, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from generator import __version__
from generator.analysis.report import PlanReport, check_files, exit_code, plan_files
from generator.analysis.settings import DoctorSettings
from generator.cli.printing import expired_note, json_document, text_lines
from generator.errors import PlanError, PlanErrors, UserError, shown, system_problem, terminal_safe
from generator.knowledge import vocab
from generator.plans.schema import schema_text
from generator.workspace import Workspace


def _echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """A line for the terminal: text from plans and exports may hold control characters."""
    click.echo(terminal_safe(text), err=err, nl=nl)


class _Commands(click.Group):
    """Every command ends a user's mistake in its own lines and exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            plan_lines = isinstance(exc, PlanError | PlanErrors)
            for line in str(exc).splitlines() or [type(exc).__name__]:
                _echo(line if plan_lines else f"proposals: {line}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            # What the system refused (a file nobody may read, a full disk) is the user's to fix.
            _echo(f"proposals: {system_problem(exc)}", err=True)
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
@click.pass_obj
def build(workspace: Workspace, client: str | None, public: bool, out: Path | None, jobs: int | None) -> None:
    """Build the home site and one site per proposal (or one client's site)."""
    from generator.engine.build import build as run_build

    if client and public:
        raise click.UsageError("--client and --public cannot be combined")
    mode = "client" if client else "public" if public else "internal"
    result = run_build(workspace, out, mode=mode, client=client, jobs=jobs)
    for note in result.notes:
        _echo(f"note: {note}", err=True)
    where = shown(result.out_dir)
    if result.share_path:
        _echo(f"{client}: {where}/{result.share_path}")
        _echo(f"share this link (relative to where {where}/ is hosted): {result.share_path}")
    else:
        _echo(
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
    from generator.output.documents import DocumentFolder
    from generator.render.site.pages import RenderOptions, render_selection

    out = out or workspace.root / "rendered"
    reports = _readable_plans(workspace)
    today = workspace.today()
    folder = DocumentFolder(out, "render", workspace.sources())
    options = RenderOptions(
        theme_dir=workspace.theme_dir,
        cache_dir=workspace.paths.diagrams,
        today=today,
        actuals_dir=workspace.actuals_dir,
        date_order=workspace.date_order,
    )
    rendered = render_selection(reports, options)
    _expired_notes(reports, today)
    if fmt == "zensical":
        from generator.render.export.zensical import project_files

        count = folder.write(project_files(workspace, rendered), replace_all=True)
        _echo(
            f"wrote a Zensical project ({count} files) to {shown(out)}/; build it with: zensical build"
        )
        return
    files = {path: content.encode("utf-8") for path, content in sorted(rendered.files.items())}
    folder.write(files, replace_all=True)
    _echo(f"wrote {len(rendered.files)} files to {shown(out)}/")


def _readable_plans(workspace: Workspace) -> list[PlanReport]:
    """Every plan of the workspace, checked as `check` does; an unreadable one ends the command (2)."""
    reports = check_files(
        plan_files([workspace.proposals_dir]), DoctorSettings.from_options(workspace.options)
    )
    broken = [r.error for r in reports if r.error]
    if broken:
        raise PlanErrors(broken)
    return reports


def _chosen_plans(workspace: Workspace, slugs: tuple[str, ...], what: str) -> list[PlanReport]:
    """The plans named (all readable ones when none is), never an expired one."""
    reports = _readable_plans(workspace)
    by_slug = {r.slug: r for r in reports}
    unknown = [s for s in slugs if s not in by_slug]
    if unknown:
        raise click.UsageError(f"no plan named {', '.join(unknown)} in {shown(workspace.proposals_dir)}/")
    today = workspace.today()
    expired = [r for r in reports if r.loaded is not None and r.loaded.plan.expired(today)]
    if slugs and any(r.slug in slugs for r in expired):
        _expired_notes([r for r in expired if r.slug in slugs], today)
        raise UserError(f"no {what} is made for an expired plan")
    _expired_notes(expired, today)
    return [by_slug[s] for s in slugs] if slugs else [r for r in reports if r not in expired]


def _expired_notes(reports: list[PlanReport], today: dt.date) -> None:
    for report in reports:
        if report.loaded is not None and report.loaded.plan.expired(today):
            _echo(expired_note(report.loaded), err=True)


@main.command()
@click.argument("slug", required=False)
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT")
@click.pass_obj
def serve(workspace: Workspace, slug: str | None, dev_addr: str) -> None:
    """Preview with live reload: one proposal as its own site, or everything."""
    from generator.engine.preview import serve as preview

    if workspace.config_file is None:
        raise click.UsageError(f"no mkdocs.yml in {workspace.root}")
    if slug and not any(
        (workspace.proposals_dir / f"{slug}{suffix}").is_file() for suffix in (".yaml", ".yml")
    ):
        raise click.UsageError(f"no plan named '{slug}' in {shown(workspace.proposals_dir)}/")
    preview(
        workspace.config_file,
        slug,
        dev_addr,
        lambda line: _echo(f"proposals: {line}", err=True),
        ready=lambda url: _echo(f"serving on {url} (Ctrl+C to stop)", err=True),
    )


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
    _echo(f"wrote {shown(path)}; check it with: proposals check {shown(path)}")


@main.command()
@click.argument("slugs", nargs=-1)
@click.option(
    "--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: pdf/)."
)
@click.option("--landscape", is_flag=True, help="A4 landscape instead of portrait.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Parallel workers (default: one per CPU).")
@click.pass_obj
def pdf(
    workspace: Workspace, slugs: tuple[str, ...], out: Path | None, landscape: bool, jobs: int | None
) -> None:
    """Write one pitch-ready PDF per proposal (all of them when no SLUG is named)."""
    import time

    from generator.output.documents import DocumentFolder
    from generator.render.print.pdf import PdfOptions, write_pdfs

    chosen = _chosen_plans(workspace, slugs, "PDF")
    out = out or workspace.root / "pdf"
    DocumentFolder(out, "pdf", workspace.sources()).claim(f"{r.slug}.pdf" for r in chosen)
    options = PdfOptions.for_workspace(workspace, landscape=landscape)
    started = time.monotonic()
    if sys.stderr.isatty():
        with click.progressbar(length=len(chosen), label="PDF", file=sys.stderr) as bar:
            results = write_pdfs(chosen, out, options, jobs, on_done=lambda: bar.update(1))
    else:  # a log gets the per-PDF lines below, not a progress bar's leftovers
        results = write_pdfs(chosen, out, options, jobs)
    total = time.monotonic() - started
    for name, seconds, notes in sorted(results):
        _echo(f"{name}: {seconds:.1f} s")
        for note in notes:
            _echo(f"note: {note}", err=True)
    _echo(f"wrote {len(results)} PDF(s) to {shown(out)}/ in {total:.1f} s")


@main.command()
@click.argument("slugs", nargs=-1)
@click.option("--format", "formats", default="pdf,pptx", show_default=True, help="pdf, pptx or both.")
@click.option(
    "--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: deck/)."
)
@click.pass_obj
def deck(workspace: Workspace, slugs: tuple[str, ...], formats: str, out: Path | None) -> None:
    """Write the 16:9 pitch deck of each proposal as <slug>-deck.pdf and <slug>-deck.pptx."""
    from generator.output.documents import DocumentFolder
    from generator.render.deck.build import DeckOptions, write_deck
    from generator.render.renderset import DECK_FORMATS as FORMATS
    from generator.render.renderset import deck_names

    chosen_formats = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen_formats if f not in FORMATS]
    if unknown or not chosen_formats:
        raise click.UsageError(
            f"--format takes pdf, pptx or pdf,pptx (not {', '.join(unknown) or formats!r})"
        )
    chosen = _chosen_plans(workspace, slugs, "deck")
    out = out or workspace.root / "deck"
    DocumentFolder(out, "deck", workspace.sources()).claim(
        deck_names(r.slug)[f] for r in chosen for f in chosen_formats
    )
    options = DeckOptions.from_settings(workspace.plugin, workspace.root, workspace.paths.diagrams)
    notes: list[str] = []
    for report in chosen:
        for path in write_deck(report, out, options, chosen_formats, notes):
            _echo(shown(path))
    for note in notes:
        _echo(f"note: {note}", err=True)


@main.command()
@click.argument("slugs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def actuals(workspace: Workspace, slugs: tuple[str, ...], fmt: str) -> None:
    """Read actuals/<slug>/ and show each month's figures against the plan's targets."""
    from generator.actuals.report import actuals_text, tracked

    chosen = _chosen_plans(workspace, slugs, "report")
    found = [tracked(report, workspace.actuals_dir / report.slug, workspace.date_order) for report in chosen]
    summaries = [t.summary for t in found]
    if fmt == "json":
        click.echo(json.dumps({"actuals": summaries}, ensure_ascii=False, indent=2))
    else:
        _echo(actuals_text(summaries), nl=False)
    # A folder of files of which not one could be read is a failure, said file by file.
    failed = [(r, t) for r, t in zip(chosen, found, strict=True) if t.read.nothing_read]
    for report, item in failed:
        for line in item.read.problems(report.plan.language):
            _echo(line, err=True)
    if failed:
        sys.exit(2)


@main.command()
@click.argument("slug")
@click.option("--month", metavar="YYYY-MM", help="The month to report on (default: the latest with data).")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: reports/).",
)
@click.pass_obj
def report(workspace: Workspace, slug: str, month: str | None, out: Path | None) -> None:
    """Write the monthly report PDF of one proposal: <slug>-report-YYYY-MM.pdf."""
    from generator.actuals.report import tracked
    from generator.errors import ActualsError
    from generator.output.documents import DocumentFolder
    from generator.plans.values import parse_month
    from generator.render.print.monthly import write_monthly
    from generator.render.print.pdf import PdfOptions
    from generator.render.renderset import MonthlyReport
    from generator.render.site.progress import report_name

    (chosen,) = _chosen_plans(workspace, (slug,), "report")
    folder = workspace.actuals_dir / slug
    months = tracked(chosen, folder, workspace.date_order).months
    if not months:
        raise ActualsError(
            f"{shown(folder)}/: no exports that match the plan, so no month to report on"
            " (see: proposals actuals " + slug + ")"
        )
    try:
        wanted = parse_month(month) if month else months[-1]
    except ValueError:
        raise click.BadParameter(f"'{month}' is not a month like 2027-03", param_hint="--month") from None
    if wanted not in months:
        raise ActualsError(f"no actuals for {wanted}; months with data: {', '.join(map(str, months))}")
    out = out or workspace.root / "reports"
    (path,) = DocumentFolder(out, "report", workspace.sources()).claim([report_name(slug, wanted)])
    notes: list[str] = []
    target = write_monthly(
        MonthlyReport(chosen, folder, wanted, workspace.date_order),
        path,
        PdfOptions.for_workspace(workspace),
        notes,
    )
    for note in notes:
        _echo(f"note: {note}", err=True)
    _echo(shown(target))


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
    click.echo(schema_text(), nl=False)
