"""KPI-tree diagrams: DOT from the solved tree, SVG from Graphviz, cached by content.

The same SVG serves the web page (inlined after Markdown, so page CSS can restyle it
for dark mode) and the PDF. Every id in it carries a per-diagram prefix, so several
diagrams can share a page.
"""

from __future__ import annotations

import contextlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import graphviz

from generator.analysis.kpitree import Solution, SolvedNode
from generator.cache.store import Memo, Store, fingerprint
from generator.errors import DiagramError
from generator.knowledge import knowledge
from generator.locale.labels import Labels, labels
from generator.render.figures.dotserver import draw_svg
from generator.render.text.escape import clean, dot_html, dot_string

FONT = "Noto Sans CJK JP"
FONT_STACK = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', Meiryo, sans-serif"
OP_SYMBOL = {"product": "×", "sum": "+"}

_memo: Memo[str, str] = Memo(64)
"""Recent SVGs (a site and its PDF draw the same tree); older ones are on disk. Bounded:
`proposals serve` and build workers go through many trees in one process."""
_SVG = "{http://www.w3.org/2000/svg}"
_ELEMENTS = frozenset({"svg", "g", "title", "polygon", "polyline", "path", "ellipse", "text"})
"""Everything Graphviz draws our trees with; anything else in a cached SVG is not its work."""
_ATTRIBUTES = frozenset(
    {
        "width", "height", "viewBox", "id", "class", "transform", "fill", "stroke", "stroke-width",
        "stroke-dasharray", "stroke-opacity", "fill-opacity", "points", "d", "cx", "cy", "rx", "ry",
        "x", "y", "text-anchor", "font-family", "font-size", "font-weight", "font-style",
        "text-decoration", "baseline-shift",
    }
)  # fmt: skip
_PROLOGUE_PARTS = re.compile(
    r'<\?xml version="1\.0" encoding="UTF-8" standalone="no"\?>'
    r'|<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1\.1//EN"\s+"http://www\.w3\.org/Graphics/SVG/1\.1/DTD/svg11\.dtd">'
    r"|<!--[^<>]*?-->"
)


def tree_id(slug: str) -> str:
    """The id prefix of a proposal's whole KPI tree: the same DOT, and so the same cached SVG,
    on the site, in the PDF and on the deck."""
    return f"kpi-{slug}"


@dataclass(frozen=True)
class Overlay:
    """What happened at a node, drawn over the plan's tree on the progress page: colour by
    status, and always the mark and the word too (colour is never the only signal)."""

    status: str
    """green | amber | red | none"""
    mark: str
    word: str
    actual: str
    target: str


STATUS_COLOURS = {
    "green": ("#f0fdf4", "#15803d", "#166534"),
    "amber": ("#fffbeb", "#b45309", "#92400e"),
    "red": ("#fef2f2", "#b91c1c", "#991b1b"),
    "partial": ("#f1f5f9", "#64748b", "#334155"),
    "none": ("#f8fafc", "#94a3b8", "#475569"),
}
"""Fill, border and the status word's ink for each status."""


