"""One PDF per proposal, for the pitch: the same pages as the site, laid out for A4.

The document is built from the same rendered Markdown and SVG as the site (not a
capture of the site's chrome), wrapped in a cover and a table of contents, and set by
WeasyPrint. WeasyPrint reports problems through logging instead of raising, so every
warning it logs while writing becomes an error here: a PDF with a missing image or
font is never written.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import gc
import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.analysis.report import PlanReport
from generator.cache.store import write_atomic
from generator.errors import PdfError
from generator.inputs.snapshot import Inputs
from generator.inputs.versioned import Versioned
from generator.locale.labels import labels
from generator.render.print.tagging import scoped_headers
from generator.render.site.pages import PAGE_TITLES, PAGES, RenderOptions, figure_html, render_proposal
from generator.render.text.markdown import MarkdownConfig
from generator.render.text.templates import environment
from generator.render.views.proposal import proposal_view
from generator.settings import DEFAULT_PALETTE, Palette
from generator.workers import process_pool

SCHEME = "proposal:"


@dataclass(frozen=True)
class PdfOptions:
    markdown: MarkdownConfig
    """The site's own Markdown configuration (print overrides are applied here)."""
    landscape: bool = False
    theme_dir: Path | None = None
    cache_dir: Path | None = None
    public: bool = False
    """For a public site: no team, no fees."""
    versions: tuple[tuple[str, Versioned], ...] = ()
    """What was sent of each proposal: a sent version's PDF names it in its footer."""
    palette: Palette = DEFAULT_PALETTE
    inputs: Inputs = field(default_factory=Inputs, compare=False)
    """Where the plan's pictures are read from."""

    @classmethod
    def for_site(cls, markdown: MarkdownConfig, landscape: bool, site: RenderOptions) -> PdfOptions:
        """The PDFs of a site: its templates, its diagram cache, its access level."""
        return cls(
            markdown,
            landscape,
            site.theme_dir,
            site.cache_dir,
            site.public,
            site.versions,
            site.palette,
            site.inputs,
        )

    def stamp(self, slug: str) -> str:
        return dict(self.versions).get(slug, Versioned()).stamp


def print_stylesheet(palette: Palette) -> str:
    """The print stylesheet in the workspace's colours."""
    return palette.css() + _print_css()


@cache
def _print_css() -> str:
    return resources.files("generator").joinpath("static/print.css").read_text(encoding="utf-8")


def document_html(report: PlanReport, options: PdfOptions) -> tuple[str, dict[str, bytes]]:
    """The print document (HTML) and the files it refers to, by name."""
    plan = report.plan
    t = labels(plan.language)
    view = proposal_view(report, internal=False, public=options.public, stamp=options.stamp(report.slug))
    rendered = render_proposal(
        report,
        RenderOptions(
            internal=False,
            public=options.public,
            theme_dir=options.theme_dir,
            cache_dir=options.cache_dir,
            standalone=True,
            versions=options.versions,
            palette=options.palette,
        ),
        environment(options.theme_dir),
        view,
    )
    paper = options.markdown.for_print()
    # A picture placed on the cover goes on the PDF's cover, not into the first chapter.
    cover = [figure_html(picture) for picture in options.inputs.pictures(report).get("cover", [])]
    chapters = []
    for page in PAGES:
        source = rendered.files.get(f"{page}.md")
        if source is None:
            continue
        body = _own_anchors(without_first_h1(paper.render(source)), page)
        if not options.landscape:
            body = _wide_diagrams(body, rendered.files)
        if page == "index":
            for figure in cover:
                body = body.replace(figure, "", 1)
        body = re.sub(r'src="(?!data:)', f'src="{SCHEME}', body)  # pictures inline stay inline
        chapters.append({"id": f"chapter-{page}", "title": t(PAGE_TITLES[page]), "body": body})
    html = (
        environment(options.theme_dir, "html")
        .get_template("pdf/document.html")
        .render(
            p=view,
            t=t,
            chapters=chapters,
            confidential=plan.access != "public",
            created=created_on(report).isoformat(),
            stylesheet=print_stylesheet(options.palette),
            cover_pictures=[Markup(figure) for figure in cover],
            page_size="A4 landscape" if options.landscape else "A4",
        )
    )
    assets = {
        name: content.encode("utf-8") for name, content in rendered.files.items() if name.endswith(".svg")
    }
    return html, assets


