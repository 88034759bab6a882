"""What a built site offers to download beside each proposal's pages: the A4 PDF and the
16:9 deck (PDF and PowerPoint), written after the pages."""

from __future__ import annotations

from pathlib import Path

from generator.analysis.report import PlanReport
from generator.errors import UserError
from generator.render.deck.build import DeckOptions, write_deck
from generator.render.pdf import PdfOptions, write_site_pdfs


def write_site_documents(
    documents: dict[str, PlanReport], site_dir: Path, pdf: PdfOptions, deck: DeckOptions
) -> list[str]:
    """Each proposal's PDF at its path and its deck beside it; the notes they leave."""
    notes = write_site_pdfs(documents, site_dir, pdf)
    for path, report in documents.items():
        try:
            write_deck(report, (site_dir / path).parent, deck, notes=notes)
        except UserError as exc:
            raise type(exc)(f"deck for '{report.slug}': {exc}") from None
    return notes
