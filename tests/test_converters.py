"""A page converted by the kept Markdown converter is byte for byte what a new converter
makes of it, whatever pages it converted before; other extensions get a new one each time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown

from generator.analysis.report import check_files, plan_files
from generator.engine.converters import _Kept
from generator.engine.run import load
from generator.render.site.pages import RenderOptions, render_selection
from tests.conftest import REPO
from tests.hostile import HOSTILE


def _pages() -> list[str]:
    reports = [r for r in check_files(plan_files([REPO / "proposals"])) if r.error is None]
    options = RenderOptions(internal=True, today=dt.date(2026, 12, 8), standalone=True, pdf_link=False)
    pages = []
    for report in reports:
        rendered = render_selection([report], options, scope=[report.slug], home=False, guide=False)
        pages += [text for name, text in sorted(rendered.files.items()) if name.endswith(".md")]
    return pages


def test_a_kept_converter_converts_every_page_as_a_new_one_does(tmp_path: Path) -> None:
    config = load(REPO / "mkdocs.yml", {}, site_dir=str(tmp_path / "site"))
    setting = {"extensions": config["markdown_extensions"], "extension_configs": config["mdx_configs"]}
    kept = _Kept(markdown)
    # Every example plan's pages, then hostile text between them: state one page leaves
    # behind (a footnote, a tab counter, a stashed block) would show on the next.
    pages = _pages()
    sequence = [page for pair in zip(pages, [*HOSTILE] * len(pages), strict=False) for page in pair]
    assert len(pages) > 40
    converters = set()
    for text in sequence:
        converter = kept.Markdown(**setting)
        converters.add(id(converter))
        assert converter.convert(text) == markdown.Markdown(**setting).convert(text)
    assert len(converters) == 1


def test_an_extension_not_known_to_reset_gets_a_new_converter_each_time() -> None:
    kept = _Kept(markdown)
    setting = {"extensions": ["tables", "markdown.extensions.wikilinks"], "extension_configs": {}}
    assert kept.Markdown(**setting) is not kept.Markdown(**setting)
    plain = {"extensions": ["tables"], "extension_configs": {}}
    assert kept.Markdown(**plain) is kept.Markdown(**plain)
