"""Diagrams are inlined exactly where the one-pattern version of the rule put them: an
image alone in its paragraph replaces the paragraph, any other SVG image only itself."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.engine.postprocess import inline_diagrams

# The rule as one regular expression (how it was first written): the reference.
_RULE = re.compile(r'(?P<para><p>\s*)?<img\b[^>]*\bsrc="(?P<src>[^"]+\.svg)"[^>]*>(?(para)\s*</p>)')
DIAGRAMS = {"kpi-tree.svg": '<svg class="kpi-tree-diagram">T</svg>', "a.svg": "<svg>A</svg>"}


def _reference(output: str) -> str:
    def inline(match: re.Match[str]) -> str:
        name = match.group("src").rsplit("/", 1)[-1]
        svg = DIAGRAMS.get(name)
        if not svg:
            return match.group(0)
        if 'class="kpi-tree-diagram"' not in svg[:300]:
            return f'<figure class="proposal-diagram">{svg}</figure>'
        wide = " proposal-diagram--wide" if name == "kpi-tree.svg" else ""
        return f'<figure class="proposal-diagram proposal-diagram--tree{wide}" tabindex="0">{svg}</figure>'

    return _RULE.sub(inline, output)


PIECES = [
    "<p>", "</p>", " ", "\n", "\u3000", "text", "<img", ">", ' src="a.svg"', ' src="kpi-tree.svg"',
    ' src="b.svg"', ' src="logo.png"', ' alt="x"', "<p><img src=\"a.svg\"></p>", '<img src="a.svg" alt="A">',
    "<pre>", "<img/>", '"', "<imgs src=\"a.svg\">",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_inlining_agrees_with_the_rule_written_as_one_pattern(pieces: list[str]) -> None:
    page = "".join(pieces)
    assert inline_diagrams(page, "kpi.md", DIAGRAMS) == _reference(page)


def test_an_image_alone_in_its_paragraph_replaces_it_and_one_beside_text_stays_in_it() -> None:
    page = '<p>\n<img alt="tree" src="kpi-tree.svg" />\n</p><p>See <img src="a.svg"> here</p>'
    assert inline_diagrams(page, "kpi.md", DIAGRAMS) == (
        '<figure class="proposal-diagram proposal-diagram--tree proposal-diagram--wide" tabindex="0">'
        '<svg class="kpi-tree-diagram">T</svg></figure>'
        '<p>See <figure class="proposal-diagram"><svg>A</svg></figure> here</p>'
    )


# Pointing theme assets at the shared copy, as one pattern (how it was first written).
_ASSET_REF = re.compile(r"""(?P<lead>["'(])(?P<up>(?:\.\./)*)assets/""")
ASSET_PIECES = ['"', "'", "(", "../", ".", "/", "assets/", "asset", "s/", "x", '"assets/', "(../assets/"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(ASSET_PIECES), max_size=25), st.sampled_from(["..", "../..", "../"]))
def test_shared_assets_are_pointed_at_as_the_one_pattern_rule_says(pieces: list[str], prefix: str) -> None:
    from generator.render.site.assets import share

    page = "".join(pieces)
    up = prefix.rstrip("/") + "/"
    expected = _ASSET_REF.sub(lambda m: f"{m.group('lead')}{up}{m.group('up')}assets/", page)
    assert share(page, prefix) == expected


CSP_PIECES = [
    b"<script>", b"<SCRIPT type=module>", b"</script>", b"</Script>", b"<style>", b"</style>", b"<STYLE>",
    b"<p", b"<td", b" ", b"\n", b">", b"<", b' style="a"', b" style='b'", b"style", b' style=x', b"=",
    b'"', b"'", b"x", b"<script src=s>", b"\xe3\x81\x82", b' title="style=1"',
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(CSP_PIECES), max_size=30))
def test_inline_hashes_are_those_of_every_match_over_the_whole_page(pieces: list[bytes]) -> None:
    from generator.output import hosting

    page = b"".join(pieces)
    assert hosting.page_hashes(page) == _page_hashes_by_scanning(page)


def _page_hashes_by_scanning(html: bytes) -> object:
    """The function as first written: every pattern over the whole page."""
    from generator.output import hosting

    scripts = set()
    for match in hosting._SCRIPT.finditer(html):
        attrs = match["attrs"]
        if re.search(rb"\bsrc\s*=", attrs, re.I):
            continue
        kind = hosting._TYPE.search(attrs)
        if (kind[1].lower() if kind else b"") not in hosting._EXECUTABLE:
            continue
        scripts.add(hosting._source(match["body"]))
    styles = {hosting._source(match["body"]) for match in hosting._STYLE.finditer(html)}
    for match in hosting._STYLE_ATTR.finditer(html):
        value = match["dq"] if match["dq"] is not None else match["sq"]
        styles.add(hosting._source(hosting.html_unescape(value)))
    return hosting.Inline(frozenset(scripts), frozenset(styles))
