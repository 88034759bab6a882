"""What slide titles and points are made of, apart from any one slide: like-for-like
comparisons, a target's stated basis, notes back to plain text."""

from __future__ import annotations

import html
import re

from generator.locale.labels import Labels
from generator.render.views.pitch import AccountRow


def widest_gap(accounts: list[AccountRow]) -> tuple[AccountRow, AccountRow] | None:
    """The client's account and the largest competitor on the same platform, where the gap is
    widest: followers on Instagram compare with followers on Instagram, never with a sum over
    platforms."""
    pairs = []
    for mine in accounts:
        if not mine.own or mine.followers_value is None:
            continue
        rivals = [
            a for a in accounts if not a.own and a.platform == mine.platform and a.followers_value is not None
        ]
        if rivals:
            top = max(rivals, key=lambda a: a.followers_value or 0)
            pairs.append(((top.followers_value or 0) / max(mine.followers_value, 1), mine, top))
    if not pairs:
        return None
    _, mine, top = max(pairs, key=lambda item: item[0])
    return mine, top


def basis(t: Labels, basis: str, label: str = "") -> str:
    return f"{t('basis_of', label=label) if label else t.basis}: {basis}"


def plain(markup: str) -> str:
    """Notes rendered as HTML, back to one paragraph of text for a slide."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())
