"""The look every deck shape shares: the font (Japanese as the East Asian face of every
run) and the colours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Pt

from generator.settings import BRAND

FONT = "Noto Sans CJK JP"
INK, MUTED, LINE = RGBColor(0x0F, 0x17, 0x2A), RGBColor(0x64, 0x74, 0x8B), RGBColor(0x94, 0xA3, 0xB8)
COMPUTED_FILL, COMPUTED_LINE = RGBColor(0xFF, 0xF7, 0xED), RGBColor(0xEA, 0x58, 0x0C)


def style_run(run: Any, size: float, *, bold: bool = False, color: RGBColor | None = INK) -> None:
    """Size and weight; with a ``color``, also the deck's own font faces and colour (None: the
    agency's template decides both)."""
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is None:
        return
    run.font.name = FONT
    run.font.color.rgb = color
    r_pr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):  # East Asian and complex-script faces, beside the Latin one
        for old in r_pr.findall(qn(tag)):
            r_pr.remove(old)
        face = etree.SubElement(r_pr, qn(tag))
        face.set("typeface", FONT)


@dataclass(frozen=True)
class Brand:
    color: str = BRAND
    agency: str = ""
    logo: bytes | None = None
    """The logo's bytes (PNG, JPEG, GIF or BMP: PowerPoint cannot place an SVG)."""
    logo_name: str = ""

    @property
    def rgb(self) -> RGBColor:
        digits = self.color.lstrip("#")
        return RGBColor(int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def unstyled(shape: Any) -> None:
    """Drop the theme style python-pptx gives a new shape: LibreOffice draws its shadow
    (``effectRef``) even under an empty effect list, and the fill and line are set anyway."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
