"""How the slides are laid out, measured on the rendered pages: every slide uses its body
(charts and cards, not a short list in the top third), lines break between phrases, and
the PowerPoint, rendered by LibreOffice, matches the PDF deck slide for slide."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from generator.locale.phrases import lines, phrased, phrases
from generator.render.deck.build import DeckOptions, write_deck
from generator.render.deck.slides import build_slides
from generator.render.views.proposal import proposal_view
from tests.conftest import PROPOSALS, report_of

SLUGS = sorted(p.stem for p in PROPOSALS.glob("*.yaml"))
BODY = (1.95 / 7.5, 6.9 / 7.5)
"""The body of a slide, under its title and above its footer, as shares of its height."""
INK = 235
"""A pixel darker than this (of 255) carries ink; the cards' pale fill does not."""


def pages(pdf: Path, out: Path, dpi: int = 20) -> list[Image.Image]:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(out / "p")], check=True)
    return [Image.open(f).convert("L") for f in sorted(out.glob("p-*.png"))]


def inked(page: Image.Image) -> tuple[float, float, float, float] | None:
    """The box around the ink in a slide's body, as shares of the slide (left, top, right,
    bottom); None when the body is blank."""
    width, height = page.size
    top, bottom = int(height * BODY[0]), int(height * BODY[1])
    margin = int(width * 0.03)
    body = page.crop((margin, top, width - margin, bottom)).point(lambda v: 255 if v < INK else 0)
    box = body.getbbox()
    if box is None:
        return None
    left, upper, right, lower = box
    return (
        (left + margin) / width,
        (upper + top) / height,
        (right + margin) / width,
        (lower + top) / height,
    )


def fill(page: Image.Image) -> float:
    """How far down the body the ink reaches (0 at the title, 1 at the footer)."""
    box = inked(page)
    return 0.0 if box is None else (box[3] - BODY[0]) / (BODY[1] - BODY[0])


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, list]]:
    out = tmp_path_factory.mktemp("layout")
    found = {}
    for slug in SLUGS:
        report = report_of(PROPOSALS / f"{slug}.yaml")
        pptx, pdf = write_deck(report, out, DeckOptions())
        found[slug] = (pptx, pdf, build_slides(report, proposal_view(report, internal=False)))
    return found


# ---------------------------------------------------------------------------- phrases


def test_japanese_breaks_between_phrases_never_inside_a_word_or_a_number():
    title = "ルミエール化粧品 SNS経由EC売上拡大のご提案"
    assert "ご提案" in phrases(title)  # 「ご提/案」 was the cover's last line
    assert "".join(phrases(title)) == title
    dated = "2026年12月10日の「ご提案内容の確認とお見積りの確定」から始めます"
    assert phrases(dated)[0].startswith("2026年12月10日")  # BudouX alone cuts 「202/6年」
    assert any(p.startswith("(敏感肌ブランド)") for p in phrases("競合A社(敏感肌ブランド)は1.8万人"))
    assert all(piece in ("リーチ数",) for piece in phrases("リーチ数"))
    set_ = lines("SNS経由のEC売上3,000,000円を目指します", lambda s: len(s) <= 12)
    assert "".join(set_) == "SNS経由のEC売上3,000,000円を目指します"
    assert not any(line.startswith(("円", "000")) for line in set_)


def test_a_last_line_of_one_or_two_characters_takes_a_phrase_from_the_line_above():
    set_ = lines("お客様の声をご紹介する投稿を月に四本お届けします", lambda s: len(s) <= 22)
    assert len(set_[-1]) > 2


def test_phrases_are_escaped_and_english_is_left_as_it_is():
    marked = phrased("<b>リーチ数</b>を伸ばす")
    assert "<b>" not in marked and "&lt;b&gt;" in marked
    assert '<span class="ph">' in marked
    assert str(phrased("Link clicks & saves")) == "Link clicks &amp; saves"


# ---------------------------------------------------------------------------- the PDF deck


@pytest.mark.parametrize("slug", SLUGS)
def test_every_slide_uses_its_body(decks, tmp_path, slug):
    _, pdf, slides = decks[slug]
    rendered = pages(pdf, tmp_path)
    assert len(rendered) == len(slides)
    for page, spec in zip(rendered, slides, strict=True):
        if spec.kind == "cover":
            continue
        # Before, a purpose, persona, team or next-step slide stopped at a quarter of its body.
        assert fill(page) >= 0.55, (slug, spec.kind, round(fill(page), 2))


