"""The deck as an editable PowerPoint: native text boxes, tables, a native line chart for the
target path and the KPI tree as shapes and connectors placed where Graphviz puts them, so
an agency can move a box and retype a number. Japanese is set as the East Asian font of
every run, so PowerPoint, Keynote, Google Slides and LibreOffice all draw it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.exc import PythonPptxError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from generator.cache.store import write_atomic
from generator.errors import ConfigError
from generator.locale.labels import Labels
from generator.render.deck.fit import LINE_HEIGHT, fitting_size, lines_needed, text_width
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
    template: Path | None = None,
    stamp: dt.date | None = None,
) -> Path:
    """Write the deck; ``layouts`` holds Graphviz's layout of the tree on each tree slide.

    Slides are made from the master's own layouts (a title slide for the cover, title and
    content for the rest), their text in the title and body placeholders: an agency that
    names its template (``deck_template``) gets its masters, fonts and positions."""
    deck = _open(template)
    frames = _Frames.of(deck, custom=template is not None)
    for number, spec in enumerate(slides, 1):
        if spec.kind == "cover":
            slide = deck.slides.add_slide(frames.cover)
            _cover(slide, spec, brand, frames)
        else:
            slide = deck.slides.add_slide(frames.content)
            body = _heading(slide, spec, brand, frames)
            _body(slide, spec, brand, t, layouts.get(number - 1), body)
            _footer(slide, brand, number, len(slides))
        if spec.notes:
            slide.notes_slide.notes_text_frame.text = spec.notes
    # The same plan gives the same bytes: the file's dates are the plan's, not the clock's.
    moment = dt.datetime.combine(stamp or dt.date(2000, 1, 1), dt.time())
    props = deck.core_properties
    props.created = props.modified = moment
    props.last_printed = moment
    props.revision = 1
    props.author = props.last_modified_by = brand.agency
    props.title = slides[0].title if slides else ""
    props.comments = ""
    buffer = io.BytesIO()
    deck.save(buffer)
    write_atomic(
        target, stable_zip(buffer.getvalue(), moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    )  # whole or not at all, never through a link
    return target


def stable_zip(data: bytes, moment: str = "2000-01-01T00:00:00Z") -> bytes:
    """A ZIP whose bytes depend on its contents only: every member dated 1980-01-01, and the
    workbooks behind native charts (ZIPs themselves, stamped with the time they were
    written) dated ``moment``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xlsx"):
                content = stable_zip(content, moment)
            elif info.filename == "docProps/core.xml":
                content = _STAMPS.sub(rb"\g<1>" + moment.encode() + rb"\g<2>", content)
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, content)
    return out.getvalue()


