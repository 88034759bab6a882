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
    """Each text of a slide as written, without the line breaks set between its phrases."""
    return [shape.text_frame.text.replace("\x0b", "") for shape in slide.shapes if shape.has_text_frame]


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
    # A large tree is an overview and a slide per branch: every node is on one of them.
    indexes = [i for i, s in enumerate(slides) if s.tree]
    shown = [Presentation(str(pptx)).slides[i] for i in indexes]
    words = "\n".join(w for slide in shown for w in texts(slide))
    report = report_of(PROPOSALS / "lumiere-cosmetics.yaml")
    for node in report.solution.nodes():
        assert node.label in words and node.shown("ja", compact=True) in words
    assert "逆算" in words  # computed values are marked, as on the site
    connectors = [
        s for slide in shown for s in slide.shapes if type(s).__name__ == "Connector" and s.begin_x != s.end_x
    ]
    assert len(connectors) >= len(report.solution.nodes()) - 1


def test_the_target_path_is_a_native_line_chart(decks):
    pptx, _, slides = decks["ledgerly-b2b"]
    index = next(i for i, s in enumerate(slides) if s.chart)
    charts = [s for s in Presentation(str(pptx)).slides[index].shapes if s.has_chart]
    (chart,) = charts
    values = list(chart.chart.plots[0].series[0].values)
    assert values == [value for _, value in slides[index].chart]
    assert values[-1] == 80
    # The axis writes the KGI as the pages do (a count here), never a bare 0/1 or a lost unit.
    assert chart.chart.value_axis.tick_labels.number_format == "#,##0"


def test_the_charts_axis_carries_the_kgis_unit_and_a_rate_reads_in_per_cent():
    from generator.render.deck.slides_run import chart_format

    def axis(slug: str) -> str:
        report = report_of(PROPOSALS / f"{slug}.yaml")
        assert report.solution is not None
        return chart_format(report.solution.root, report.plan.language)

    assert axis("lumiere-cosmetics") == '#,##0"円"'  # money, as 月198万円's pages write yen
    assert axis("kurumi-ramen") == '#,##0"件"'
    assert axis("northfield-coffee") == "0%"  # a rate KGI: 0%–100%, not 0 and 1


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


@pytest.mark.office
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


# ---------------------------------------------------------------------------- issue 26: a deck a strategist sends as it is


def test_the_same_plan_gives_the_same_pptx_bytes(tmp_path):
    report = report_of(PROPOSALS / "kurumi-ramen.yaml")
    first = write_deck(report, tmp_path / "a", DeckOptions(), ("pptx",))[0].read_bytes()
    second = write_deck(report, tmp_path / "b", DeckOptions(), ("pptx",))[0].read_bytes()
    assert first == second


def test_titles_sit_in_the_layouts_title_placeholder_and_points_are_real_bullets(decks):
    pptx, _, slides = decks["kurumi-ramen"]
    deck = Presentation(str(pptx))
    for slide, spec in zip(deck.slides, slides, strict=True):
        assert slide.shapes.title is not None
        assert slide.shapes.title.text_frame.text.replace("\x0b", "") == spec.title
        for shape in slide.shapes:
            if shape.has_text_frame:
                assert not any(p.text.startswith("• ") for p in shape.text_frame.paragraphs)
    # The persona: its sentence and each habit on the slide, in shapes of their own.
    persona = next(i for i, s in enumerate(slides) if s.kind == "persona")
    words = texts(deck.slides[persona])
    assert slides[persona].lead in words
    assert all(card.text in "\n".join(words) for card in slides[persona].cards)
    # Points beside a chart carry a bullet of the paragraph's own, with a hanging indent.
    situation = next(i for i, s in enumerate(slides) if s.kind == "situation" and s.bullets and s.bars)
    xml = "".join(shape._element.xml for shape in deck.slides[situation].shapes if shape.has_text_frame)
    assert "<a:buChar" in xml and 'indent="-' in xml


def test_points_alone_go_into_the_layouts_body_placeholder(tmp_path):
    from generator.analysis.report import analyse
    from generator.plans.load import parse_plan
    from tests.test_doctor import GOOD

    plan = GOOD + "situation:\n  issues: [一つ目の課題, 二つ目の課題, 三つ目の課題, 四つ目の課題]\n"
    report = analyse(parse_plan(plan, "s", "proposals/s.yaml"))
    slides = build_slides(report, proposal_view(report, internal=False))
    index = next(i for i, s in enumerate(slides) if s.kind == "issues")
    pptx, _ = write_deck(report, tmp_path, DeckOptions())
    body = [ph for ph in Presentation(str(pptx)).slides[index].placeholders if ph.placeholder_format.idx == 1]
    assert body and body[0].text_frame.text.replace("\x0b", "").split("\n")[0] == slides[index].bullets[0]


