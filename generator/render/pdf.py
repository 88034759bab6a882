"""One PDF per proposal, for the pitch: the same pages as the site, laid out for A4.

The document is built from the same rendered Markdown and SVG as the site (not a
capture of the site's chrome), wrapped in a cover and a table of contents, and set by
WeasyPrint. WeasyPrint reports problems through logging instead of raising, so every
warning it logs while writing becomes an error here: a PDF with a missing image or
font is never written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup

from generator.engine.jinjacache import SharedBytecodeCache
from generator.plans.load import LoadedPlan
from generator.render.escape import clean
from generator.render.i18n import labels
from generator.render.pages import PAGE_TITLES, PAGES, RenderOptions, render_proposal
from generator.render.views import proposal_view

SCHEME = "proposal:"
EXTENSIONS = [
    "tables",
    "admonition",
    "attr_list",
    "md_in_html",
    "pymdownx.superfences",
    "pymdownx.details",
    "pymdownx.tabbed",
]
# Paper shows every tab, one after another: the classic layout puts each label before its content.
EXTENSION_CONFIG = {"pymdownx.tabbed": {"alternate_style": False}}


class PdfError(RuntimeError):
    """WeasyPrint could not make a faithful PDF; the message says what was missing."""


@dataclass(frozen=True)
class PdfOptions:
    landscape: bool = False
    theme_dir: Path | None = None
    cache_dir: Path | None = None


@cache
def _stylesheet() -> str:
    return resources.files("generator").joinpath("static/print.css").read_text(encoding="utf-8")


def _environment(theme_dir: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if theme_dir and theme_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(theme_dir)))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        bytecode_cache=SharedBytecodeCache(),
        # Plan text may carry control characters, which no font can show; drop them before escaping.
        finalize=lambda value: (
            clean(value) if isinstance(value, str) and not isinstance(value, Markup) else value
        ),
    )


def document_html(loaded: LoadedPlan, options: PdfOptions) -> tuple[str, dict[str, bytes]]:
    """The print document (HTML) and the files it refers to, by name."""
    plan = loaded.plan
    t = labels(plan.language)
    rendered = render_proposal(
        loaded,
        RenderOptions(
            internal=False, theme_dir=options.theme_dir, cache_dir=options.cache_dir, standalone=True
        ),
    )
    chapters = []
    for page in PAGES:
        source = rendered.files.get(f"{page}.md")
        if source is None:
            continue
        body = markdown.markdown(source, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIG)
        body = _without_first_h1(body)
        body = body.replace('src="', f'src="{SCHEME}')
        chapters.append({"id": f"chapter-{page}", "title": getattr(t, PAGE_TITLES[page]), "body": body})
    view = proposal_view(loaded, internal=False)
    env = _environment(options.theme_dir)
    html = env.get_template("pdf/document.html").render(
        p=view,
        t=t,
        chapters=chapters,
        confidential=plan.access != "public",
        created=_created(loaded).isoformat(),
        stylesheet=_stylesheet(),
        page_size="A4 landscape" if options.landscape else "A4",
    )
    assets = {
        name: content.encode("utf-8") for name, content in rendered.files.items() if name.endswith(".svg")
    }
    return html, assets


def _without_first_h1(body: str) -> str:
    return re.sub(r"^\s*<h1[^>]*>.*?</h1>\s*", "", body, count=1, flags=re.S)


def _created(loaded: LoadedPlan) -> dt.date:
    """The document date: the plan's own date, else SOURCE_DATE_EPOCH, else the file's mtime day."""
    plan = loaded.plan
    if plan.prepared and plan.prepared.date:
        return plan.prepared.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date(2000, 1, 1)


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProposalFetcher(URLFetcher):
        """Serves the proposal's own SVGs; anything else is an error, never a network fetch."""

        def __init__(self, assets: dict[str, bytes]) -> None:
            super().__init__(fail_on_errors=True)
            self.assets = assets

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            name = url.removeprefix(SCHEME)
            if not url.startswith(SCHEME) or name not in self.assets:
                raise PdfError(f"'{url}' is not part of the proposal")
            return URLFetcherResponse(url, body=self.assets[name], headers={"Content-Type": "image/svg+xml"})

    return ProposalFetcher


def _ProposalFetcher(assets: dict[str, bytes]):  # type: ignore[no-untyped-def]
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


def write_pdf(
    loaded: LoadedPlan, target: Path, options: PdfOptions | None = None, notes: list[str] | None = None
) -> Path:
    """Write ``target``; raise :class:`PdfError` instead of writing anything incomplete.

    Characters no installed font can draw are appended to ``notes`` (when given).
    """
    import weasyprint

    options = options or PdfOptions()
    html, assets = document_html(loaded, options)

    fetcher = _ProposalFetcher(assets)
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        document = weasyprint.HTML(string=html, base_url=SCHEME, url_fetcher=fetcher)
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        # Tagged (PDF/UA-1) with the plan's language as /Lang: screen readers and search
        # read the structure and the language, and the text stays extractable.
        pdf = document.write_pdf(pdf_identifier=identifier, custom_metadata=False, pdf_variant="pdf/ua-1")
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise PdfError(f"{loaded.file}: {exc} ({exc.__cause__})") from None
    finally:
        logger.removeHandler(handler)
    if handler.failures:
        raise PdfError(f"{loaded.file}: " + "; ".join(dict.fromkeys(handler.failures)))
    if notes is not None:
        if handler.missing_glyphs:
            codes = ", ".join(dict.fromkeys(handler.missing_glyphs))
            notes.append(
                f"{loaded.file}: no installed font can draw {codes}; those characters are blank in the PDF"
            )
        notes += [f"{loaded.file}: WeasyPrint: {notice}" for notice in dict.fromkeys(handler.notices)]
    assert pdf is not None
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(pdf)
    tmp.replace(target)
    return target


def _pdf_job(args: tuple[Path, str, Path, PdfOptions]) -> tuple[str, float, list[str]]:
    import time

    from generator.plans.load import load_plan

    path, name, target, options = args
    started = time.monotonic()
    notes: list[str] = []
    write_pdf(load_plan(path, name), target, options, notes)
    return name, time.monotonic() - started, notes


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _compile_templates(theme_dir: Path | None) -> None:
    """Compile the page and print templates once, before the workers are forked from here."""
    from generator.render.pages import environment

    for env in (environment(theme_dir), _environment(theme_dir)):
        for name in env.list_templates(filter_func=lambda n: n.startswith(("proposal/", "pdf/"))):
            # A broken override fails in the worker that uses it, with the PDF's name attached.
            with contextlib.suppress(jinja2.TemplateError):
                env.get_template(name)


def write_pdfs(
    plans: list[tuple[Path, str, str]],
    out_dir: Path,
    options: PdfOptions,
    jobs: int | None = None,
    on_done=None,  # type: ignore[no-untyped-def]
) -> list[tuple[str, float, list[str]]]:
    """PDFs for ``(plan path, display name, slug)`` in worker processes: (name, seconds, notes)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    work = [(path, name, out_dir / f"{slug}.pdf", options) for path, name, slug in plans]
    # Longest first (a longer plan makes a longer PDF), so no worker is left with a long
    # job while the others are idle at the end of the batch.
    work.sort(key=lambda item: -_size(item[0]))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(work)))
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
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for future in as_completed([pool.submit(_pdf_job, item) for item in work]):
            results.append(future.result())
            if on_done:
                on_done()
    return results
