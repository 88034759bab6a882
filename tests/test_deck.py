"""The pitch deck: a 16:9 PDF and an editable PowerPoint from the same slides, read back with
python-pptx and rendered with LibreOffice and poppler, as a client's machine would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from generator.render.deck.build import DeckOptions, write_deck
from generator.render.deck.fit import LINE_HEIGHT, lines_needed
from generator.render.deck.slides import build_slides
from generator.render.views.proposal import proposal_view
from tests.conftest import PROPOSALS, report_of, run_proposals

SLUGS = sorted(p.stem for p in PROPOSALS.glob("*.yaml"))
WIDE, TALL = Emu(12192000), Emu(6858000)  # 13.333 in x 7.5 in


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, list]]:
    out = tmp_path_factory.mktemp("decks")
    found = {}
    for slug in SLUGS:
        report = report_of(PROPOSALS / f"{slug}.yaml")
        pptx, pdf = write_deck(report, out, DeckOptions())
        found[slug] = (pptx, pdf, build_slides(report, proposal_view(report, internal=False)))
    return found


def texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_example_has_a_16_9_deck_with_a_message_on_every_slide(decks, slug):
    pptx, pdf, slides = decks[slug]
    deck = Presentation(str(pptx))
    assert (deck.slide_width, deck.slide_height) == (WIDE, TALL)
    assert len(deck.slides) == len(slides) >= 8
    for slide, spec in zip(deck.slides, slides, strict=True):
        assert spec.title in texts(slide), spec.title
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(slides)}" in info
    assert "959.9" in info and " x 540 pts" in info  # 16:9


def test_the_tree_is_native_shapes_with_labels_and_values(decks):
    pptx, _, slides = decks["lumiere-cosmetics"]
    index = next(i for i, s in enumerate(slides) if s.tree)
    slide = Presentation(str(pptx)).slides[index]
    words = "\n".join(texts(slide))
    report = report_of(PROPOSALS / "lumiere-cosmetics.yaml")
    for node in report.solution.nodes():
        assert node.label in words and node.shown("ja", compact=True) in words
    assert "逆算" in words  # computed values are marked, as on the site
    connectors = [s for s in slide.shapes if type(s).__name__ == "Connector" and s.begin_x != s.end_x]
    assert len(connectors) >= len(report.solution.nodes()) - 1


def test_the_target_path_is_a_native_line_chart(decks):
    pptx, _, slides = decks["ledgerly-b2b"]
    index = next(i for i, s in enumerate(slides) if s.chart)
    charts = [s for s in Presentation(str(pptx)).slides[index].shapes if s.has_chart]
    (chart,) = charts
    values = list(chart.chart.plots[0].series[0].values)
    assert values == [value for _, value in slides[index].chart]
    assert values[-1] == 80


@pytest.mark.parametrize("slug", ["lumiere-cosmetics", "ledgerly-b2b"])
def test_every_run_names_the_east_asian_font_and_every_box_holds_its_text(decks, slug):
    pptx, _, _ = decks[slug]
    for slide in Presentation(str(pptx)).slides:
        for shape in slide.shapes:
            if (
                not shape.has_text_frame
                or shape.shape_type is None
                or "TEXT_BOX" not in str(shape.shape_type)
            ):
                continue
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    east_asian = run._r.get_or_add_rPr().find(qn("a:ea"))
                    assert east_asian is not None and east_asian.get("typeface") == "Noto Sans CJK JP"
            sizes = [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs if r.font.size]
            width = Emu(shape.width).inches * 72 - 7
            used = sum(
                lines_needed(p.text, size, width, bold=bool(p.runs[0].font.bold)) * size * LINE_HEIGHT
                for p, size in zip(shape.text_frame.paragraphs, sizes, strict=False)
            )
            assert used <= Emu(shape.height).inches * 72 * 1.15, (slug, shape.text_frame.text[:40])


def test_the_theme_fonts_are_japanese_ready(decks):
    import zipfile

    pptx, _, _ = decks["kurumi-ramen"]
    theme = zipfile.ZipFile(pptx).read("ppt/theme/theme1.xml").decode("utf-8")
    assert theme.count('<a:ea typeface="Noto Sans CJK JP"') == 2  # headings and body


def test_notes_carry_the_detail(decks):
    pptx, _, slides = decks["lumiere-cosmetics"]
    deck = Presentation(str(pptx))
    tree = next(i for i, s in enumerate(slides) if s.tree)
    assert "SNS経由のサイト流入数" in deck.slides[tree].notes_slide.notes_text_frame.text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")
@pytest.mark.parametrize("slug", ["kurumi-ramen", "ledgerly-b2b"])
def test_libreoffice_opens_it_and_nothing_leaves_its_slide(decks, tmp_path, slug):
    pptx, _, slides = decks[slug]
    result = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(pptx)],
        capture_output=True,
        text=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / f"{slug}-deck.pdf"
    assert pdf.is_file(), result.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(slides)}" in info
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    import re

    for x_min, y_min, x_max, y_max in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', bbox
    ):
        assert float(x_min) >= 0 and float(y_min) >= 0 and float(x_max) <= 960.5 and float(y_max) <= 540.5
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in fonts.replace(" ", "") and " no " not in fonts.split("\n", 2)[-1].replace(
        "yes no", ""
    )
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert slides[2].title.split("。")[0][:6] in words.replace("\n", "")


def test_deck_command_writes_both_and_refuses_an_unknown_format(tmp_path):
    from tests.conftest import copy_workspace

    root = copy_workspace(tmp_path / "ws")
    result = run_proposals("deck", "kurumi-ramen", cwd=root, timeout=300)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (root / "deck").iterdir()} == {
        ".proposals-files.json",  # the folder's register of what the command wrote
        "kurumi-ramen-deck.pdf",
        "kurumi-ramen-deck.pptx",
    }
    bad = run_proposals("deck", "--format", "key", cwd=root)
    assert bad.returncode == 2 and "--format takes pdf, pptx" in bad.stderr


BIG_TREE = """
client: {name: Sample}
language: en
purpose: sales
period: {start: 2027-01, months: 12}
kgi: {metric: sns_sessions, target: 50000, per: month, baseline: 20000, by: 2027-12}
kpi_tree:
  op: sum
  children:
"""


def test_a_tree_too_big_for_one_slide_becomes_an_overview_and_a_slide_per_branch(tmp_path):
    from generator.analysis.report import analyse
    from generator.plans.load import parse_plan

    platforms = ["instagram", "x", "tiktok", "facebook", "threads"]
    branches = "".join(
        f"    - metric: sns_sessions\n      platform: {p}\n      op: product\n      children:\n"
        f"        - {{metric: link_clicks, platform: {p}}}\n        - {{metric: landing_rate, platform: {p}, target: 80%}}\n"
        for p in platforms
    )
    branches = branches.replace(
        "metric: sns_sessions\n      platform: instagram",
        "metric: sns_sessions\n      platform: instagram\n      target: 10000",
        1,
    )
    report = analyse(parse_plan(BIG_TREE + branches, "big", "proposals/big.yaml"))
    slides = build_slides(report, proposal_view(report, internal=False))
    trees = [s for s in slides if s.tree is not None]
    assert len(trees) == 1 + len(platforms)
    assert len(trees[0].tree.nodes()) == 1 + len(platforms)  # the overview: the goal and its parts
    pptx, _ = write_deck(report, tmp_path, DeckOptions())
    deck = Presentation(str(pptx))
    for i, spec in enumerate(slides):
        if spec.tree is not None:
            words = "\n".join(texts(deck.slides[i]))
            assert all(node.label in words for node in spec.tree.nodes())
