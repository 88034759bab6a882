"""The one Jinja environment factory for every page, document and slide.

Templates come from the workspace's theme folder first (same relative path wins), then
the package. Two flavours share everything else: Markdown pages escape every value for
Markdown (plan text is inert unless it is Markup), HTML documents autoescape for HTML.
Both run with StrictUndefined, so a misspelt variable fails instead of leaving a gap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import jinja2
from markupsafe import Markup

from generator.cache.templates import SharedBytecodeCache
from generator.locale.phrases import phrased
from generator.render.text.escape import clean, md

Flavour = Literal["markdown", "html"]


def environment(
    theme_dir: Path | None, flavour: Flavour = "markdown", cache: Path | None = None
) -> jinja2.Environment:
    """``cache``: the workspace's cache folder, where compiled templates are kept between
    runs (a one-edit rebuild would otherwise compile every proposal template again)."""
    loaders: list[jinja2.BaseLoader] = []
    if theme_dir and theme_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(theme_dir)))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    loader = jinja2.ChoiceLoader(loaders)
    if flavour == "html":
        # Plan text may carry control characters, which no font can show; drop them before escaping.
        html = jinja2.Environment(
            autoescape=True,
            finalize=lambda value: (
                clean(value) if isinstance(value, str) and not isinstance(value, Markup) else value
            ),
            loader=loader,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=SharedBytecodeCache(cache),
        )
        html.filters["phrased"] = lambda text: phrased(clean(str(text)))
        return html
    env = jinja2.Environment(
        # Escape-by-default for Markdown: every value is inert text unless it is Markup.
        finalize=lambda value: value if isinstance(value, Markup) else md(value),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        loader=loader,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=SharedBytecodeCache(cache),
    )
    env.filters["code"] = lambda text: Markup(f"<code>{md(text)}</code>")
    env.filters["join"] = lambda items, sep="": Markup(md(sep, strip=False).join(md(i) for i in items))
    env.globals["indent"] = lambda depth: Markup("&emsp;" * depth + ("└ " if depth else ""))
    env.filters["link"] = _link
    env.filters["phrased"] = _phrased
    env.filters["figure"] = lambda text: Markup(f'<span class="proposal-figure">{md(text)}</span>')
    return env


def _phrased(text: object) -> Markup:
    """Markdown text whose Japanese breaks only between phrases: 「リーチ数」 stays whole in a
    narrow column, on the page and in the PDF alike."""
    return phrased(clean(str(text)).strip(), lambda piece: md(piece, strip=False))


def _link(text: str, url: str) -> Markup:
    """Export text as a link to an export's own address: http(s) only, every character that
    could end the attribute, the table cell or the Markdown around it percent-encoded."""
    from urllib.parse import quote

    if not url.startswith(("https://", "http://")):
        return Markup(md(text))
    safe = quote(url, safe=":/?#@!$&*+,;=%~-._")
    return Markup(f'<a href="{safe}" rel="nofollow noopener noreferrer">{md(text)}</a>')
