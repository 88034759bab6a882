"""The agency's comment on a month of a proposal (``actuals/<slug>/comments/YYYY-MM.md``)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from generator.plans.values import Month

COMMENT_BYTES = 64 * 1024
"""A month's comment is a few paragraphs; a larger file is refused, never a stalled build."""

DRAFT = re.compile(r"\A<!-- sns-proposals draft sha256=([0-9a-f]{64}) -->[ \t]*\r?\n")
"""The first line of a comment `proposals month` drafted: the draft's digest, so that a
release can tell a draft nobody touched from one the strategist edited."""


@dataclass(frozen=True)
class Said:
    """A comment as its file says it: the text without its draft line, and what that line says."""

    text: str = ""
    draft: bool = False
    untouched: bool = False
    """A draft exactly as it was drafted (its text still has the digest its first line says)."""
    where: str = ""
    """The file, for messages."""


def comment_name(month: Month) -> str:
    return f"comments/{month}.md"


def draft_state(text: str) -> tuple[str, bool, bool]:
    """(the comment without its draft line, whether it is a draft, whether it is untouched)."""
    found = DRAFT.match(text)
    if found is None:
        return text, False, False
    body = text[found.end() :]
    return body, True, hashlib.sha256(body.encode("utf-8")).hexdigest() == found[1]


def drafted(body: str) -> str:
    """A drafted comment's file text: its draft line, then the draft."""
    return f"<!-- sns-proposals draft sha256={hashlib.sha256(body.encode('utf-8')).hexdigest()} -->\n{body}"
