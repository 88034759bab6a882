"""Cards and bars on a slide, drawn as the PDF deck draws them: a lead sentence over a grid
of cards that fills the body, and bars compared on one scale per group (a native bar chart,
so the agency can retype a figure)."""

from __future__ import annotations

from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from generator.render.deck.fit import LINE_HEIGHT, broken, fitting_size, lines_needed
from generator.render.deck.pptx_style import FONT, INK, MUTED, Brand, style_run, unstyled
from generator.render.deck.pptx_text import Box, text_box, write_lines
from generator.render.deck.slide import Bars, Card, Slide, figures_height, grid

CARD_FILL = RGBColor(0xF1, 0xF5, 0xF9)
TRACK = RGBColor(0xEE, 0xF2, 0xF7)
GAP = 0.18
ACCENT = 0.07


def draw_cards(slide: Any, box: Box, spec: Slide, brand: Brand) -> None:
    """The lead in large type, then the cards in a grid that takes the rest of the body."""
    x, y, width, height = box
    if spec.lead:
        size = fitting_size([spec.lead], (width - 0.1) * 72, min(1.6, height * 0.35) * 72, 21, 14, bold=True)
        size = size or 14
        used = lines_needed(spec.lead, size, (width - 0.1) * 72, bold=True) * size * LINE_HEIGHT / 72 + 0.12
        text_box(slide, (x, y, width, used), [spec.lead], largest=size, smallest=size, bold=True)
        y, height = y + used + 0.13, height - used - 0.13
    if not spec.cards:
        return
    if spec.bullets:  # figures across the top, the points in two columns beneath
        half = (len(spec.bullets) + 1) // 2
        below = y + figures_height(spec) + 0.3
        column = (width - 0.5) / 2
        for i, part in enumerate((spec.bullets[:half], spec.bullets[half:])):
            if part:
                box_ = (x + i * (column + 0.5), below, column, y + height - below)
                text_box(slide, box_, part, largest=18, smallest=11, bullets=True)
        height = figures_height(spec)
    columns, rows = grid(len(spec.cards), spec.columns)
    w = (width - GAP * (columns - 1)) / columns
    h = (height - GAP * (rows - 1)) / rows
    for i, card in enumerate(spec.cards):
        left = x + (i % columns) * (w + GAP)
        top = y + (i // columns) * (h + GAP)
        _card(slide, (left, top, w, h), card, spec.kind, brand)


def _card(slide: Any, box: Box, card: Card, kind: str, brand: Brand) -> None:
    left, top, width, height = box
    _rect(slide, box, CARD_FILL)
    _rect(slide, (left, top, ACCENT, height), brand.rgb)
    inner = (left + ACCENT + 0.19, top + 0.12, width - ACCENT - 0.38, height - 0.24)
    if kind == "agenda":  # the number and the section on one line
        shape = slide.shapes.add_textbox(*(Inches(v) for v in inner))
        frame = shape.text_frame
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.word_wrap = True
        paragraph = frame.paragraphs[0]
        number = paragraph.add_run()
        style_run(number, 22, bold=True, color=brand.rgb)
        number.text = f"{card.heading}  "
        write_lines(paragraph, [card.text], 20, True, INK)
        return
    if kind == "next_steps":  # the date at the left, who at the right, what between them
        date_w, who_w = min(3.1, inner[2] * 0.3), min(1.8, inner[2] * 0.2) if card.aside else 0.0
        text_box(
            slide,
            (inner[0], inner[1], date_w, inner[3]),
            [card.heading],
            largest=18,
            smallest=11,
            bold=True,
            color=brand.rgb,
        )
        middle = (inner[0] + date_w + 0.2, inner[1], inner[2] - date_w - who_w - 0.4, inner[3])
        text_box(slide, middle, [card.text], largest=18, smallest=11)
        if card.aside:
            aside = text_box(
                slide,
                (inner[0] + inner[2] - who_w, inner[1], who_w, inner[3]),
                [card.aside],
                largest=13,
                smallest=10,
                color=MUTED,
            )
            for paragraph in aside.text_frame.paragraphs:
                paragraph.alignment = PP_ALIGN.RIGHT
        return
    styles = {
        "platform": ((15, True, INK), (28, True, brand.rgb)),
        "team": ((16, True, brand.rgb), (22, True, INK)),
        "kgi": ((14, True, INK), (26, True, brand.rgb)),
    }
    (head_size, head_bold, head_colour), (text_size, text_bold, text_colour) = styles.get(
        kind, ((16, True, brand.rgb), (18, False, INK))
    )
    parts = [
        (card.heading, head_size, head_bold, head_colour),
        (card.text, text_size, text_bold, text_colour),
        (card.aside, 13, False, MUTED),
    ]
    parts = [p for p in parts if p[0]]
    room = (inner[2] - 0.1) * 72
    scale = 1.0
    while scale > 0.55:  # the card's words at the largest size that fits it
        used = sum(lines_needed(t, s * scale, room, bold=b) * s * scale * LINE_HEIGHT for t, s, b, _ in parts)
        if used + 6 * len(parts) <= inner[3] * 72:
            break
        scale -= 0.05
    shape = slide.shapes.add_textbox(*(Inches(v) for v in inner))
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Inches(0.05)
    for i, (text, size, bold, colour) in enumerate(parts):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(4)
        write_lines(paragraph, broken(text, size * scale, room, bold=bold), size * scale, bold, colour)


def draw_bars(slide: Any, box: Box, bars: Bars, brand: Brand, *, narrow: bool) -> None:
    """One native bar chart per group (each its own scale), the figure as the pages write it
    at the end of each bar, the caption above and the footer below."""
    x, y, width, height = box
    if bars.caption:
        caption = text_box(slide, (x, y, width, 0.35), [bars.caption], largest=12, smallest=10, color=MUTED)
        for paragraph in caption.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.RIGHT
        y, height = y + 0.4, height - 0.4
    if bars.footer:
        footer = text_box(slide, (x, y + height - 0.45, width, 0.45), [bars.footer], largest=14, smallest=9)
        for paragraph in footer.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.RIGHT
        height -= 0.5
    names = sum(0.35 for name, _ in bars.groups if name)
    per_bar = min(0.85 if bars.count <= 6 else 0.6, (height - names) / max(bars.count, 1))
    size = 14 if narrow else (18 if bars.count <= 6 else 14)
    for name, group in bars.groups:
        if name:
            text_box(slide, (x, y, width, 0.33), [name], largest=13, smallest=10, bold=True, color=MUTED)
            y += 0.35
        data = CategoryChartData()
        data.categories = [b.label for b in group]
        data.add_series(bars.caption or name or "-", [b.value for b in group])
        tall = per_bar * len(group)
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, Inches(x), Inches(y), Inches(width), Inches(tall), data
        )
        chart = frame.chart
        chart.has_legend = False
        chart.has_title = False
        chart.font.size = Pt(size)
        chart.font.name = FONT
        chart.category_axis.reverse_order = True  # the first bar on top, as on the page
        chart.category_axis.format.line.fill.background()
        chart.category_axis.has_major_gridlines = False
        chart.value_axis.visible = False
        chart.value_axis.has_major_gridlines = False
        chart.value_axis.minimum_scale = 0
        chart.value_axis.maximum_scale = max((b.value for b in group), default=1.0) * 1.45 or 1.0
        plot = chart.plots[0]
        plot.gap_width = 45
        series = plot.series[0]
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = brand.rgb
        for point, bar in zip(series.points, group, strict=True):
            label = point.data_label
            label.position = XL_LABEL_POSITION.OUTSIDE_END
            frame_ = label.text_frame
            frame_.text = "  ".join(x for x in (bar.shown, bar.note) if x)
            frame_.word_wrap = False  # 「4,200人  週2本」 on one line, as the PDF writes it
            for run in frame_.paragraphs[0].runs:
                style_run(run, size, bold=True, color=INK)
        y += tall + 0.1


def _rect(slide: Any, box: Box, colour: RGBColor) -> Any:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Inches(v) for v in box))
    shape.fill.solid()
    shape.fill.fore_color.rgb = colour
    shape.line.fill.background()
    unstyled(shape)
    return shape
