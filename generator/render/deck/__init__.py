"""The pitch deck: one slide model (a message per slide, built from the plan's numbers),
written as a 16:9 PDF and as an editable PowerPoint."""

from __future__ import annotations

FORMATS = ("pdf", "pptx")


def deck_names(slug: str) -> dict[str, str]:
    """The deck's file names by format: ``<slug>-deck.pdf``, ``<slug>-deck.pptx``."""
    return {fmt: f"{slug}-deck.{fmt}" for fmt in FORMATS}
