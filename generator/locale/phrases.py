"""Where a line may break: between phrases, never inside a word or between a number and its
unit. Japanese has no spaces, so a browser or a typesetter breaks it between any two
characters (「ご提/案」「リ/ーチ数」); BudouX's model of Japanese phrases gives the places a
reader would break it, and spaces give them in English."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from markupsafe import Markup, escape

_SPACES = re.compile(r"(\s+)")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


@cache
def _parser() -> Callable[[str], list[str]]:
    import budoux  # loaded on first use: most commands never break a line themselves

    parse: Callable[[str], list[str]] = budoux.load_default_japanese_parser().parse
    return parse


@lru_cache(maxsize=4096)
def phrases(text: str) -> tuple[str, ...]:
    """``text`` cut into the pieces a line may break between; spaces stay with the piece
    before them, so joining the pieces gives the text back."""
    pieces: list[str] = []
    for part in _SPACES.split(text):
        if not part:
            continue
        if part.isspace():
            if pieces:
                pieces[-1] += part
            else:
                pieces.append(part)
        elif _CJK.search(part):
            pieces += _joined(_parser()(part))
        else:
            pieces.append(part)
    return tuple(pieces)


_NUMBER_END = re.compile(r"[0-9０-９.,．，]$")
_OPENING = "「『（([【〈《“‘"


def _joined(parts: list[str]) -> list[str]:
    """The model's phrases, never cutting a number (「202/6年」) or its unit (「3,000/円」)."""
    out: list[str] = []
    for part in parts:
        last = out[-1] if out else ""
        open_aside = last.count("(") + last.count("（") > last.count(")") + last.count("）")
        if out and (
            (_NUMBER_END.search(last) and part[:1] not in _OPENING)
            or last[-1:] in _OPENING
            or (open_aside and len(last) + len(part) <= 12)  # a short aside in brackets, whole
        ):
            out[-1] += part
        else:
            out.append(part)
    return out


def phrased(text: str, escaped: Callable[[str], Markup] = escape) -> Markup:
    """``text`` escaped (for HTML by default; a Markdown page passes its own escaper), each
    Japanese phrase of it kept on one line: a span that does not wrap (WeasyPrint has no
    ``word-break: keep-all``), so the line breaks only between spans. A text without
    Japanese needs none: it breaks at its spaces already."""
    if not _CJK.search(text):
        return escaped(text)
    return Markup("").join(
        Markup('<span class="ph">{}</span>').format(escaped(piece))
        if len(piece) > 1 and _CJK.search(piece)
        else escaped(piece)
        for piece in phrases(text)
    )


def lines(text: str, fits: Callable[[str], bool]) -> list[str]:
    """``text`` set line by line: each line takes as many whole phrases as ``fits`` allows; a
    phrase longer than a line has a line of its own (the box wraps it where it must). The
    lines keep their spaces, so joined they give the text back."""
    out: list[list[str]] = []
    for piece in phrases(text):
        if out and fits("".join(out[-1]) + piece.rstrip()):
            out[-1].append(piece)
        else:
            out.append([piece])
    # The last line alone ought not be one or two characters when the line above can give some.
    if len(out) > 1 and len("".join(out[-1]).strip()) <= 2 and len(out[-2]) > 1:
        moved = [out[-2][-1], *out[-1]]
        if fits("".join(moved).rstrip()):
            out[-2], out[-1] = out[-2][:-1], moved
    return ["".join(line) for line in out]
