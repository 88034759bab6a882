"""What a built site offers to download beside each proposal's pages: the A4 PDF, the 16:9
deck (PDF and PowerPoint) and the latest monthly report, written after the pages."""

from __future__ import annotations

from pathlib import Path

from generator.errors import UserError
from generator.render.deck.build import DeckOptions, write_deck
from generator.render.print.monthly import write_monthly
from generator.render.print.pdf import PdfOptions, write_site_pdfs
from generator.render.renderset import RenderOptions, RenderSet
from generator.render.text.markdown import MarkdownConfig
from generator.settings import Settings


def write_site_documents(
    rendered: RenderSet, site_dir: Path, pdf: PdfOptions, deck: DeckOptions
) -> list[str]:
    """Each proposal's PDF at its path, its deck beside it, and its latest monthly report;
    the notes they leave."""
    notes = write_site_pdfs(rendered.documents, site_dir, pdf)
    for path, report in rendered.documents.items():
        try:
            write_deck(report, (site_dir / path).parent, deck, notes=notes)
        except UserError as exc:
            raise type(exc)(f"deck for '{report.slug}': {exc}") from None
    for path, job in rendered.monthly.items():
        try:
            write_monthly(job, site_dir / path, pdf, notes)
        except UserError as exc:
            raise type(exc)(f"monthly report for '{job.report.slug}': {exc}") from None
    return notes


def write_documents_for_site(
    rendered: RenderSet,
    site_dir: Path,
    markdown: MarkdownConfig,
    settings: Settings,
    root: Path,
    options: RenderOptions,
) -> list[str]:
    """The site's documents with its own Markdown setup, PDF and deck options."""
    pdf = PdfOptions.for_site(markdown, settings.pdf_landscape, options)
    return write_site_documents(rendered, site_dir, pdf, DeckOptions.for_site(settings, root, options))
