"""What the engine's HTML gets after Markdown: diagrams inlined, repairs, shared assets.

Diagrams are placed after Markdown and after search indexing (an inline SVG through
Markdown doubles a page's build, and its labels would flood the search index), as
<figure>s, so the page's CSS can restyle them for dark mode.
"""

from __future__ import annotations

import re
from typing import Any

from generator.engine import htmlfix
from generator.render.renderset import NavItem
from generator.render.site import assets
from generator.render.text.escape import html

# An image alone in its paragraph: the figure replaces the paragraph (a figure cannot sit in a <p>).
_IMG = re.compile(r'(?P<para><p>\s*)?<img\b[^>]*\bsrc="(?P<src>[^"]+\.svg)"[^>]*>(?(para)\s*</p>)')


def inline_diagrams(output: str, src_uri: str, diagrams: dict[str, str]) -> str:
    """Each ``<img src="x.svg">`` of a page becomes the SVG itself, in a figure."""
    base = src_uri.rsplit("/", 1)[0] if "/" in src_uri else ""

    def inline(match: re.Match[str]) -> str:
        name = match.group("src").rsplit("/", 1)[-1]
        svg = diagrams.get(f"{base}/{name}" if base else name)
        return f'<figure class="proposal-diagram">{svg}</figure>' if svg else match.group(0)

    return _IMG.sub(inline, output)


def finish(output: str, shared_assets: str | None) -> str:
    """The validator repairs, and theme assets pointed at the one shared copy."""
    output = htmlfix.tidy(output)
    return assets.share(output, shared_assets) if shared_assets else output


def nav_entry(item: NavItem) -> dict[str, Any]:
    # MkDocs themes print nav titles without escaping; plan text must arrive escaped.
    title = str(html(item.title))
    if item.children:
        return {title: [nav_entry(child) for child in item.children]}
    return {title: item.path or ""}


def without_pages(nav: list[Any]) -> list[Any]:
    """mkdocs.yml's own nav without its pages (links that leave the site stay)."""
    kept: list[Any] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, list):
            inner = without_pages(value)
            if inner:
                kept.append({next(iter(item)): inner})
        elif isinstance(value, str) and "://" in value:
            kept.append(item)
    return kept
