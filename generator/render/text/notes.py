"""The plan's `notes`: Markdown from the strategist, rendered with all raw HTML removed.

Notes are rendered here, once, to HTML that the page embeds as an opaque block, so
neither the site's Markdown extensions nor its theme ever see the original text.
"""

from __future__ import annotations

import functools
import html

import markdown
import nh3
from markupsafe import Markup

from generator.render.text.escape import clean

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


_BRACKET = "\ue000"
"""Stands in for a ``[`` the Markdown parser must not see: a character it gives no meaning,
turned back into ``[`` in the HTML (an escape would cost it the same quadratic time)."""


def linear_links(text: str) -> str:
    """``text`` with every ``[`` that does not open a plain inline link ``[text](url)`` escaped.

    Python-Markdown searches forward from each unclosed ``[`` for its end, so text full of
    them costs quadratic time (60,000 took minutes). Deciding each bracket here from
    precomputed next positions is linear, and leaves the Markdown parser only brackets that
    close at once. Brackets inside code spans are left as they are.
    """
    text = text.replace(_BRACKET, "\ufffd")
    n = len(text)
    nxt: dict[str, list[int]] = {}
    for char in "[]()\n`":
        positions = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            positions[i] = i if text[i] == char else positions[i + 1]
        nxt[char] = positions
    out: list[str] = []
    in_code = False
    i = 0
    while i < n:
        char = text[i]
        if char == "`":
            in_code = not in_code
        elif char == "\n" and i + 1 < n and text[i + 1] == "\n":
            in_code = False  # a code span never crosses a blank line
        elif char == "[" and not in_code and not (i > 0 and text[i - 1] == "\\"):
            close = nxt["]"][i]
            ends = min(nxt["\n"][i], n)
            ok = close < ends and nxt["["][i + 1] > close and close + 1 < n and text[close + 1] == "("
            if ok:
                paren = nxt[")"][close + 1]
                ok = paren < nxt["\n"][close] and nxt["("][close + 2] > paren and nxt["["][close] > paren
            if not ok:
                out.append(_BRACKET)
                i += 1
                continue
        out.append(char)
        i += 1
    return "".join(out)


MAX_ELEMENTS = 4000
"""More elements than a note of a few pages could hold."""


@functools.cache
def _converter() -> markdown.Markdown:
    """One converter a process, reset before each note (setting one up costs more than
    converting a short note)."""
    converter = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Without these two parsers raw HTML is ordinary text, escaped like any other.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def render_notes(text: str | None) -> Markup:
    """Sanitised HTML for a notes field; links only to http(s) and mailto, always nofollow."""
    if not text:
        return Markup("")
    rendered = _converter().reset().convert(linear_links(clean(text)))
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
    if safe.count("<") > MAX_ELEMENTS:
        # Text that turns into this many elements (autolinks, say) is laid out in quadratic
        # time by the PDF engine: it is shown as the text it is.
        safe = "\n".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n") if part.strip())
    # Template engines further down the line must not see "{{" or "{%" in plan text either,
    # nor the site's Markdown a link it could make of text the notes kept as text.
    safe = safe.replace("{", "&#123;").replace("}", "&#125;")
    safe = safe.replace("[", "&#91;").replace("]", "&#93;").replace(_BRACKET, "&#91;")
    return Markup(f'<div class="proposal-notes">\n{safe}\n</div>')
