"""Small, exact repairs to the theme's HTML so every page passes the Nu HTML checker.

Each repair names the validator error it removes; none touches page content.
"""

from __future__ import annotations

import re

# "Attribute autocomplete is only allowed when the input type is …": Material's toggles.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="(?:checkbox|radio)"[^>]*?)\s+autocomplete="off"')
_AUTOCOMPLETE_FIRST = re.compile(r'(<input\b[^>]*?)\s+autocomplete="off"([^>]*\btype="(?:checkbox|radio)")')
# "The value of the for attribute of the label element must be the ID of a … form control":
# the table-of-contents label on pages whose nav entry renders no toggle.
_TOC_LABEL = re.compile(r'(<label\b[^>]*?)\s+for="__toc"')


# axe "aria-dialog-name": Material's search dialog has no accessible name; give it the
# search field's own label, which the theme has already translated.
_SEARCH_DIALOG = re.compile(
    r'(<div class="md-search" data-md-component="search" role="dialog")(?![^>]*aria-label)'
)
_SEARCH_LABEL = re.compile(r'<input[^>]*class="md-search__input"[^>]*aria-label="([^"]*)"')


# axe "label-content-name-mismatch": Material's version selector is a button whose text is the
# version's title (「v3(2026-12-05)」) but whose aria-label is the words "select version", so
# a voice user who says what they see reaches nothing. Without the label the button is named
# by its text, which says which version is open; the list it opens names every version.
_VERSION_LABEL = re.compile(r'("select\.version":\s*)"[^"]*"')


def tidy(html: str) -> str:
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)
    html = _AUTOCOMPLETE_FIRST.sub(r"\1\2", html)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r"\1", html)
    html = _VERSION_LABEL.sub(r'\1""', html, count=1)
    label = _SEARCH_LABEL.search(html)
    if label:
        html = _SEARCH_DIALOG.sub(lambda m: f'{m.group(1)} aria-label="{label.group(1)}"', html, count=1)
    return html