def test_the_situation_compares_like_with_like(decks):
    _, _, slides = decks["kurumi-ramen"]
    title = next(s.title for s in slides if s.kind == "situation")
    # Instagram against Instagram: 6,800 and 41,000 — not 6,800 + 12,000 LINE friends.
    assert title.startswith("Instagramのフォロワーは自社6,800人、競合C(博多豚骨チェーン)は4.1万人")
    assert "1.9万" not in title and "18,800" not in title


def test_numbers_in_titles_say_what_they_count_and_axes_name_the_year(decks):
    _, _, slides = decks["kurumi-ramen"]
    roadmap = next(s for s in slides if s.kind == "roadmap")
    assert roadmap.title.startswith("ネット予約・整理券の発行数") and "件" in roadmap.title
    assert roadmap.chart[0][0] == "2027年1月" and "/" not in "".join(label for label, _ in roadmap.chart)
    _, _, english = decks["northfield-coffee"]
    months = [label for label, _ in next(s for s in english if s.kind == "roadmap").chart]
    assert months[0].endswith("2027") and not any("/" in m for m in months)


def test_a_custom_count_carries_its_unit_label(tmp_path, write_plan):
    from tests.test_doctor import GOOD

    plan = GOOD.replace(
        "kgi: {metric: ec_revenue, target: 3000000, unit: JPY, per: month, baseline: 1000000, by: 2027-12}",
        "kgi: {id: showroom_visits, label: ショールーム来場, unit_label: 件, target: 3000, per: month, by: 2027-12}",
    )
    report = report_of(write_plan(plan))
    view = proposal_view(report, internal=False)
    assert view.kgi.amount == "月3,000件"


def test_figures_in_deck_tables_never_wrap(decks):
    from generator.render.deck.fit import text_width

    for slug in ("kurumi-ramen", "lumiere-cosmetics", "northfield-coffee"):
        pptx, _, slides = decks[slug]
        deck = Presentation(str(pptx))
        for slide, spec in zip(deck.slides, slides, strict=True):
            if spec.table is None:
                continue
            grid = next(shape.table for shape in slide.shapes if shape.has_table)
            for c, numeric in enumerate(spec.table.numeric):
                if not numeric:
                    continue
                for r in range(len(spec.table.rows) + 1):
                    cell = grid.cell(r, c)
                    size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
                    room = grid.columns[c].width / 914400 * 72 - 12
                    assert text_width(cell.text_frame.text, size, bold=r == 0) <= room, (
                        slug,
                        cell.text_frame.text,
                    )


def test_the_measurement_slide_shows_the_utm_tags(decks):
    _, _, slides = decks["kurumi-ramen"]
    measurement = next(s for s in slides if s.kind == "measurement")
    assert measurement.table is not None and "utm_source" in measurement.table.header
    assert any(row[-1] == "story_link" for row in measurement.table.rows)


def test_an_agencys_template_carries_the_slides(tmp_path):
    from pptx.util import Pt

    # The agency's master: its title style and a mark on the layout every content slide uses.
    template = Presentation()
    layout = template.slide_layouts[1]
    # A layout has no add_textbox: copy a text box made on a slide into the layout's shape tree.
    scratch = template.slides.add_slide(template.slide_layouts[6])
    mark = scratch.shapes.add_textbox(Emu(0), Emu(0), Emu(914400), Emu(300000))
    mark.text_frame.text = "AGENCY-MASTER-MARK"
    layout.shapes._spTree.append(mark._element)
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "an example slide to drop"
    template.slide_masters[0].placeholders[0].text_frame.paragraphs[0].font.size = Pt(30)
    path = tmp_path / "agency.pptx"
    template.save(str(path))
    report = report_of(PROPOSALS / "kurumi-ramen.yaml")
    (pptx,) = write_deck(report, tmp_path / "out", DeckOptions(template=path), ("pptx",))
    deck = Presentation(str(pptx))
    slides = build_slides(report, proposal_view(report, internal=False))
    assert len(deck.slides) == len(slides)  # the template's own example slide is gone
    content = deck.slides[1]
    assert content.slide_layout.name == layout.name
    assert any(
        shape.has_text_frame and shape.text_frame.text == "AGENCY-MASTER-MARK"
        for shape in content.slide_layout.shapes
    )
    assert content.shapes.title.text_frame.text == slides[1].title


def test_a_template_that_is_no_pptx_is_one_line(tmp_path):
    from tests.conftest import copy_workspace

    root = copy_workspace(tmp_path / "ws")
    (root / "agency.pptx").write_text("not a deck", encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "proposals_dir: proposals\n", "proposals_dir: proposals\n      deck_template: agency.pptx\n"
        ),
        "utf-8",
    )
    result = run_proposals("deck", "kurumi-ramen", "--format", "pptx", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "deck_template" in result.stderr
