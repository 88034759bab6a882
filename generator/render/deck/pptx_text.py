"""Text in a deck's shapes: boxes whose paragraphs fit them (measured with the real font),
real paragraph bullets with a hanging indent, and boxes placed in inches."""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from generator.render.deck.fit import broken, fitting_size
from generator.render.deck.pptx_style import INK, style_run

Box = tuple[float, float, float, float]
"""left, top, width, height in inches."""

BULLET_INDENT = 0.28
"""The hanging indent of a bullet, in inches: wrapped lines start under the text, not the dot."""


def text_box(
    slide: Any,
    box: Box,
    paragraphs: list[str],
    *,
    largest: float,
    smallest: float,
    bold: bool = False,
    color: RGBColor = INK,
    bullets: bool = False,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
) -> Any:
    """A text box whose paragraphs fit it: the largest size that does, down to ``smallest``."""
    left, top, width, height = box
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    shape.text_frame.vertical_anchor = anchor
    fill(shape.text_frame, box, paragraphs, largest, smallest, bold=bold, color=color, bullets=bullets)
    return shape


def fill(
    frame: Any,
    box: Box,
    paragraphs: list[str],
    largest: float,
    smallest: float,
    *,
    bold: bool = False,
    color: RGBColor | None = INK,
    bullets: bool = False,
    own_bullets: bool = False,
) -> None:
    """Paragraphs in a text frame at the largest size that fits ``box``. ``bullets``: real
    paragraph bullets with a hanging indent (never a typed "• "); ``own_bullets``: the
    placeholder's master already sets them. ``color`` None keeps the master's colour."""
    _, _, width, height = box
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.margin_top = frame.margin_bottom = Inches(0.03)
    indent = BULLET_INDENT if bullets or own_bullets else 0.0
    size = (
        fitting_size(
            paragraphs, (width - 0.1 - indent) * 72, (height - 0.06) * 72, largest, smallest, bold=bold
        )
        or smallest
    )
    frame.clear()  # keeps one empty paragraph
    for i, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.4)
        if bullets:
            bullet(paragraph, size)
        write_lines(paragraph, broken(text, size, (width - 0.1 - indent) * 72, bold=bold), size, bold, color)


def write_lines(paragraph: Any, lines: list[str], size: float, bold: bool, color: RGBColor | None) -> None:
    """A paragraph's lines as runs with line breaks between them (set where phrases end)."""
    for i, line in enumerate(lines):
        if i:
            paragraph.add_line_break()
        run = paragraph.add_run()
        style_run(run, size, bold=bold, color=color)
        run.text = line  # a space before the break stays: the text reads back whole


def bullet(paragraph: Any, size: float) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", str(Inches(BULLET_INDENT)))
    p_pr.set("indent", str(-Inches(BULLET_INDENT)))
    for tag in ("a:buNone", "a:buAutoNum", "a:buChar", "a:buFont"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    font = etree.SubElement(p_pr, qn("a:buFont"))
    font.set("typeface", "Arial")
    char = etree.SubElement(p_pr, qn("a:buChar"))
    char.set("char", "\u2022")


def place(shape: Any, box: Box) -> None:
    left, top, width, height = box
    shape.left, shape.top, shape.width, shape.height = (
        Inches(left),
        Inches(top),
        Inches(width),
        Inches(height),
    )


def box_of(shape: Any) -> Box:
    return (shape.left / 914400, shape.top / 914400, shape.width / 914400, shape.height / 914400)