PORTRAIT_WIDTH = 505.0
"""An A4 portrait page's text width in points (210 mm less the margins)."""
_IMAGE_PARAGRAPH = re.compile(
    r"(?P<head><h2[^>]*>(?:(?!</h2>).)*</h2>\s*(?:<p>(?:(?!</p>).)*</p>\s*)?)?"
    r'<p>\s*(?P<img><img[^>]*\bsrc="(?P<src>[^"]+\.svg)"[^>]*>)\s*</p>',
    re.S,
)
_SVG_WIDTH = re.compile(r'<svg[^>]*\bwidth="([\d.]+)pt"')


def _wide_diagrams(body: str, files: dict[str, str]) -> str:
    """A diagram wider than a portrait page gets a landscape page of its own: drawn into the
    portrait column a KPI tree's labels shrink to 6 pt; across the page they stay near 10."""

    def placed(match: re.Match[str]) -> str:
        svg = files.get(match.group("src"), "")
        width = _SVG_WIDTH.search(svg)
        if width is None or float(width.group(1)) <= PORTRAIT_WIDTH * 1.1:
            return match.group(0)
        # Its heading and lead go with it: a heading alone at the foot of the page before says nothing.
        return f'<div class="pdf-wide">{match.group("head") or ""}{match.group("img")}</div>'

    return _IMAGE_PARAGRAPH.sub(placed, body)


def without_first_h1(body: str) -> str:
    return re.sub(r"^\s*<h1[^>]*>.*?</h1>\s*", "", body, count=1, flags=re.S)


def _own_anchors(body: str, page: str) -> str:
    """Heading ids of one page, made unique in the whole document (pages share headings)."""
    body = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{page}-{m.group(1)}"', body)
    return re.sub(r'\bhref="#([^"]+)"', lambda m: f'href="#{page}-{m.group(1)}"', body)


def created_on(report: PlanReport) -> dt.date:
    """The document date: the plan's own date, else SOURCE_DATE_EPOCH, else a fixed day."""
    plan = report.plan
    if plan.prepared and plan.prepared.date:
        return plan.prepared.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date(2000, 1, 1)


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProposalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
        """Serves the proposal's own SVGs; anything else is an error, never a network fetch."""

        def __init__(self, assets: dict[str, bytes]) -> None:
            super().__init__(fail_on_errors=True)
            self.assets = assets

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            picture = re.match(r"data:(image/(?:png|jpeg|gif|webp));base64,", url)
            if picture:  # a plan's own picture, inline and already checked (inputs/pictures.py)
                body = base64.b64decode(url[picture.end() :])
                return URLFetcherResponse(url, body=body, headers={"Content-Type": picture[1]})
            name = url.removeprefix(SCHEME)
            if not url.startswith(SCHEME) or name not in self.assets:
                shown_url = url if len(url) <= 80 else url[:77] + "…"
                raise PdfError(f"'{shown_url}' is not part of the proposal")
            return URLFetcherResponse(url, body=self.assets[name], headers={"Content-Type": "image/svg+xml"})

    return ProposalFetcher


def _ProposalFetcher(assets: dict[str, bytes]) -> Any:
    return _fetcher_class()(assets)


