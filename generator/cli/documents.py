"""Commands that make documents and read what happened: the PDF, the deck, actuals and the monthly report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.cli.group import chosen_plans, echo, main
from generator.errors import shown
from generator.workspace import Workspace


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
    from generator.render.print.pdf import write_pdfs

    chosen = chosen_plans(workspace, slugs, "PDF", gated=True)
    out = out or workspace.root / "pdf"
    DocumentFolder(out, "pdf", workspace.sources()).claim(f"{r.slug}.pdf" for r in chosen)
    from generator.pipeline.options import pdf_options

    options = pdf_options(workspace, landscape=landscape)
    started = time.monotonic()
    if sys.stderr.isatty():
        with click.progressbar(length=len(chosen), label="PDF", file=sys.stderr) as bar:
            results = write_pdfs(chosen, out, options, jobs, on_done=lambda: bar.update(1))
    else:  # a log gets the per-PDF lines below, not a progress bar's leftovers
        results = write_pdfs(chosen, out, options, jobs)
    total = time.monotonic() - started
    for name, seconds, notes in sorted(results):
        echo(f"{name}: {seconds:.1f} s")
        for note in notes:
            echo(f"note: {note}", err=True)
    echo(f"wrote {len(results)} PDF(s) to {shown(out)}/ in {total:.1f} s")


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
    from generator.render.deck.build import write_deck
    from generator.render.renderset import DECK_FORMATS as FORMATS
    from generator.render.renderset import deck_names

    chosen_formats = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen_formats if f not in FORMATS]
    if unknown or not chosen_formats:
        raise click.UsageError(
            f"--format takes pdf, pptx or pdf,pptx (not {', '.join(unknown) or formats!r})"
        )
    chosen = chosen_plans(workspace, slugs, "deck", gated=True)
    out = out or workspace.root / "deck"
    DocumentFolder(out, "deck", workspace.sources()).claim(
        deck_names(r.slug)[f] for r in chosen for f in chosen_formats
    )
    from generator.pipeline.options import deck_options

    options = deck_options(workspace)
    notes: list[str] = []
    for report in chosen:
        for path in write_deck(report, out, options, chosen_formats, notes):
            echo(shown(path))
    for note in notes:
        echo(f"note: {note}", err=True)


@main.command()
@click.argument("slugs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def actuals(workspace: Workspace, slugs: tuple[str, ...], fmt: str) -> None:
    """Read actuals/<slug>/ and show each month's figures against the plan's targets."""
    from generator.actuals.report import actuals_text, tracked
    from generator.versions.site import measured_against

    chosen = [measured_against(workspace.paths.versions, r) for r in chosen_plans(workspace, slugs, "report")]
    found = [tracked(report, workspace.actuals_dir / report.slug, workspace.date_order) for report in chosen]
    summaries = [t.summary for t in found]
    if fmt == "json":
        click.echo(json.dumps({"actuals": [s.as_json() for s in summaries]}, ensure_ascii=False, indent=2))
    else:
        echo(actuals_text(summaries), nl=False)
    # A folder of files of which not one could be read is a failure, said file by file.
    failed = [(r, t) for r, t in zip(chosen, found, strict=True) if t.read.nothing_read]
    for report, item in failed:
        for line in item.read.problems(report.plan.language):
            echo(line, err=True)
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
@click.option(
    "--hold", is_flag=True, help="Keep it out of client builds until: proposals release SLUG MONTH."
)
@click.pass_obj
def report(workspace: Workspace, slug: str, month: str | None, out: Path | None, hold: bool) -> None:
    """Write the monthly report PDF of one proposal: <slug>-report-YYYY-MM.pdf."""
    from generator.actuals.report import tracked
    from generator.errors import ActualsError
    from generator.inputs.snapshot import Inputs
    from generator.output.documents import DocumentFolder
    from generator.pipeline.options import pdf_options
    from generator.plans.values import parse_month
    from generator.render.print.monthly import write_monthly
    from generator.render.renderset import MonthlyReport
    from generator.render.site.progress import report_name
    from generator.versions.site import measured_against

    (working,) = chosen_plans(workspace, (slug,), "monthly report", gated=True)
    chosen = measured_against(workspace.paths.versions, working)
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
        MonthlyReport(chosen, wanted, Inputs.of(workspace.paths, workspace.date_order)),
        path,
        pdf_options(workspace),
        notes,
    )
    for note in notes:
        echo(f"note: {note}", err=True)
    echo(shown(target))
    if hold:
        from generator.versions.store import Held, Versions

        Held(Versions(workspace.paths.versions, slug)).hold(str(wanted))
        echo(f"held for review: client builds leave it out until: proposals release {slug} {wanted}")
