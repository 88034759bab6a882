"""The plan's `notes`: Markdown from the strategist, rendered with all raw HTML removed.

Notes are rendered here, once, to HTML that the page embeds as an opaque block, so
neither the site's Markdown extensions nor its theme ever see the original text.
"""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

from generator.render.escape import clean

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
