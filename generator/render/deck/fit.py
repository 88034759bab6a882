"""Text that fits its box, measured with the real font's advance widths (Noto Sans CJK,
the font the deck uses), not guessed from character counts."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from generator.locale.phrases import lines as phrase_lines

FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
)
LINE_HEIGHT = 1.25
"""Line pitch as a multiple of the font size (about what single spacing is in PowerPoint and LibreOffice)."""
FALLBACK_EM = {True: 1.0, False: 0.6}
"""Advance in ems when the font cannot be read: full width for CJK, a wide average for Latin."""


@cache
def _advances(bold: bool) -> tuple[dict[int, int], int] | None:
    path = FONT_FILES[1 if bold else 0]
    if not path.is_file():
        return None
    font: TTFont = TTCollection(str(path)).fonts[0]  # the JP face comes first in Noto's collections
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    widths = {code: metrics[name][0] for code, name in cmap.items() if name in metrics}
    return widths, int(font["head"].unitsPerEm)


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of one line of ``text`` in points."""
    found = _advances(bold)
    if found is None:
        return sum(FALLBACK_EM[ord(ch) > 0x2E80] for ch in text) * size_pt
    widths, em = found
    default = em
    return sum(widths.get(ord(ch), default) for ch in text) * size_pt / em


ROOM = 0.92
"""The share of a line's width we fill: LibreOffice and PowerPoint put a little space between
Japanese and Latin letters (「SNS 経由」), which the font's advances do not count."""


def broken(text: str, size_pt: float, width_pt: float, *, bold: bool = False) -> list[str]:
    """``text`` set into lines of a box ``width_pt`` wide, breaking between phrases only (each
    paragraph apart): what the deck writes, with its own line breaks, so no viewer breaks a
    word (「ご提/案」) where its own rules would."""
    out: list[str] = []
    for paragraph in text.replace("\v", "\n").split("\n") or [""]:
        out += phrase_lines(
            paragraph, lambda line: text_width(line, size_pt, bold=bold) <= width_pt * ROOM
        ) or [""]
    return out


def lines_needed(text: str, size_pt: float, width_pt: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes in a box ``width_pt`` wide, broken between phrases (a
    phrase wider than the box wraps inside itself)."""
    total = 0
    for line in broken(text, size_pt, width_pt, bold=bold):
        total += max(1, math.ceil(text_width(line, size_pt, bold=bold) / max(width_pt * ROOM, 1.0)))
    return total


def fitting_size(
    texts: list[str],
    width_pt: float,
    height_pt: float,
    largest: float,
    smallest: float,
    *,
    bold: bool = False,
) -> float | None:
    """The largest font size (stepping down by 1 pt) at which the paragraphs fit the box;
    None when even ``smallest`` does not."""
    size = largest
    while size >= smallest:
        lines = sum(lines_needed(t, size, width_pt, bold=bold) for t in texts)
        if lines * size * LINE_HEIGHT + (len(texts) - 1) * size * 0.4 <= height_pt:
            return size
        size -= 1
    return None


TREE_BOX = (12.1, 4.7)
"""The room a tree has on a slide, in inches (the body under the title)."""
TREE_MOST = 1.6
"""A small tree grows at most this much: four boxes drawn at 30 pt look like a poster."""


def tree_scale(bounds: str, box: tuple[float, float] = TREE_BOX) -> float:
    """How much Graphviz's layout (its ``bb``, in points) is scaled to fill ``box``: the same
    figure for the PDF deck and the PowerPoint, so both draw the tree at one size."""
    x0, y0, x1, y1 = (float(v) for v in bounds.split(","))
    return min(box[0] * 72 / max(x1 - x0, 1.0), box[1] * 72 / max(y1 - y0, 1.0), TREE_MOST)
