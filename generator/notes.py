"""The plan's `notes`: Markdown from the strategist, rendered with all raw HTML removed.

Notes are rendered here, once, to HTML that the page embeds as an opaque block, so
neither the site's Markdown extensions nor its theme ever see the original text.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

from generator.escape import clean

_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "hr",
    "del",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


_OPENER = re.compile(r">|[-*+]\s|\d{1,9}[.)]\s")
_OPENERS = re.compile(r"(?:[ \t]*(?:>|[-*+]\s|\d{1,9}[.)]\s))+")
MAX_BRACKETS = 400
"""Python-Markdown's link search is quadratic in unclosed ``[``: 19,000 of them took minutes."""
MAX_NESTING = 10
"""Quotes and lists nested deeper than this are no note; 150 levels crash the PDF engine."""


def markdown_limits(text: str) -> str:
    """Refuse Markdown that would stall or crash a renderer; say what to change."""
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        raise ValueError(f"{brackets:,} '[' characters; Markdown notes may hold at most {MAX_BRACKETS}")
    for number, line in enumerate(text.splitlines(), 1):
        opened = _OPENERS.match(line)
        levels = len(_OPENER.findall(opened.group(0))) if opened else 0
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if levels > MAX_NESTING or indent // 4 > MAX_NESTING:
            raise ValueError(
                f"line {number} of the text nests quotes or lists more than {MAX_NESTING} levels deep"
            )
    return text


def render_notes(text: str | None) -> Markup:
    """Sanitised HTML for a notes field; links only to http(s) and mailto, always nofollow."""
    if not text:
        return Markup("")
    converter = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Without these two parsers raw HTML is ordinary text, escaped like any other.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    rendered = converter.convert(clean(text))
    # Headings inside notes start below the page's own section headings.
    for level in (1, 2):
        rendered = rendered.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    safe = nh3.clean(
        rendered,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    # Template engines further down the line must not see "{{" or "{%" in plan text either.
    safe = safe.replace("{", "&#123;").replace("}", "&#125;")
    return Markup(f'<div class="proposal-notes">\n{safe}\n</div>')
