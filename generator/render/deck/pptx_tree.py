"""The KPI tree on a slide: one shape per node at Graphviz's place, connectors joined to the
shapes so they follow when a box is moved, computed values marked as on the site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from generator.analysis.kpitree import Solution, SolvedNode
from generator.knowledge import knowledge
from generator.locale.labels import Labels
from generator.render.deck.fit import tree_scale
from generator.render.deck.pptx_style import (
    COMPUTED_FILL,
    COMPUTED_LINE,
    INK,
    LINE,
    MUTED,
    Brand,
    style_run,
    unstyled,
)


@dataclass(frozen=True)
class TreeLayout:
    """Graphviz's layout of a tree (``dot -Tjson``) and the node each of its names stands for."""

    graph: dict[str, Any]
    names: dict[str, SolvedNode]
    vertical: bool = False
    """Laid out top to bottom (the KGI on top) rather than left to right."""


def draw_tree(
    slide: Any,
    box: tuple[float, float, float, float],
    solution: Solution,
    tree: TreeLayout,
    t: Labels,
    brand: Brand,
) -> None:
    """One shape per node at Graphviz's place, scaled into the body; connectors joined to
    the shapes so they follow when a box is moved. ``tree.names`` maps the DOT name of each node
    (what the layout reports) to the node; the operation circles are named after their node."""
    layout, names = tree.graph, tree.names
    left, top, width, height = box
    x0, y0, x1, y1 = (float(v) for v in str(layout["bb"]).split(","))
    scale = tree_scale(str(layout["bb"]), (width, height))
    offset_x = left + (width - (x1 - x0) * scale / 72) / 2
    offset_y = top + (height - (y1 - y0) * scale / 72) / 2
    shapes: dict[int, Any] = {}
    language = t.language
    for obj in layout.get("objects", []):
        name = str(obj.get("name", ""))
        if "pos" not in obj:
            continue
        cx, cy = (float(v) for v in str(obj["pos"]).split(","))
        w, h = float(obj["width"]) * scale, float(obj["height"]) * scale
        x = offset_x + ((cx - x0) * scale / 72) - w / 2
        y = offset_y + ((y1 - cy) * scale / 72) - h / 2
        if name not in names:
            shape = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(x), Inches(y), Inches(w), Inches(h))
            _fill(shape, RGBColor(0xF1, 0xF5, 0xF9), LINE)
            _shape_text(shape, [(str(obj.get("label", "")), 12 * scale, True)], color=INK)
        else:
            node = names[name]
            root = node is solution.root
            shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h))
            if root:
                _fill(shape, brand.rgb, brand.rgb)
            elif node.computed:
                _fill(shape, COMPUTED_FILL, COMPUTED_LINE, dashed=True)
            else:
                _fill(shape, RGBColor(0xFF, 0xFF, 0xFF), MUTED)
            # The same rows and sizes as the diagram's label: name, value (and 逆算 where it was
            # worked out), platform.
            value = node.shown(language, compact=True)
            lines: list[Line] = [
                (node.label, 11 * scale, True),
                (value, 15 * scale, True, f"  {t.computed}", 9 * scale)
                if node.computed
                else (value, 15 * scale, True),
            ]
            if node.platform:
                lines.append((knowledge().platforms[node.platform].name(language), 9 * scale, False))
            _shape_text(shape, lines, color=RGBColor(0xFF, 0xFF, 0xFF) if root else INK)
        shapes[int(obj["_gvid"])] = shape
    for edge in layout.get("edges", []):
        tail, head = shapes.get(int(edge["tail"])), shapes.get(int(edge["head"]))
        if tail is None or head is None:
            continue
        connector = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
        # Connection sites of a box: 0 top, 1 left, 2 bottom, 3 right.
        connector.begin_connect(tail, 2 if tree.vertical else 3)
        connector.end_connect(head, 0 if tree.vertical else 1)
        connector.line.color.rgb = LINE
        connector.line.width = Pt(1.25)
        if "dashed" in str(edge.get("style", "")):
            connector.line.dash_style = MSO_LINE_DASH_STYLE.DASH


def _fill(shape: Any, fill: RGBColor, line: RGBColor, *, dashed: bool = False) -> None:
    shape.fill.solid()
    shape.fill.fore_color.rgb = fill
    shape.line.color.rgb = line
    shape.line.width = Pt(1)
    if dashed:
        shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    unstyled(shape)


Line = tuple[str, float, bool] | tuple[str, float, bool, str, float]
"""A line of a box: text, size, bold; and a trailing smaller word (逆算) with its size."""


def _shape_text(shape: Any, lines: list[Line], *, color: RGBColor = INK) -> None:
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Emu(Inches(0.04))
    frame.margin_top = frame.margin_bottom = Emu(Inches(0.02))
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT if len(lines) > 1 else PP_ALIGN.CENTER
        run = paragraph.add_run()
        style_run(run, max(7.0, line[1]), bold=line[2], color=color)
        run.text = line[0]
        if len(line) == 5:
            extra = paragraph.add_run()
            style_run(extra, max(7.0, line[4]), color=COMPUTED_LINE if color == INK else color)
            extra.text = line[3]
