"""What the engine's HTML gets after Markdown: diagrams inlined, repairs, shared assets.

Diagrams are placed after Markdown and after search indexing (an inline SVG through
Markdown doubles a page's build, and its labels would flood the search index), as
<figure>s, so the page's CSS can restyle them for dark mode.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from generator.engine import htmlfix
from generator.locale.labels import labels
from generator.render.renderset import NavItem
from generator.render.site import assets
from generator.render.text.escape import html

# An image alone in its paragraph: the figure replaces the paragraph (a figure cannot sit in a <p>).
# Images are found by their tag (a literal the regex engine scans for quickly), the paragraph
# around one is looked for only there: one pattern starting at every "<" of a page cost more
# than the rest of the page's finishing.
_IMG = re.compile(r'<img\b[^>]*\bsrc="(?P<src>[^"]+\.svg)"[^>]*>')
_PARA_OPEN = re.compile(r"<p>\s*\Z")
_PARA_CLOSE = re.compile(r"\s*</p>")


def dropped(file: Any, standalone: bool, access: str, shared_assets: bool, config: Any) -> bool:
    """A file of the engine's own listing that this site leaves out: docs_dir's pages belong
    to the internal home only; shared assets live once, in the home."""
    from_docs = file.generated_by is None and (file.abs_src_path or "").startswith(config.docs_dir)
    return bool(
        ((standalone or access != "internal") and from_docs)
        or (shared_assets and assets.is_shared(file.src_uri))
    )


def inline_diagrams(output: str, src_uri: str, diagrams: dict[str, str]) -> str:
    """Each ``<img src="x.svg">`` of a page becomes the SVG itself, in a figure."""
    base = src_uri.rsplit("/", 1)[0] if "/" in src_uri else ""

    def inline(match: re.Match[str], whole: str) -> str:
        name = match.group("src").rsplit("/", 1)[-1]
        svg = diagrams.get(f"{base}/{name}" if base else name)
        if not svg:
            return whole
        if 'class="kpi-tree-diagram"' not in svg[:300]:
            return f'<figure class="proposal-diagram">{svg}</figure>'
        # A KPI tree is shown at its own size (never shrunk into the column) and scrolls inside
        # its figure, which the keyboard reaches too (tabindex); the plan's own tree also takes
        # the table of contents' width, the progress page keeps its contents.
        wide = " proposal-diagram--wide" if name == "kpi-tree.svg" else ""
        return f'<figure class="proposal-diagram proposal-diagram--tree{wide}" tabindex="0">{svg}</figure>'

    out: list[str] = []
    done = 0  # where the text not yet copied starts
    for match in _IMG.finditer(output):
        start, end = match.span()
        if start < done:  # inside a paragraph already replaced
            continue
        opened = _PARA_OPEN.search(output, done, start)
        closed = _PARA_CLOSE.match(output, end) if opened else None
        if opened and closed:
            start, end = opened.start(), closed.end()
        out += [output[done:start], inline(match, output[start:end])]
        done = end
    out.append(output[done:])
    return "".join(out)


def finish(output: str, shared_assets: str | None, src_uri: str = "") -> str:
    """The validator repairs, theme assets pointed at the one shared copy, and the page's own
    language where it is not the site's (the English guide under en/ in a Japanese home)."""
    output = htmlfix.tidy(output)
    own = "en" if src_uri.startswith("en/") else "ja" if src_uri.startswith("guide/") else None
    if own:  # the guide is written in both languages whatever the home's is
        output = re.sub(r'<html lang="[a-zA-Z-]+"', f'<html lang="{own}"', output, count=1)
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


def not_found(language: str) -> str:
    """The 404 page of a proposal's own site. A host serves it at any depth below the
    proposal (under a client's secret path too), where the theme's root-relative links and
    stylesheets would point at the host's root: so it links nothing and styles itself."""
    t = labels(language if language in ("ja", "en") else "ja")
    return (
        f'<!doctype html>\n<html lang="{t.language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{escape(t.not_found_title)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;"
        "min-height:100vh;color:#0f172a;background:#fff}main{max-width:32rem;padding:1.5rem}"
        "@media (prefers-color-scheme:dark){body{color:#e2e8f0;background:#0f172a}}</style>\n"
        f"</head>\n<body>\n<main>\n<h1>{escape(t.not_found_title)}</h1>\n"
        f"<p>{escape(t.not_found_text)}</p>\n</main>\n</body>\n</html>\n"
    )
