"""Text that fits its box, measured with the real font's advance widths (Noto Sans CJK,
the font the deck uses), not guessed from character counts."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

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


def lines_needed(text: str, size_pt: float, width_pt: float, *, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a box ``width_pt`` wide (each paragraph apart)."""
    total = 0
    for paragraph in text.split("\n") or [""]:
        total += max(1, math.ceil(text_width(paragraph, size_pt, bold=bold) / max(width_pt, 1.0) * 1.08))
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
