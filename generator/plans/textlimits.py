"""Bounds on Markdown text in a plan, so that no note can stall or crash a renderer."""

from __future__ import annotations

import re

from generator.errors import say

_OPENER = re.compile(r">|[-*+]\s|\d{1,9}[.)]\s")
_OPENERS = re.compile(r"(?:[ \t]*(?:>|[-*+]\s|\d{1,9}[.)]\s))+")
MAX_BRACKETS = 400
"""Python-Markdown's link search is quadratic in unclosed ``[``: 19,000 of them took minutes."""
MAX_MARKS = 1000
"""Emphasis and code marks (``*``, ``_``, `````, ``~``): each pair becomes an inline element, and
the PDF engine lays out a paragraph's inline elements in quadratic time (16,000 of them, from
a 64 kB comment of ``*a``, kept a build busy for more than five minutes)."""
_MARKS = re.compile(r"[*_`~]")
MAX_NESTING = 10
"""Quotes and lists nested deeper than this are no note; 150 levels crash the PDF engine."""


def markdown_limits(text: str) -> str:
    """Refuse Markdown that would stall or crash a renderer; say what to change."""
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        raise ValueError(
            say(
                "{count:,} '[' characters; Markdown notes may hold at most {limit}",
                count=brackets,
                limit=MAX_BRACKETS,
            )
        )
    marks = len(_MARKS.findall(text))
    if marks > MAX_MARKS:
        raise ValueError(
            say(
                "{count:,} emphasis or code marks (* _ ` ~); Markdown notes may hold at most {limit:,}",
                count=marks,
                limit=MAX_MARKS,
            )
        )
    for number, line in enumerate(text.splitlines(), 1):
        opened = _OPENERS.match(line)
        levels = len(_OPENER.findall(opened.group(0))) if opened else 0
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if levels > MAX_NESTING or indent // 4 > MAX_NESTING:
            raise ValueError(
                say(
                    "line {line} of the text nests quotes or lists more than {limit} levels deep",
                    line=number,
                    limit=MAX_NESTING,
                )
            )
    return text
