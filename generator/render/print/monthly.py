"""The monthly report (月次レポート): the progress page of one month as an A4 PDF for the
client — headline, tree, chart, what moved the KGI, next actions, the table and the
agency's comment — from the same page files the site shows."""

from __future__ import annotations

from pathlib import Path

from generator.cache.store import write_atomic
from generator.errors import PdfError
from generator.locale import formatting
from generator.locale.labels import labels
from generator.render.print.pdf import (
    SCHEME,
    PdfOptions,
    created_on,
    print_stylesheet,
    typeset,
    without_first_h1,
)
from generator.render.renderset import MonthlyReport
from generator.render.site.progress import progress_page
from generator.render.text.templates import environment


def monthly_html(job: MonthlyReport, options: PdfOptions) -> tuple[str, dict[str, bytes]]:
    """The report's print document and the SVGs it shows."""
    report = job.report
    plan = report.plan
    t = labels(plan.language)
    found = job.inputs.tracked(report)
    page = (
        progress_page(
            report,
            found,
            environment(options.theme_dir),
            inputs=job.inputs,
            internal=False,  # the report goes to the client: no doctor's findings, no file names
            cache_dir=options.cache_dir,
            month=job.month,
            brand=options.palette.brand,
        )
        if found is not None
        else None
    )
    if page is None:
        raise PdfError(f"{report.file}: no actuals for {job.month} in {job.inputs.folder_name(report.slug)}/")
    body = without_first_h1(options.markdown.for_print().render(page.files["progress.md"]))
    body = body.replace('src="', f'src="{SCHEME}')
    month = formatting.month(job.month, plan.language)
    html = (
        environment(options.theme_dir, "html")
        .get_template("pdf/report.html")
        .render(
            t=t,
            language=plan.language,
            title=t("monthly_report_title", client=plan.client.name, month=month),
            client=plan.client.name,
            month=month,
            body=body,
            created=created_on(report).isoformat(),
            stylesheet=print_stylesheet(options.palette),
        )
    )
    assets = {name: text.encode("utf-8") for name, text in page.files.items() if name.endswith(".svg")}
    return html, assets


def write_monthly(
    job: MonthlyReport, target: Path, options: PdfOptions, notes: list[str] | None = None
) -> Path:
    html, assets = monthly_html(job, options)
    write_atomic(target, typeset(html, assets, job.report.file, notes, options.cache_dir))
    return target
