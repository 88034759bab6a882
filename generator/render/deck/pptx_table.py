"""Native tables in a deck: figures on one line, text columns sharing the rest."""

from __future__ import annotations

from typing import Any

from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from generator.render.deck.fit import LINE_HEIGHT, broken, lines_needed, text_width
from generator.render.deck.pptx_style import INK
from generator.render.deck.pptx_text import Box, write_lines
from generator.render.deck.slide import Table


def table_shape(slide: Any, box: Box, table: Table, *, roomy: bool = False) -> None:
    """A native table: each figure column as wide as its widest figure on one line (a number
    never wraps: 「120,000円」, not 「120,000/円」), the text columns sharing the rest, each row
    as tall as its longest cell wraps to, the font the largest that lets all of it fit."""
    left, top, width, height = box
    everything = [table.header, *table.rows]
    # The cell's margins and air, in inches; and 12 % more width than the font's advances,
    # for the space LibreOffice and PowerPoint put between Japanese and Latin (1,200 件).
    pad = 0.3

    def widths(size: float) -> list[float] | None:
        figures = {
            c: max(text_width(row[c], size, bold=r == 0) for r, row in enumerate(everything)) * 1.12 / 72
            + pad
            for c, numeric in enumerate(table.numeric)
            if numeric
        }
        rest = width - sum(figures.values())
        texts = [c for c, numeric in enumerate(table.numeric) if not numeric]
        if rest < 0.9 * len(texts) or (not texts and rest < 0):
            return None
        weights = table.weights or [1.0] * len(texts)
        shares = {c: rest * w / sum(weights) for c, w in zip(texts, weights, strict=True)}
        spread = (rest / len(figures)) if not texts and figures else 0.0
        return [shares[c] if c in shares else figures[c] + spread for c in range(len(table.numeric))]

    def heights(size: float, columns: list[float]) -> list[float]:
        return [
            max(lines_needed(cell, size, max(w * 72 - 12, 1.0)) for cell, w in zip(row, columns, strict=True))
            * size
            * LINE_HEIGHT
            / 72
            + 0.1
            for row in everything
        ]

    size = 16.0
    columns = widths(size)
    while size > 8 and (columns is None or sum(heights(size, columns)) > height):
        size -= 1
        columns = widths(size)
    if columns is None:  # figures too wide even at 8 pt: share the width evenly
        columns = [width / len(table.numeric)] * len(table.numeric)
    rows = heights(size, columns)
    if roomy and sum(rows) + 0.16 * len(rows) <= height:  # a short table gets the room it is given
        rows = [h + 0.16 for h in rows]
    shape = slide.shapes.add_table(
        len(everything), len(table.header), Inches(left), Inches(top), Inches(width), Inches(sum(rows))
    )
    grid = shape.table
    for c, w in enumerate(columns):
        grid.columns[c].width = Inches(w)
    for r, h in enumerate(rows):
        grid.rows[r].height = Inches(h)
    for c, head in enumerate(table.header):
        _cell(grid.cell(0, c), head, size, columns[c], bold=True, right=table.numeric[c])
    for r, row in enumerate(table.rows, 1):
        for c, value in enumerate(row):
            _cell(grid.cell(r, c), value, size, columns[c], right=table.numeric[c])


def _cell(
    cell: Any, text: str, size: float, width: float, *, bold: bool = False, right: bool = False
) -> None:
    cell.text = ""
    paragraph = cell.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT
    # A figure is never broken; a name breaks between its phrases (「リーチ数」, not 「リ/ーチ数」).
    lines = [text] if right else broken(text, size, width * 72 - 12, bold=bold)
    write_lines(paragraph, lines, size, bold, INK)
    cell.margin_left = cell.margin_right = Inches(0.08)