_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def _open(template: Path | None) -> Any:
    if template is None:
        deck = Presentation()
        deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # PowerPoint's own 16:9
        _theme_fonts(deck)
        return deck
    try:
        deck = Presentation(str(template))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PythonPptxError) as exc:
        raise ConfigError(
            f"deck_template: {template} is not a PowerPoint file python-pptx can open ({exc}); "
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


# ---------------------------------------------------------------------------- text

Box = tuple[float, float, float, float]
"""left, top, width, height in inches."""

BULLET_INDENT = 0.28
"""The hanging indent of a bullet, in inches: wrapped lines start under the text, not the dot."""


def _text(
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
    _fill(shape.text_frame, box, paragraphs, largest, smallest, bold=bold, color=color, bullets=bullets)
    return shape


def _fill(
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
            _bullet(paragraph, size)
        run = paragraph.add_run()
        style_run(run, size, bold=bold, color=color)
        run.text = text


def _bullet(paragraph: Any, size: float) -> None:
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


def _place(shape: Any, box: Box) -> None:
    left, top, width, height = box
    shape.left, shape.top, shape.width, shape.height = (
        Inches(left),
        Inches(top),
        Inches(width),
        Inches(height),
    )


def _box(shape: Any) -> Box:
    return (shape.left / 914400, shape.top / 914400, shape.width / 914400, shape.height / 914400)


def _cover(slide: Any, spec: Slide, brand: Brand, frames: _Frames) -> None:
    title = _placeholder(slide, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.TITLE)
    subtitle = _placeholder(slide, PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY)
    if frames.custom:  # the agency's cover: its own places, fonts and colours
        if title is not None:
            _fill(title.text_frame, _box(title), [spec.title], 40, 24, bold=True, color=None)
        if subtitle is not None:
            _fill(subtitle.text_frame, _box(subtitle), [spec.kicker, *spec.bullets], 20, 11, color=None)
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
    _text(slide, (0.9, 1.4, 11.5, 0.6), [spec.kicker], largest=20, smallest=14, color=white)
    if title is not None:
        _place(title, (0.9, 2.1, 11.5, 2.4))
        title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        _fill(title.text_frame, (0.9, 2.1, 11.5, 2.4), [spec.title], 40, 26, bold=True, color=white)
        for paragraph in title.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
    if subtitle is not None:
        _place(subtitle, (0.9, 5.2, 11.5, 1.2))
        _fill(subtitle.text_frame, (0.9, 5.2, 11.5, 1.2), spec.bullets or [""], 16, 12, color=white)
        for paragraph in subtitle.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
    _logo(slide, brand)


def _logo(slide: Any, brand: Brand) -> None:
    if brand.logo and brand.logo.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".bmp"):
        slide.shapes.add_picture(
            str(brand.logo), Inches(WIDTH - MARGIN - 1.2), Inches(0.3), height=Inches(0.5)
        )


def _heading(slide: Any, spec: Slide, brand: Brand, frames: _Frames) -> tuple[Box, Any]:
    """The title in the layout's title placeholder; returns the body's box and placeholder."""
    title = slide.shapes.title
    body = _placeholder(slide, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
    if frames.custom:
        if title is not None:
            _fill(title.text_frame, _box(title), [spec.title], 28, 16, bold=True, color=None)
        box = (
            _box(body) if body is not None else (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)
        )
        return box, body
    _text(
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
        _place(title, heading)
        title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        _fill(title.text_frame, heading, [spec.title], 28, 18, bold=True)
        for paragraph in title.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
    box = (MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)
    if body is not None:
        _place(body, box)
    return box, body


def _footer(slide: Any, brand: Brand, number: int, total: int) -> None:
    text = " · ".join(x for x in (brand.agency, f"{number} / {total}") if x)
    _text(slide, (MARGIN, 7.02, WIDTH - 2 * MARGIN, 0.32), [text], largest=9, smallest=8, color=MUTED)


# ---------------------------------------------------------------------------- body


def _body(
    slide: Any, spec: Slide, brand: Brand, t: Labels, layout: TreeLayout | None, body: tuple[Box, Any]
) -> None:
    full, placeholder = body
    x, y, width, height = full
    only_points = spec.bullets and not (spec.figure or spec.table or spec.chart or spec.tree)
    if only_points and placeholder is not None:
        # Points alone go into the layout's body placeholder, bullets as its master sets them.
        _fill(placeholder.text_frame, full, spec.bullets, 22, 11, color=None, own_bullets=True)
        return
    if placeholder is not None:
        _drop(placeholder)  # drawings, charts and tables are shapes of their own
    if spec.tree is not None and layout is not None:
        draw_tree(slide, full, spec.tree, layout, t, brand)
        return
    if spec.chart:
        _chart(slide, full, spec.chart, t, brand)
        return
    if spec.stacked and spec.table:
        points = min(height * 0.4, 0.5 * len(spec.bullets) + 0.2)
        _text(slide, (x, y, width, points), spec.bullets, largest=16, smallest=10, bullets=True)
        _table(slide, (x, y + points + 0.15, width, height - points - 0.15), spec.table, brand)
        return
    left = (x, y, width * 0.43, height)
    right = (x + width * 0.46, y, width * 0.54, height)
    side = spec.figure or spec.bullets
    if spec.figure:
        _text(slide, (x, y, left[2], 1.3), [spec.figure], largest=48, smallest=28, bold=True, color=brand.rgb)
        if spec.figure_label:
            _text(
                slide, (x, y + 1.35, left[2], 0.6), [spec.figure_label], largest=16, smallest=11, color=MUTED
            )
        if spec.bullets:
            _text(
                slide,
                (x, y + 2.1, left[2], height - 2.1),
                spec.bullets,
                largest=18,
                smallest=11,
                bullets=True,
            )
    elif spec.bullets:
        _text(slide, left if spec.table else full, spec.bullets, largest=18, smallest=11, bullets=True)
    if spec.table:
        _table(slide, right if side else full, spec.table, brand)


def _table(slide: Any, box: Box, table: Table, brand: Brand) -> None:
    """A native table: each figure column as wide as its widest figure on one line (a number
    never wraps: 「120,000円」, not 「120,000/円」), the text columns sharing the rest, each row
    as tall as its longest cell wraps to, the font the largest that lets all of it fit."""
    left, top, width, height = box
    everything = [table.header, *table.rows]
    pad = 0.2  # the cell's margins and a little air, in inches

    def widths(size: float) -> list[float] | None:
        figures = {
            c: max(text_width(row[c], size, bold=r == 0) for r, row in enumerate(everything)) / 72 + pad
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
    shape = slide.shapes.add_table(
        len(everything), len(table.header), Inches(left), Inches(top), Inches(width), Inches(sum(rows))
    )
    grid = shape.table
    for c, w in enumerate(columns):
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
    box: Box,
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
