"""The plan's own roadmap phases, content calendar and pictures, on the pages, in the PDF and
on the slides; a picture that is no picture is one line, never a broken document."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from generator.render.deck.build import DeckOptions, write_deck
from generator.render.deck.slides import build_slides
from generator.render.views.proposal import proposal_view
from tests.conftest import PROPOSALS, report_of, run_proposals, workspace_with

EXTRA = """roadmap:
  phases:
    - {name: 整備, months: 2, aims: [12店舗のプロフィールをそろえる], campaigns: 口コミ返信キャンペーン}
    - {name: 伸ばす, months: 2027-03..2027-08, aims: 予約導線の改善}
images:
  - {path: shop.jpg, alt: "天神店の外観と<行列>", where: cover}
  - {path: persona.png, alt: 昼休みにスマホで店を探す会社員, where: persona}
"""
CALENDAR = "content:\n  calendar:\n    - {week: 2027-W10, posts: 新店舗オープン}\n    - {month: 2027-02, posts: [バレンタイン限定の一杯]}\n"


def plan_with_sections(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 800), (200, 120, 60)).save(folder / "shop.jpg")
    Image.new("RGB", (600, 600), (60, 120, 200)).save(folder / "persona.png")
    text = (PROPOSALS / "kurumi-ramen.yaml").read_text(encoding="utf-8")
    text = text.replace("content:\n", CALENDAR, 1) + EXTRA
    path = folder / "kurumi-ramen.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_plans_own_phases_and_calendar(tmp_path):
    report = report_of(plan_with_sections(tmp_path / "proposals"))
    view = proposal_view(report, internal=False)
    phases = view.roadmap.phases
    assert [p.name for p in phases] == ["整備", "伸ばす"]
    assert phases[0].months == "2027年1月〜2月" and phases[0].campaigns == "口コミ返信キャンペーン"
    assert phases[1].months == "2027年3月〜8月"
    # In time order, a week named by its Monday.
    assert [c.when for c in view.content.calendar] == ["2027年2月", "第10週(2027年3月8日〜)"]
    kinds = [s.kind for s in build_slides(report, view)]
    assert "phases" in kinds and "calendar" in kinds


def test_without_phases_the_usual_three_remain():
    view = proposal_view(report_of(PROPOSALS / "kurumi-ramen.yaml"), internal=False)
    assert [p.name for p in view.roadmap.phases] == ["立ち上げ", "成長", "拡大"]


def test_pictures_on_the_page_the_pdf_and_the_slides(tmp_path):
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",))
    plan_with_sections(root / "proposals")
    result = run_proposals("build", cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "kurumi-ramen" / "index.html").read_text(encoding="utf-8")
    assert '<img src="data:image/jpeg;base64,' in page and 'width="1200" height="800"' in page
    assert "&lt;行列&gt;" in page and "<行列>" not in page
    images = subprocess.run(
        ["pdfimages", "-list", str(root / "site" / "kurumi-ramen" / "kurumi-ramen.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert " 1200   800 " in images and " 600   600 " in images
    # The cover's picture is on the PDF's cover (page 1), not in the first chapter.
    pages = {line.split()[0] for line in images.splitlines()[2:] if " 1200   800 " in line}
    assert pages == {"1"}, images
    report = report_of(root / "proposals" / "kurumi-ramen.yaml")
    (pptx,) = write_deck(report, tmp_path / "deck", DeckOptions(), ("pptx",))
    deck = Presentation(str(pptx))
    described = [
        shape._element.nvPicPr.cNvPr.get("descr")
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type == 13  # a picture
    ]
    assert "天神店の外観と<行列>" in described and "昼休みにスマホで店を探す会社員" in described


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda folder: (folder / "shop.jpg").write_text("not a picture", encoding="utf-8"), "not a PNG"),
        (lambda folder: (folder / "shop.jpg").unlink(), "no picture at shop.jpg"),
    ],
)
def test_a_picture_that_is_no_picture_is_one_line(tmp_path, make, said):
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    plan_with_sections(root / "proposals")
    make(root / "proposals")
    result = run_proposals("build", cwd=root, timeout=600)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "kurumi-ramen.yaml:" in lines[0]


def test_a_purpose_is_named_as_the_business_says_it():
    ramen = proposal_view(report_of(PROPOSALS / "kurumi-ramen.yaml"), internal=False)
    assert ramen.purpose.name == "売上・来店" and "リード獲得" not in ramen.summary
    b2b = proposal_view(report_of(PROPOSALS / "ledgerly-b2b.yaml"), internal=False)
    assert b2b.purpose.name in ("リード獲得・商談化", "Leads and pipeline")


def test_english_client_pages_say_goal_and_define_kgi_once():
    from generator.locale.labels import labels

    t = labels("en")
    assert t.kgi == "Goal (KGI)" and t.kgi_short == "Goal" and "KGI" not in t.page_kpi


def test_published_ranges_in_each_languages_style():
    from generator.locale import formatting

    assert formatting.cited_range(0.01, 0.03, "ja") == "1〜3%"
    assert formatting.cited_range(0.01, 0.03, "en") == "1%–3%"
    assert formatting.cited_range(0.035, 0.035, "ja") == "3.5%"


def test_a_shorts_only_channel_gets_no_link_where_shorts_have_none(tmp_path):
    """Shorts descriptions stopped taking links in 2023 and Shorts have no end screen: a channel
    that posts only Shorts gets the channel link alone; one with long videos keeps all three."""
    text = (PROPOSALS / "shimanami-tourism.yaml").read_text(encoding="utf-8")

    def youtube_places(plan_text: str) -> list[str]:
        path = tmp_path / "shimanami-tourism.yaml"
        path.write_text(plan_text, encoding="utf-8")
        view = proposal_view(report_of(path), internal=False)
        return [link.placement for link in view.measurement.utm_links if link.platform == "YouTube"]

    both = youtube_places(text)
    assert any("概要欄" in p for p in both) and any("終了画面" in p for p in both)
    assert any("登録ボタン" in p for p in both)
    shorts = youtube_places(text.replace("videos_per_month: 2, shorts_per_week: 3", "shorts_per_week: 3"))
    assert len(shorts) == 1 and "登録ボタン" in shorts[0]


def test_a_note_account_gets_its_article_and_profile_links_tagged(tmp_path):
    text = (PROPOSALS / "ledgerly-b2b.yaml").read_text(encoding="utf-8")
    path = tmp_path / "ledgerly-b2b.yaml"
    path.write_text(
        text.replace("platforms:\n", "platforms:\n  - id: note\n    role: secondary\n", 1), encoding="utf-8"
    )
    view = proposal_view(report_of(path), internal=False)
    links = [link for link in view.measurement.utm_links if link.platform == "note"]
    assert [link.placement for link in links] == ["Link in an article", "Profile link"]
    assert all("utm_source=note" in link.url and "utm_content=" in link.url for link in links)
