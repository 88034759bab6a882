"""Pitch PDFs read back with poppler: pages, fonts, text, numbering, vectors, pixels."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.render.print.pdf import PdfError, write_pdf
from tests.conftest import PROPOSALS, pdf_options, report_of, run_proposals

CASES = {"lumiere-cosmetics": "株式会社ルミエール化粧品", "northfield-coffee": "Northfield Coffee Roasters"}


def poppler(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)), re.M).group(1))


def page_text(pdf: Path, page: int) -> str:
    return poppler("pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    return {
        slug: write_pdf(report_of(PROPOSALS / f"{slug}.yaml"), out / f"{slug}.pdf", pdf_options())
        for slug in CASES
    }


@pytest.mark.parametrize("slug", CASES)
def test_cover_toc_and_chapters(pdfs, slug):
    pdf = pdfs[slug]
    pages = page_count(pdf)
    assert 8 <= pages <= 30
    cover = page_text(pdf, 1)
    assert CASES[slug] in cover
    toc = page_text(pdf, 2)
    heading = "目次" if slug.startswith("lumiere") else "Contents"
    assert heading in toc
    # every chapter in the contents carries a page number within the document
    numbers = [int(n) for n in re.findall(r"(\d+)\s*$", toc, re.M)]
    assert len(numbers) >= 7 and all(3 <= n <= pages for n in numbers) and numbers == sorted(numbers)


@pytest.mark.parametrize("slug", CASES)
def test_footer_numbering_and_running_header(pdfs, slug):
    pdf = pdfs[slug]
    pages = page_count(pdf)
    for page in range(2, pages + 1):
        text = page_text(pdf, page)
        assert f"{page} / {pages}" in text, page
        assert CASES[slug] in text, page
    assert f"1 / {pages}" not in page_text(pdf, 1)


@pytest.mark.parametrize("slug", CASES)
def test_every_font_is_embedded(pdfs, slug):
    rows = poppler("pdffonts", str(pdfs[slug])).splitlines()[2:]
    assert rows
    for row in rows:
        assert " yes yes " in row or re.search(r"\byes\s+yes\s+yes\b", row), row
    assert any("Noto-Sans-CJK-JP" in row for row in rows)


def test_japanese_kpi_names_are_extractable(pdfs):
    text = poppler("pdftotext", str(pdfs["lumiere-cosmetics"]), "-")
    for name in ("SNS経由のサイト流入数", "リンククリック率", "平均客単価", "逆算", "月ごとの目標推移"):
        assert name in text


def test_diagram_is_vector(pdfs):
    pdf = pdfs["lumiere-cosmetics"]
    images = poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert images == [], "diagrams and charts are vector graphics, not images"
    # "86.7万人" (the solved reach) is written only inside the diagram: its text is real text.
    assert "86.7万人" in poppler("pdftotext", str(pdf), "-")


@pytest.mark.parametrize("page", [1, 3, 4])
def test_pages_are_not_blank(pdfs, tmp_path, page):
    pdf = pdfs["lumiere-cosmetics"]
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "24", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "p")],
        check=True,
    )
    [image] = list(tmp_path.glob("p*.pgm"))
    data = image.read_bytes()
    width, height = map(int, data.split(b"\n")[1].split())
    pixels = data[-width * height :]
    dark = sum(1 for value in pixels if value < 200)
    assert dark / len(pixels) > 0.01


def test_output_is_deterministic(pdfs, tmp_path):
    again = write_pdf(report_of(PROPOSALS / "northfield-coffee.yaml"), tmp_path / "again.pdf", pdf_options())
    assert again.read_bytes() == pdfs["northfield-coffee"].read_bytes()


def test_client_pdf_has_no_internal_notes_and_marks_confidential(pdfs):
    text = poppler("pdftotext", str(pdfs["lumiere-cosmetics"]), "-")
    assert "懐疑的" not in text
    assert "社外秘" in page_text(pdfs["lumiere-cosmetics"], 1).replace(" ", "")


def test_a_missing_image_is_an_error(tmp_path):
    theme = tmp_path / "theme" / "pdf"
    theme.mkdir(parents=True)
    source = (Path(__file__).parent.parent / "generator" / "templates" / "pdf" / "document.html").read_text()
    theme.joinpath("document.html").write_text(source.replace("<body>", '<body><img src="logo.png">'))
    with pytest.raises(PdfError, match=r"logo\.png"):
        write_pdf(
            report_of(PROPOSALS / "mimosa-hair.yaml"),
            tmp_path / "x.pdf",
            pdf_options(theme_dir=tmp_path / "theme"),
        )
    assert not (tmp_path / "x.pdf").exists()


def test_pdf_command_writes_every_plan_in_parallel(workspace):
    result = run_proposals("pdf", "--out", "out", "-j", "2", cwd=workspace, timeout=600)
    assert result.returncode == 0, result.stderr
    written = sorted(p.stem for p in (workspace / "out").glob("*.pdf"))
    assert written == sorted(p.stem for p in PROPOSALS.glob("*.yaml"))
    assert f"wrote {len(written)} PDF(s)" in result.stdout


def test_pdf_command_landscape_and_unknown_slug(workspace):
    result = run_proposals("pdf", "mimosa-hair", "--landscape", "--out", "out", cwd=workspace, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "841.89 x 595.276" in poppler("pdfinfo", str(workspace / "out" / "mimosa-hair.pdf"))
    assert run_proposals("pdf", "nobody", cwd=workspace).returncode == 2


def test_site_build_puts_the_pdf_beside_the_pages(built_shared):
    site = built_shared / "site"
    for slug in CASES:
        assert (site / slug / f"{slug}.pdf").read_bytes().startswith(b"%PDF")
        overview = (site / slug / "index.html").read_text(encoding="utf-8")
        assert "proposal-download" in overview


def pages_with(pdf: Path, text: str) -> list[int]:
    return [n for n in range(1, page_count(pdf) + 1) if text in page_text(pdf, n)]


@pytest.mark.parametrize("slug", CASES)
def test_tagged_with_the_plans_language(pdfs, slug):
    import zlib

    pdf = pdfs[slug]
    assert re.search(r"^Tagged:\s+yes", poppler("pdfinfo", str(pdf)), re.M)
    raw = pdf.read_bytes()
    languages = set()
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            languages.update(re.findall(rb"/Lang\s*\(([^)]*)\)", zlib.decompress(stream.group(1))))
        except zlib.error:
            continue
    languages.update(re.findall(rb"/Lang\s*\(([^)]*)\)", raw))
    assert languages == {b"ja" if slug.startswith("lumiere") else b"en"}
    fonts = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # every font embedded


def test_headings_stay_with_what_they_introduce_and_tables_keep_their_last_rows():
    pdf = Path(
        write_pdf(
            report_of(PROPOSALS / "lumiere-cosmetics.yaml"),
            Path("/tmp") / f"keep-{id(CASES)}.pdf",
            pdf_options(),
        )
    )
    try:
        # the KPI tree's heading and the diagram's own labels are on one page
        tree_pages = pages_with(pdf, "KPIツリー\n")
        assert tree_pages and any("SNS経由のサイト流入数" in page_text(pdf, n) for n in tree_pages)
        # the table of every node ends on the page where its heading is (no orphan last row)
        heading, last_row = pages_with(pdf, "ツリーのすべての指標"), pages_with(pdf, "└ 平均客単価")
        assert heading and last_row and heading[-1] == last_row[-1]
    finally:
        pdf.unlink()


@pytest.mark.parametrize("slug", CASES)
def test_every_table_header_cell_says_what_it_heads(pdfs, slug):
    """PDF/UA-1 7.5: each /TH carries /Scope (a row of heads: its column; a head beside data: its row)."""
    import pikepdf

    scopes: list[str] = []

    def visit(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                visit(child)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/TH":
                scopes.append(str(node.get("/A", pikepdf.Dictionary()).get("/Scope")))
            visit(node.get("/K"))

    with pikepdf.open(pdfs[slug]) as document:
        visit(document.Root.StructTreeRoot.get("/K"))
    assert scopes and set(scopes) <= {"/Column", "/Row"} and "/Column" in scopes
