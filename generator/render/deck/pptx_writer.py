"""The deck as an editable PowerPoint: native text boxes, tables, a native line chart for the
target path and the KPI tree as shapes and connectors placed where Graphviz puts them, so
an agency can move a box and retype a number. Japanese is set as the East Asian font of
every run, so PowerPoint, Keynote, Google Slides and LibreOffice all draw it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from generator.cache.store import write_atomic
from generator.locale.labels import Labels
from generator.render.deck.fit import LINE_HEIGHT, fitting_size, lines_needed
from generator.render.deck.pptx_style import FONT, INK, MUTED, Brand, style_run
from generator.render.deck.pptx_tree import TreeLayout, draw_tree
from generator.render.deck.slides import Slide, Table

WIDTH, HEIGHT = 13.333, 7.5
MARGIN = 0.6
BODY_TOP, BODY_BOTTOM = 2.05, 6.85


def write_pptx(
    slides: list[Slide],
    target: Path,
    *,
    language: str,
    t: Labels,
    brand: Brand,
    layouts: dict[int, TreeLayout],
) -> Path:
    """Write the deck; ``layouts`` holds Graphviz's layout of the tree on each tree slide."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # PowerPoint's own 16:9
    _theme_fonts(deck)
    blank = deck.slide_layouts[6]
    for number, spec in enumerate(slides, 1):
        slide = deck.slides.add_slide(blank)
        if spec.kind == "cover":
            _cover(slide, spec, brand)
        else:
            _heading(slide, spec, brand)
            _body(slide, spec, brand, t, layouts.get(number - 1))
            _footer(slide, brand, number, len(slides))
        if spec.notes:
            slide.notes_slide.notes_text_frame.text = spec.notes
    buffer = io.BytesIO()
    deck.save(buffer)
    write_atomic(target, buffer.getvalue())  # whole or not at all, and never through a link
    return target


def _theme_fonts(deck: Any) -> None:
    """The theme's heading and body fonts, Latin and East Asian: text an agency adds by hand
    in PowerPoint or Google Slides is Japanese-ready too."""
    theme = deck.slide_masters[0].part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for scheme in ("a:majorFont", "a:minorFont"):
        for tag in ("a:latin", "a:ea"):
            for face in root.iter(qn(scheme)):
                element = face.find(qn(tag))
                if element is not None:
                    element.set("typeface", FONT)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------------------- text


def _text(
    slide: Any,
    box: tuple[float, float, float, float],
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
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.margin_top = frame.margin_bottom = Inches(0.03)
    shown = [f"• {p}" if bullets else p for p in paragraphs]
    size = (
        fitting_size(shown, (width - 0.1) * 72, (height - 0.06) * 72, largest, smallest, bold=bold)
        or smallest
    )
    for i, text in enumerate(shown):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.4)
        style_run(paragraph.add_run(), size, bold=bold, color=color)
        paragraph.runs[0].text = text
    return shape


def _cover(slide: Any, spec: Slide, brand: Brand) -> None:
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(WIDTH), Inches(HEIGHT))
    band.fill.solid()
    band.fill.fore_color.rgb = brand.rgb
    band.line.fill.background()
    white = RGBColor(0xFF, 0xFF, 0xFF)
    _text(slide, (0.9, 1.4, 11.5, 0.6), [spec.kicker], largest=20, smallest=14, color=white)
    _text(slide, (0.9, 2.1, 11.5, 2.4), [spec.title], largest=40, smallest=26, bold=True, color=white)
    _text(slide, (0.9, 5.2, 11.5, 1.2), spec.bullets, largest=16, smallest=12, color=white)
    _logo(slide, brand)


def _logo(slide: Any, brand: Brand) -> None:
    if brand.logo and brand.logo.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".bmp"):
        slide.shapes.add_picture(
            str(brand.logo), Inches(WIDTH - MARGIN - 1.2), Inches(0.3), height=Inches(0.5)
        )


def _heading(slide: Any, spec: Slide, brand: Brand) -> None:
    _text(
        slide,
        (MARGIN, 0.35, WIDTH - 2 * MARGIN, 0.4),
        [spec.kicker],
        largest=13,
        smallest=10,
        color=brand.rgb,
        bold=True,
    )
    _text(
        slide,
        (MARGIN, 0.75, WIDTH - 2 * MARGIN, 1.2),
        [spec.title],
        largest=28,
        smallest=18,
        bold=True,
        anchor=MSO_ANCHOR.TOP,
    )