def kpi_tree_dot(
    solution: Solution,
    language: str,
    prefix: str,
    title: str,
    overlay: Callable[[SolvedNode], Overlay | None] | None = None,
    rankdir: str = "LR",
) -> str:
    """DOT source for the KPI tree, KGI on the left, operations drawn as small circles; with
    an ``overlay``, each node shows its month's actual against its target and its status.
    ``rankdir="TB"`` puts the KGI on top: a tree of many leaves and few levels fills a wide
    slide that way."""
    t = labels(language)
    direction = "TB" if rankdir == "TB" else "LR"
    lines = [
        "digraph kpi_tree {",
        f"  graph [id={dot_string(prefix)} rankdir={direction} nodesep=0.22 ranksep=0.5 pad=0.1"
        f" bgcolor=transparent fontname={dot_string(FONT)}];",
        f"  node [shape=plain fontname={dot_string(FONT)} fontsize=11];",
        '  edge [dir=none color="#8a94a6" penwidth=1.2];',
    ]
    names = {id(node): name for name, node in dot_names(solution.root).items()}
    counter = {"edge": 0}

    def edge(a: str, b: str, style: str = "") -> None:
        counter["edge"] += 1
        extra = f" {style}" if style else ""
        lines.append(f'  {a} -> {b} [id="{prefix}-e{counter["edge"]}"{extra}];')

    def visit(node: SolvedNode, is_root: bool) -> str:
        name = names[id(node)]
        shown = overlay(node) if overlay else None
        label = _status_label(node, shown, language) if shown else _label(node, t, language, is_root)
        classes = _classes(node, is_root) + (f" status-{shown.status}" if shown else "")
        lines.append(f'  {name} [id="{prefix}-{name}" class="{classes}" label=<{label}>];')
        if not node.children:
            return name
        if node.op in OP_SYMBOL:
            op_name = f"{name}op"
            lines.append(
                f'  {op_name} [id="{prefix}-{op_name}" class="op" shape=circle width=0.26 fixedsize=true'
                f' label="{OP_SYMBOL[node.op]}" fontsize=12 fontcolor="#334155" color="#94a3b8"'
                ' style=filled fillcolor="#f1f5f9"];'
            )
            edge(name, op_name)
            for child in node.children:
                edge(op_name, visit(child, False))
        else:
            for child in node.children:
                edge(name, visit(child, False), 'style=dashed class="drivers"')
        return name

    visit(solution.root, True)
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_names(root: SolvedNode) -> dict[str, SolvedNode]:
    """The DOT name of each node of a tree (``n0`` the root, then depth-first): what the
    diagram calls a node and what Graphviz's layout of it reports, for drawing it again."""
    return {f"n{i}": node for i, node in enumerate(root.walk())}


def _classes(node: SolvedNode, is_root: bool) -> str:
    return " ".join(["metric", "kgi" if is_root else "kpi", "computed" if node.computed else "given"])


def _label(node: SolvedNode, t: Labels, language: str, is_root: bool) -> str:
    if is_root:
        fill, border, ink, sub = "#1e3a8a", "#1e3a8a", "#ffffff", "#dbeafe"
    elif node.computed:
        fill, border, ink, sub = "#fff7ed", "#ea580c", "#0f172a", "#9a3412"
    else:
        fill, border, ink, sub = "#ffffff", "#64748b", "#0f172a", "#475569"
    style = ' STYLE="dashed"' if node.computed and not is_root else ""
    value = node.shown(language, compact=True)
    # Graphviz rejects empty <B></B>; a label of only invisible characters cleans to nothing.
    name = dot_html(node.label) or "&#160;"
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT COLOR="{ink}" POINT-SIZE="11"><B>{name}</B></FONT></TD></TR>',
        f'<TR><TD ALIGN="LEFT"><FONT COLOR="{ink}" POINT-SIZE="15"><B>{dot_html(value)}</B></FONT>'
        + (f'<FONT COLOR="{sub}" POINT-SIZE="9">  {dot_html(t.computed)}</FONT>' if node.computed else "")
        + "</TD></TR>",
    ]
    return _box(rows, node, language, sub, f'BORDER="1"{style} BGCOLOR="{fill}" COLOR="{border}"')


def _status_label(node: SolvedNode, shown: Overlay, language: str) -> str:
    fill, border, ink = STATUS_COLOURS.get(shown.status, STATUS_COLOURS["none"])
    name = dot_html(node.label) or "&#160;"
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT COLOR="#0f172a" POINT-SIZE="11"><B>{name}</B></FONT></TD></TR>',
        f'<TR><TD ALIGN="LEFT"><FONT COLOR="#0f172a" POINT-SIZE="14"><B>{dot_html(shown.actual)}</B></FONT>'
        f'<FONT COLOR="#475569" POINT-SIZE="10"> / {dot_html(shown.target)}</FONT></TD></TR>',
        f'<TR><TD ALIGN="LEFT"><FONT COLOR="{ink}" POINT-SIZE="10"><B>{dot_html(shown.mark)}'
        f" {dot_html(shown.word)}</B></FONT></TD></TR>",
    ]
    return _box(rows, node, language, "#475569", f'BORDER="2" BGCOLOR="{fill}" COLOR="{border}"')