class _Collect(logging.Handler):
    """What WeasyPrint logs while it writes: failures, missing glyphs and engine notices.

    Errors mean the document is not what the pages say (an image, a stylesheet or a
    diagram could not be loaded): the PDF is not written. Characters that no installed
    font can draw are left blank and reported. Everything else WeasyPrint warns about
    (a font subset made with fontTools instead of HarfBuzz, a CSS feature it ignores, a
    deprecation) leaves the document as intended: a notice, never a failed build.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.failures: list[str] = []
        self.missing_glyphs: list[str] = []
        self.notices: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.failures.append(message)
        elif message.startswith(".notdef glyph rendered"):
            self.missing_glyphs.append(message.rsplit("(", 1)[-1].rstrip(")"))
        elif "glyphs missing" not in message:  # the font's side of a .notdef note
            self.notices.append(message)


def write_pdf(report: PlanReport, target: Path, options: PdfOptions, notes: list[str] | None = None) -> Path:
    """Write ``target``; raise :class:`PdfError` instead of writing anything incomplete.

    Characters no installed font can draw are appended to ``notes`` (when given).
    """
    html, assets = document_html(report, options)
    write_atomic(target, typeset(html, assets, report.file, notes, options.cache_dir))
    return target


def typeset(
    html: str,
    assets: dict[str, bytes],
    name: str,
    notes: list[str] | None = None,
    cache_dir: Path | None = None,
) -> bytes:
    """A tagged PDF of ``html`` (its files served from ``assets``); anything WeasyPrint
    could not place — an image, a stylesheet — is an error, never a quietly thinner PDF.
    With ``cache_dir``, a document typeset before is not typeset again."""
    from generator.render.print.pdfcache import typeset_once

    return typeset_once(html, assets, name, notes, cache_dir, lambda said: _typeset(html, assets, name, said))


def _typeset(html: str, assets: dict[str, bytes], name: str, notes: list[str] | None) -> bytes:
    import weasyprint

    fetcher = _ProposalFetcher(assets)
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        with _few_collections():
            document = weasyprint.HTML(string=html, base_url=SCHEME, url_fetcher=fetcher)
            identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
            # Tagged (PDF/UA-1) with the plan's language as /Lang: screen readers and search
            # read the structure and the language, and the text stays extractable.
            pdf = document.write_pdf(pdf_identifier=identifier, custom_metadata=False, pdf_variant="pdf/ua-1")
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise PdfError(f"{name}: {exc} ({exc.__cause__})") from None
    finally:
        logger.removeHandler(handler)
    if handler.failures:
        raise PdfError(f"{name}: " + "; ".join(dict.fromkeys(handler.failures)))
    if notes is not None:
        if handler.missing_glyphs:
            codes = ", ".join(dict.fromkeys(handler.missing_glyphs))
            notes.append(f"{name}: no installed font can draw {codes}; those characters are blank in the PDF")
        notes += [f"{name}: WeasyPrint: {notice}" for notice in dict.fromkeys(handler.notices)]
    assert pdf is not None
    return scoped_headers(bytes(pdf))


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Typesetting allocates boxes by the hundred thousand, nearly all alive until the PDF is
    written: the collector's default (a young-generation pass every 700 allocations)
    walks them again and again for nothing, a sixth of a PDF's time. Passes are made rarer
    while WeasyPrint works, and the process's own setting is put back after."""
    before = gc.get_threshold()
    gc.set_threshold(10_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def write_site_pdfs(documents: dict[str, PlanReport], site_dir: Path, options: PdfOptions) -> list[str]:
    """Each proposal's PDF at its path in a built site; the notes they leave."""
    notes: list[str] = []
    for path, report in documents.items():
        try:
            write_pdf(report, site_dir / path, options, notes)
        except PdfError as exc:
            raise PdfError(f"PDF for '{report.slug}': {exc}") from None
    return notes


def _pdf_job(args: tuple[Path, PdfOptions, PlanReport]) -> tuple[str, float, list[str]]:
    """One PDF, in a worker: the job carries its report (no module state travels to workers)."""
    import time

    target, options, report = args
    started = time.monotonic()
    notes: list[str] = []
    write_pdf(report, target, options, notes)
    return report.file, time.monotonic() - started, notes


def _compile_templates(theme_dir: Path | None) -> None:
    """Compile the page and print templates once, before the workers are forked from here."""
    for env in (environment(theme_dir), environment(theme_dir, "html")):
        for name in env.list_templates(filter_func=lambda n: n.startswith(("proposal/", "pdf/"))):
            # A broken override fails in the worker that uses it, with the PDF's name attached.
            with contextlib.suppress(jinja2.TemplateError):
                env.get_template(name)


def write_pdfs(
    reports: list[PlanReport],
    out_dir: Path,
    options: PdfOptions,
    jobs: int | None = None,
    on_done: Callable[[], None] | None = None,
) -> list[tuple[str, float, list[str]]]:
    """One PDF per report, in worker processes: (plan file, seconds, notes) for each."""
    from concurrent.futures import as_completed

    # Longest first (a longer plan makes a longer PDF), so no worker is left with a long
    # job while the others are idle at the end of the batch.
    ordered = sorted(reports, key=lambda r: -len(r.loaded.document.values) if r.loaded else 0)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(ordered)))
    work = [(out_dir / f"{r.slug}.pdf", options, r) for r in ordered]
    results: list[tuple[str, float, list[str]]] = []
    if workers == 1:
        for item in work:
            results.append(_pdf_job(item))
            if on_done:
                on_done()
        return results
    # Loading WeasyPrint (Pango, fontconfig) takes longer than a short PDF; done once here,
    # the forked workers start with it instead of each paying for it again.
    import weasyprint  # noqa: F401

    _compile_templates(options.theme_dir)
    # Frozen, what the workers inherit (reports, WeasyPrint, templates) is left out of their
    # garbage collections, which would otherwise walk it and copy its pages on write.
    gc.freeze()
    try:
        with process_pool(workers) as pool:
            for future in as_completed([pool.submit(_pdf_job, item) for item in work]):
                results.append(future.result())
                if on_done:
                    on_done()
    finally:
        gc.unfreeze()
    return results
