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


def test_a_deck_is_new_when_its_logo_or_template_bytes_change_under_the_same_name(tmp_path: Path) -> None:
    logo, template = tmp_path / "logo.png", tmp_path / "brand.pptx"
    logo.write_bytes(b"one")
    template.write_bytes(b"masters")
    brand = Brand("#123456", "Agency", logo)

    def key() -> str:
        return pptx_key([], "ja", brand, {}, template, "", None)

    before = key()
    assert key() == before
    logo.write_bytes(b"two")
    after_logo = key()
    template.write_bytes(b"other masters")
    assert len({before, after_logo, key()}) == 3
    assert pptx_key([], "en", brand, {}, template, "", None) != key()
    assert pptx_key([], "ja", Brand("#654321", "Agency", logo), {}, template, "", None) != key()
