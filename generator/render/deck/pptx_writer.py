"""The deck as an editable PowerPoint: native text boxes, tables, a native line chart for the
target path and the KPI tree as shapes and connectors placed where Graphviz puts them, so
an agency can move a box and retype a number. Japanese is set as the East Asian font of
every run, so PowerPoint, Keynote, Google Slides and LibreOffice all draw it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.exc import PythonPptxError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from generator.cache.store import write_atomic
from generator.errors import ConfigError
from generator.inputs.pictures import Picture
from generator.locale.labels import Labels
from generator.render.deck.pptx_cards import draw_bars, draw_cards
from generator.render.deck.pptx_style import FONT, MUTED, Brand, style_run
from generator.render.deck.pptx_table import table_shape
from generator.render.deck.pptx_text import Box, box_of, fill, place, text_box
from generator.render.deck.pptx_tree import TreeLayout, draw_tree
from generator.render.deck.slide import Slide
from generator.render.deck.stable_zip import stable_zip
from generator.render.text.escape import clean

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
    template: bytes | None = None,
    template_name: str = "",
    stamp: dt.date | None = None,
    stamp_line: str = "",
) -> bytes:
    """Write the deck; ``layouts`` holds Graphviz's layout of the tree on each tree slide.

    Slides are made from the master's own layouts (a title slide for the cover, title and
    content for the rest), their text in the title and body placeholders: an agency that
    names its template (``deck_template``) gets its masters, fonts and positions."""
    deck = _open(template, template_name)
    frames = _Frames.of(deck, custom=template is not None)
    for number, spec in enumerate(slides, 1):
        if spec.kind == "cover":
            slide = deck.slides.add_slide(frames.cover)
            _cover(slide, spec, brand, frames)
        else:
            slide = deck.slides.add_slide(frames.content)
            body = _heading(slide, spec, brand, frames)
            _body(slide, spec, brand, t, layouts.get(number - 1), body)
            # The last slide names the exact version sent, as the PDF's footer does.
            _footer(slide, brand, number, len(slides), stamp_line if number == len(slides) else "")
        if spec.notes:
            slide.notes_slide.notes_text_frame.text = spec.notes
    # The same plan gives the same bytes: the file's dates are the plan's, not the clock's.
    moment = dt.datetime.combine(stamp or dt.date(2000, 1, 1), dt.time())
    props = deck.core_properties
    props.created = props.modified = moment
    props.last_printed = moment
    props.revision = 1
    props.author = props.last_modified_by = clean(brand.agency)
    props.title = clean(slides[0].title) if slides else ""
    props.comments = ""
    buffer = io.BytesIO()
    deck.save(buffer)
    data = stable_zip(buffer.getvalue(), moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    write_atomic(target, data)  # whole or not at all, never through a link
    return data


def _open(template: bytes | None, name: str) -> Any:
    if template is None:
        deck = Presentation()
        deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # PowerPoint's own 16:9
        _theme_fonts(deck)
        return deck
    try:
        deck = Presentation(io.BytesIO(template))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PythonPptxError) as exc:
        raise ConfigError(
            f"deck_template: {name} is not a PowerPoint file python-pptx can open ({exc}); "
            "save it as .pptx (not .potx or .ppt)"
        ) from None
    # The template's own slides are examples, not part of the pitch.
    listing = deck.slides._sldIdLst
    for entry in list(listing):
        deck.part.drop_rel(entry.rId)
        listing.remove(entry)
    return deck


@dataclass(frozen=True)
class _Frames:
    """The master layouts the deck uses and whether their placeholders keep their places."""

    cover: Any
    content: Any
    custom: bool

    @classmethod
    def of(cls, deck: Any, *, custom: bool) -> _Frames:
        layouts = list(deck.slide_layouts)

        def types(layout: Any) -> set[int]:
            return {int(ph.placeholder_format.type) for ph in layout.placeholders}

        title, centre, body, obj = (
            int(PP_PLACEHOLDER.TITLE),
            int(PP_PLACEHOLDER.CENTER_TITLE),
            int(PP_PLACEHOLDER.BODY),
            int(PP_PLACEHOLDER.OBJECT),
        )
        cover = next((la for la in layouts if centre in types(la)), layouts[0])
        content = next(
            (la for la in layouts if title in types(la) and types(la) & {body, obj}),
            next((la for la in layouts if title in types(la)), layouts[0]),
        )
        return cls(cover, content, custom)


def _placeholder(slide: Any, *kinds: PP_PLACEHOLDER) -> Any:
    wanted = {int(k) for k in kinds}
    return next((ph for ph in slide.placeholders if int(ph.placeholder_format.type) in wanted), None)


def _drop(shape: Any) -> None:
    element = shape._element
    element.getparent().remove(element)


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


def _cover(slide: Any, spec: Slide, brand: Brand, frames: _Frames) -> None:
    title = _placeholder(slide, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.TITLE)
    subtitle = _placeholder(slide, PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY)
    if frames.custom:  # the agency's cover: its own places, fonts and colours
        if title is not None:
            fill(title.text_frame, box_of(title), [spec.title], 40, 24, bold=True, color=None)
        if subtitle is not None:
            fill(subtitle.text_frame, box_of(subtitle), [spec.kicker, *spec.bullets], 20, 11, color=None)
        return
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(WIDTH), Inches(HEIGHT))
    band.fill.solid()
    band.fill.fore_color.rgb = brand.rgb
    band.line.fill.background()
    # The band goes behind the placeholders, which keep their place in the reading order.
    tree = slide.shapes._spTree
    tree.remove(band._element)
    tree.insert(2, band._element)
    white = RGBColor(0xFF, 0xFF, 0xFF)
    text_box(slide, (0.9, 1.4, 11.5, 0.6), [spec.kicker], largest=20, smallest=14, color=white)
    if title is not None:
        place(title, (0.9, 2.1, 11.5, 2.4))
        title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        fill(title.text_frame, (0.9, 2.1, 11.5, 2.4), [spec.title], 40, 26, bold=True, color=white)
        for paragraph in title.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
    if subtitle is not None:
        facts = (0.9, 5.2, 7.6 if spec.picture is not None else 11.5, 1.2)
        place(subtitle, facts)
        fill(subtitle.text_frame, facts, spec.bullets or [""], 16, 12, color=white)
        for paragraph in subtitle.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
    if spec.picture is not None:
        _picture(slide, (8.9, 4.5, 3.9, 2.6), spec.picture)
    _logo(slide, brand)


def _picture(slide: Any, box: Box, picture: Picture) -> None:
    """The picture as large as the box allows, its aspect kept, its alt text as the shape's
    description (what a screen reader says in PowerPoint)."""
    left, top, width, height = box
    scale = min(width / max(picture.width, 1), height / max(picture.height, 1))
    w, h = picture.width * scale, picture.height * scale
    shape = slide.shapes.add_picture(
        io.BytesIO(picture.data), Inches(left + (width - w) / 2), Inches(top), Inches(w), Inches(h)
    )
    shape._element.nvPicPr.cNvPr.set("descr", clean(picture.alt))


def _logo(slide: Any, brand: Brand) -> None:
    if brand.logo and brand.logo_name.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".bmp")):
        slide.shapes.add_picture(
            io.BytesIO(brand.logo), Inches(WIDTH - MARGIN - 1.2), Inches(0.3), height=Inches(0.5)
        )


def _heading(slide: Any, spec: Slide, brand: Brand, frames: _Frames) -> tuple[Box, Any]:
    """The title in the layout's title placeholder; returns the body's box and placeholder."""
    title = slide.shapes.title
    body = _placeholder(slide, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
    if frames.custom:
        if title is not None:
            fill(title.text_frame, box_of(title), [spec.title], 28, 16, bold=True, color=None)
        box = (
            box_of(body)
            if body is not None
            else (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)
        )
        return box, body
    text_box(
        slide,
        (MARGIN, 0.35, WIDTH - 2 * MARGIN, 0.4),
        [spec.kicker],
        largest=13,
        smallest=10,
        color=brand.rgb,
        bold=True,
    )
    heading = (MARGIN, 0.75, WIDTH - 2 * MARGIN, 1.2)
    if title is not None:
        place(title, heading)
        title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        fill(title.text_frame, heading, [spec.title], 28, 18, bold=True)
        for paragraph in title.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
    box = (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)
    if body is not None:
        place(body, box)
    return box, body


def _footer(slide: Any, brand: Brand, number: int, total: int, stamp: str = "") -> None:
    text = " · ".join(x for x in (brand.agency, f"{number} / {total}", stamp) if x)
    text_box(slide, (MARGIN, 7.02, WIDTH - 2 * MARGIN, 0.32), [text], largest=9, smallest=8, color=MUTED)


# ---------------------------------------------------------------------------- body


def _body(
    slide: Any, spec: Slide, brand: Brand, t: Labels, layout: TreeLayout | None, body: tuple[Box, Any]
) -> None:
    full, placeholder = body
    if spec.picture is not None:  # the picture takes the right of the slide, the text the left
        x, y, width, height = full
        _picture(slide, (x + width * 0.64, y, width * 0.36, height), spec.picture)
        full = (x, y, width * 0.6, height)
        if placeholder is not None:
            place(placeholder, full)
    x, y, width, height = full
    if (spec.lead or spec.cards) and not spec.figure:
        if placeholder is not None:
            _drop(placeholder)
        draw_cards(slide, full, spec, brand)
        return
    only_points = spec.bullets and not (spec.figure or spec.table or spec.chart or spec.tree or spec.bars)
    if only_points and placeholder is not None:
        # Points alone go into the layout's body placeholder, bullets as its master sets them.
        fill(placeholder.text_frame, full, spec.bullets, 22, 11, color=None, own_bullets=True)
        return
    if placeholder is not None:
        _drop(placeholder)  # drawings, charts and tables are shapes of their own
    if spec.tree is not None and layout is not None:
        draw_tree(slide, full, spec.tree, layout, t, brand)
        return
    if spec.chart:
        _chart(slide, full, spec, t, brand)
        return
    if spec.stacked and spec.table:
        points = min(height * 0.4, 0.5 * len(spec.bullets) + 0.2) if spec.bullets else -0.15
        if spec.bullets:
            text_box(slide, (x, y, width, points), spec.bullets, largest=16, smallest=10, bullets=True)
        table_shape(slide, (x, y + points + 0.15, width, height - points - 0.15), spec.table)
        return
    left = (x, y, width * 0.43, height)
    right = (x + width * 0.46, y, width * 0.54, height)
    side = spec.figure or spec.bullets
    if spec.figure:
        text_box(
            slide, (x, y, left[2], 1.3), [spec.figure], largest=48, smallest=28, bold=True, color=brand.rgb
        )
        if spec.figure_label:
            text_box(
                slide, (x, y + 1.35, left[2], 0.6), [spec.figure_label], largest=16, smallest=11, color=MUTED
            )
        if spec.bullets:
            text_box(
                slide,
                (x, y + 2.1, left[2], height - 2.1),
                spec.bullets,
                largest=18,
                smallest=11,
                bullets=True,
            )
    elif spec.bullets:
        beside = spec.table or spec.bars
        text_box(slide, left if beside else full, spec.bullets, largest=18, smallest=11, bullets=True)
    if spec.table:
        roomy = len(spec.table.rows) <= 6
        table_shape(slide, right if side else full, spec.table, roomy=roomy)
    if spec.bars:
        draw_bars(slide, right if side else full, spec.bars, brand, narrow=bool(side))
    if spec.cards:  # figures beside the key figure: one column on the right
        draw_cards(slide, right, replace(spec, bullets=[], lead=""), brand)


def _chart(slide: Any, box: Box, spec: Slide, t: Labels, brand: Brand) -> None:
    """The target path as a native line chart; the KGI today as a dashed line named in the
    legend; the axis in the KGI's unit and titled with its name."""
    points = spec.chart
    data = CategoryChartData()
    data.categories = [label for label, _ in points]
    data.add_series(t.target, [value for _, value in points])
    if spec.chart_baseline is not None:
        data.add_series(spec.chart_baseline[0], [spec.chart_baseline[1]] * len(points))
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
    axis.tick_labels.number_format = spec.chart_format
    axis.tick_labels.number_format_is_linked = False
    if spec.chart_caption:
        axis.has_title = True
        axis.axis_title.text_frame.text = spec.chart_caption
        for paragraph in axis.axis_title.text_frame.paragraphs:
            for run in paragraph.runs:
                style_run(run, 11, color=MUTED)
    # 「2027年1月」 on one line under its point: the months' labels a size smaller.
    chart.category_axis.tick_labels.font.size = Pt(10)
    series = chart.series[0]
    series.format.line.color.rgb = brand.rgb
    series.format.line.width = Pt(2.5)
    series.smooth = False
    if spec.chart_baseline is not None:
        base = chart.series[1]
        base.format.line.color.rgb = RGBColor(0xEA, 0x58, 0x0C)
        base.format.line.width = Pt(1.5)
        base.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        base.marker.style = XL_MARKER_STYLE.NONE
        base.smooth = False
