"""Typeset PDFs and written decks kept by what they were made from: the same document is not
made twice, and any change to what it shows — its HTML, a picture's bytes, the logo's or the
template's bytes behind an unchanged name — makes a new one."""

from __future__ import annotations

from pathlib import Path

from generator.render.deck.build import pptx_key
from generator.render.deck.pptx_style import Brand
from generator.render.print.pdfcache import typeset_once


def test_a_document_is_typeset_once_and_again_when_anything_it_shows_changes(tmp_path: Path) -> None:
    made: list[str] = []

    def make(html: str):  # type: ignore[no-untyped-def]
        def typeset(notes: list[str]) -> bytes:
            made.append(html)
            notes.append("a.yaml: no installed font can draw U+1F600")
            return f"%PDF {html} {len(made)}".encode()

        return typeset

    cache = tmp_path / "cache"
    first_notes: list[str] = []
    first = typeset_once("<p>a</p>", {"x.svg": b"1"}, "a.yaml", first_notes, cache, make("<p>a</p>"))
    again_notes: list[str] = []
    again = typeset_once("<p>a</p>", {"x.svg": b"1"}, "a.yaml", again_notes, cache, make("<p>a</p>"))
    assert again == first and len(made) == 1 and again_notes == first_notes
    typeset_once("<p>a</p>", {"x.svg": b"2"}, "a.yaml", None, cache, make("<p>a</p>"))  # a picture changed
    typeset_once("<p>b</p>", {"x.svg": b"1"}, "a.yaml", None, cache, make("<p>b</p>"))
    assert len(made) == 3
    typeset_once("<p>a</p>", {"x.svg": b"1"}, "a.yaml", None, None, make("<p>a</p>"))  # no cache: made
    assert len(made) == 4


def test_a_deck_is_new_when_its_logo_or_template_bytes_change_under_the_same_name() -> None:
    def key(
        logo: bytes = b"one", template: bytes = b"masters", colour: str = "#123456", lang: str = "ja"
    ) -> str:
        return pptx_key([], lang, Brand(colour, "Agency", logo, "logo.png"), {}, template, "", None)

    before = key()
    assert key() == before
    assert len({before, key(logo=b"two"), key(template=b"other masters")}) == 3
    assert key(lang="en") != before
    assert key(colour="#654321") != before