def _box(rows: list[str], node: SolvedNode, language: str, sub: str, frame: str) -> str:
    """A node's label table: its rows, then the platform it is on, in the given frame."""
    if node.platform:
        platform = knowledge().platforms[node.platform].name(language)
        rows = [
            *rows,
            f'<TR><TD ALIGN="LEFT"><FONT COLOR="{sub}" POINT-SIZE="9">{dot_html(platform)}</FONT></TD></TR>',
        ]
    return f'<TABLE {frame} CELLBORDER="0" CELLSPACING="0" CELLPADDING="4">{"".join(rows)}</TABLE>'


def render_svg(dot: str, prefix: str, title: str, cache_dir: Path | None = None) -> str:
    """SVG for ``dot``; reuses the on-disk cache so an unchanged tree runs no ``dot`` process."""
    digest = fingerprint(graphviz.__version__, dot)
    raw = _memo.get(digest)
    if raw is None:
        store = Store(cache_dir)
        cached = store.get("svg", digest)
        raw = cached.decode("utf-8", "replace") if cached is not None else None
        if raw is None or not is_plain_svg(raw):
            raw = _run_dot(dot)
            store.put("svg", digest, raw.encode("utf-8"))
        _memo.put(digest, raw)
    return _tidy(raw, prefix, title)


def is_plain_svg(text: str) -> bool:
    """An SVG document as Graphviz writes it, checked against an allow-list: only its own
    elements and presentation attributes, no processing instruction, CDATA, style, animation,
    event handler or link. An HTML page parses ``<?…>`` as a bogus comment that ends at the
    first ``>``, so markup hidden in one by an XML parser's lights would come alive there."""
    if "<?" in _PROLOGUE_PARTS.sub("", text) or "<!" in _PROLOGUE_PARTS.sub("", text):
        return False
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return False
    if root.tag != f"{_SVG}svg":
        return False
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag.startswith(_SVG) or tag.removeprefix(_SVG) not in _ELEMENTS:
            return False
        for attribute in element.attrib:
            if attribute not in _ATTRIBUTES:
                return False
    return True


def tree_layout(dot: str, cache_dir: Path | None = None) -> dict[str, Any]:
    """Graphviz's own layout of a tree (``dot -Tjson``): where each node sits and how big it
    is, for drawing the same tree with other shapes (the editable deck)."""
    digest = fingerprint(graphviz.__version__, "json", dot)
    store = Store(cache_dir)
    cached = store.get("layout", digest)
    if cached is not None:
        with contextlib.suppress(ValueError):
            found = json.loads(cached)
            if isinstance(found, dict):
                return found
    raw = _run_dot(dot, "json")
    store.put("layout", digest, raw.encode("utf-8"))
    data: dict[str, Any] = json.loads(raw)
    return data


def _run_dot(dot: str, fmt: str = "svg") -> str:
    drawn = draw_svg(dot, _draw_alone) if fmt == "svg" else None
    return drawn if drawn is not None else _draw_alone(dot, fmt)


def _draw_alone(dot: str, fmt: str = "svg") -> str:
    try:
        return str(graphviz.pipe("dot", fmt, dot.encode("utf-8")).decode("utf-8"))
    except graphviz.ExecutableNotFound:
        raise DiagramError(
            "Graphviz's 'dot' was not found; install it with: apt-get install graphviz"
        ) from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise DiagramError(f"Graphviz could not draw the diagram: {detail[-1] if detail else exc}") from None


_XML_PROLOGUE = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.S)
_INNER_TITLE = re.compile(r"<title>.*?</title>\s*", re.S)


def _tidy(svg: str, prefix: str, title: str) -> str:
    """Inline-ready SVG: no prologue or comments, an accessible title, the CSS font stack."""
    svg = _XML_PROLOGUE.sub("", svg)
    svg = _INNER_TITLE.sub("", svg)
    svg = svg.replace('font-family="Noto Sans CJK JP"', f'font-family="{FONT_STACK}"')
    svg = svg.replace(
        "<svg ",
        f'<svg class="kpi-tree-diagram" role="img" aria-labelledby="{prefix}-title" ',
        1,
    )
    svg = re.sub(
        r"(<svg[^>]*>)",
        lambda m: f'{m.group(1)}\n<title id="{prefix}-title">{_xml(title)}</title>',
        svg,
        count=1,
    )
    return svg.strip() + "\n"


def _xml(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
