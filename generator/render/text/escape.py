"""Plan text is untrusted: these turn it into inert text for Markdown, HTML and DOT.

Markdown escaping encodes every ASCII punctuation mark that Markdown or one of its
extensions could read as syntax (emphasis, links, tables, attribute lists, emoji
shortcodes, abbreviations…) as an HTML character reference. Python-Markdown passes
character references through untouched, so the reader sees the original text and
nothing in it can become markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>&~^=:\"'$%@/;?")
_MD_REFERENCES = str.maketrans({ch: f"&#{ord(ch)};" for ch in _MD_SPECIAL})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufeff\ufff9-\ufffb]")
_SPACE = re.compile(r"\s+")


def clean(text: object) -> str:
    """Drop control characters, which no output format shows usefully."""
    return _CONTROL.sub("", str(text))


def md(text: object, *, strip: bool = True) -> Markup:
    """Inline Markdown text: one line, every syntax character neutralised."""
    flat = _SPACE.sub(" ", clean(text))
    flat = flat.strip() if strip else flat
    return Markup(flat.translate(_MD_REFERENCES))


def html(text: object) -> Markup:
    return escape(clean(text))


def dot_html(text: object) -> str:
    """Text inside a Graphviz HTML-like label (``<...>``)."""
    flat = _SPACE.sub(" ", clean(text)).strip()
    return (
        flat.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("]", "&#93;")
        .replace("[", "&#91;")
    )


def dot_string(text: object) -> str:
    """A double-quoted DOT string (ids, attribute values)."""
    flat = _SPACE.sub(" ", clean(text)).strip()
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'