def test_figures_that_compare_are_bars_on_their_own_scale(decks):
    _, _, slides = decks["lumiere-cosmetics"]
    content = next(s for s in slides if s.kind == "content")
    assert content.bars is not None and content.table is None
    shares = [b.value for _, group in content.bars.groups for b in group]
    assert shares == sorted(shares, reverse=True) or len(shares) > 1
    situation = next(s for s in slides if s.kind == "situation")
    assert situation.bars is not None
    names = [name for name, _ in situation.bars.groups]
    assert names == ["Instagram", "TikTok"]  # followers on one platform, never beside another's
    for _, group in situation.bars.scaled():
        assert max(share for _, share in group) == 1.0
    fees = next(s for s in slides if s.kind == "fees")
    assert fees.bars is not None and fees.bars.footer  # the totals a client looks for, under the bars


def test_a_tree_is_split_until_each_slide_draws_it_at_a_readable_size(decks, tmp_path):
    from generator.render.deck.slides_tree import MAX_TREE_DEPTH, MAX_TREE_LEAVES

    for slug in SLUGS:
        _, _, slides = decks[slug]
        for spec in slides:
            if spec.tree is None or not spec.tree.root.children:
                continue
            leaves = [n for n in spec.tree.root.walk() if not n.children]
            fanned = len(spec.tree.root.children) > MAX_TREE_LEAVES  # an overview of many parts
            assert fanned or len(leaves) <= MAX_TREE_LEAVES, (slug, spec.title)
    # The branch that was drawn at two thirds of its size now fills the slide at full size or more.
    pptx, _, slides = decks["lumiere-cosmetics"]
    from pptx import Presentation

    deck = Presentation(str(pptx))
    for index, spec in enumerate(slides):
        if spec.tree is None:
            continue
        sizes = [
            run.font.size.pt
            for shape in deck.slides[index].shapes
            if shape.has_text_frame
            for p in shape.text_frame.paragraphs
            for run in p.runs
            if run.font.size and run.text.strip() and shape.text_frame.text != spec.title
        ]
        assert min(sizes) >= 8, (spec.title, min(sizes))
    assert MAX_TREE_DEPTH >= 3


# ---------------------------------------------------------------------------- the PowerPoint, rendered


@pytest.fixture(scope="module")
def rendered(decks, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list, list, str, list]]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is installed by make test")
    out = tmp_path_factory.mktemp("office")
    found = {}
    for slug in ("kurumi-ramen", "lumiere-cosmetics"):
        pptx, pdf, slides = decks[slug]
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(pptx)],
            capture_output=True,
            timeout=300,
            env={"HOME": str(out), "PATH": "/usr/bin:/bin"},
            check=False,
        )
        office = out / f"{slug}-deck.pdf"
        assert office.is_file()
        words = subprocess.run(["pdftotext", str(office), "-"], capture_output=True, text=True, check=True)
        found[slug] = (
            pages(pdf, out / f"{slug}-pdf"),
            pages(office, out / f"{slug}-pptx"),
            words.stdout,
            slides,
        )
    return found


@pytest.mark.office
@pytest.mark.parametrize("slug", ["kurumi-ramen", "lumiere-cosmetics"])
def test_the_powerpoint_matches_the_pdf_deck_slide_for_slide(rendered, slug):
    pdf_pages, pptx_pages, words, slides = rendered[slug]
    assert len(pdf_pages) == len(pptx_pages) == len(slides)
    flat = re.sub(r"\s+", "", words)
    for number, (ours, office, spec) in enumerate(zip(pdf_pages, pptx_pages, slides, strict=True), 1):
        assert re.sub(r"\s+", "", spec.title) in flat, (number, spec.title)
        if spec.kind == "cover":
            continue
        a, b = inked(ours), inked(office)
        assert a is not None and b is not None, (number, spec.kind)
        # The same body, used as far: the ink's box on one overlaps the other's by most of it.
        overlap = max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
        union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - overlap
        assert overlap / union >= 0.6, (number, spec.kind, a, b)
        assert fill(office) >= 0.55, (number, spec.kind, fill(office))