def _footer(slide: Any, brand: Brand, number: int, total: int) -> None:
    text = " · ".join(x for x in (brand.agency, f"{number} / {total}") if x)
    _text(slide, (MARGIN, 7.02, WIDTH - 2 * MARGIN, 0.32), [text], largest=9, smallest=8, color=MUTED)


# ---------------------------------------------------------------------------- body


def _body(slide: Any, spec: Slide, brand: Brand, t: Labels, layout: TreeLayout | None) -> None:
    height = BODY_BOTTOM - BODY_TOP
    full = (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, height)
    if spec.tree is not None and layout is not None:
        draw_tree(slide, full, spec.tree, layout, t, brand)
        return
    if spec.chart:
        _chart(slide, full, spec.chart, t, brand)
        return
    left = (MARGIN, BODY_TOP, 5.2, height)
    right = (MARGIN + 5.6, BODY_TOP, WIDTH - 2 * MARGIN - 5.6, height)
    side = spec.figure or spec.bullets
    if spec.figure:
        _text(
            slide,
            (left[0], left[1], left[2], 1.3),
            [spec.figure],
            largest=48,
            smallest=28,
            bold=True,
            color=brand.rgb,
        )
        if spec.figure_label:
            _text(
                slide,
                (left[0], left[1] + 1.35, left[2], 0.6),
                [spec.figure_label],
                largest=16,
                smallest=11,
                color=MUTED,
            )
        if spec.bullets:
            _text(
                slide,
                (left[0], left[1] + 2.1, left[2], height - 2.1),
                spec.bullets,
                largest=18,
                smallest=11,
                bullets=True,
            )
    elif spec.bullets:
        _text(
            slide,
            left if spec.table else full,
            spec.bullets,
            largest=22 if not spec.table else 18,
            smallest=11,
            bullets=True,
        )
    if spec.table:
        _table(slide, right if side else full, spec.table, brand)


def _table(slide: Any, box: tuple[float, float, float, float], table: Table, brand: Brand) -> None:
    """A native table: text columns wider than figure columns, each row as tall as its
    longest cell wraps to, the font the largest that lets all rows fit the box."""
    left, top, width, height = box
    texts = sum(1 for numeric in table.numeric if not numeric)
    figures = len(table.numeric) - texts
    share = [(0.62 if figures else 1.0) / max(texts, 1) if not n else 0.38 / figures for n in table.numeric]
    widths = [width * s for s in share]
    everything = [table.header, *table.rows]

    def heights(size: float) -> list[float]:
        return [
            max(lines_needed(cell, size, max(w * 72 - 12, 1.0)) for cell, w in zip(row, widths, strict=True))
            * size
            * LINE_HEIGHT
            / 72
            + 0.1
            for row in everything
        ]

    size = 16.0
    while size > 9 and sum(heights(size)) > height:
        size -= 1
    rows = heights(size)
    shape = slide.shapes.add_table(
        len(everything), len(table.header), Inches(left), Inches(top), Inches(width), Inches(sum(rows))
    )
    grid = shape.table
    for c, w in enumerate(widths):
        grid.columns[c].width = Inches(w)
    for r, h in enumerate(rows):
        grid.rows[r].height = Inches(h)
    for c, head in enumerate(table.header):
        _cell(grid.cell(0, c), head, size, bold=True, right=table.numeric[c])
    for r, row in enumerate(table.rows, 1):
        for c, value in enumerate(row):
            _cell(grid.cell(r, c), value, size, right=table.numeric[c])


def _cell(cell: Any, text: str, size: float, *, bold: bool = False, right: bool = False) -> None:
    cell.text = ""
    paragraph = cell.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT
    run = paragraph.add_run()
    style_run(run, size, bold=bold)
    run.text = text
    cell.margin_left = cell.margin_right = Inches(0.08)


def _chart(
    slide: Any,
    box: tuple[float, float, float, float],
    points: list[tuple[str, float]],
    t: Labels,
    brand: Brand,
) -> None:
    data = CategoryChartData()
    data.categories = [label for label, _ in points]
    data.add_series(t.target, [value for _, value in points])
    left, top, width, height = box
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Inches(left), Inches(top), Inches(width), Inches(height), data
    )
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.font.size = Pt(12)
    chart.font.name = FONT
    chart.has_title = False  # the slide's title says what the line shows
    axis = chart.value_axis
    axis.tick_labels.number_format = "#,##0"
    axis.tick_labels.number_format_is_linked = False
    series = chart.series[0]
    series.format.line.color.rgb = brand.rgb
    series.format.line.width = Pt(2.5)
    series.smooth = False
