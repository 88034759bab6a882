"""Converted pages kept between builds (generator/engine/pagecache.py): a page is given back
only when everything its conversion read is the same, and a page that warned is converted
(and warns) every time."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.cache.store import Store
from generator.engine import use_engine
from generator.engine.pagecache import PageCache, _setup_key
from tests.conftest import REPO, edit_file, run_proposals, workspace_with
from tests.test_stale import _same_tree

PLAN = "mimosa-hair"
MARK = '<p id="kept-by-the-page-cache"></p>'
SEARCH_MARK = " kept-search-entry"


def _build(root: Path, *, fresh: bool = False) -> None:
    if fresh:  # every site built again
        shutil.rmtree(root / "site")
    result = run_proposals("build", cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr


def _bundles(root: Path) -> tuple[Store, list[str]]:
    folder = root / ".cache" / "sns-proposals"
    return Store(folder), sorted(p.name for p in (folder / "pages").iterdir())


def _mark(store: Store, names: list[str], part: str) -> None:
    for name in names:
        entries = json.loads(store.get("pages", name) or b"{}")
        assert entries, "a bundle holds the site's pages"
        for entry in entries.values():
            if part == "content" and "content" in entry:
                entry["content"] += MARK
            for section in entry.get("entries", []) if part == "entries" else []:
                section["text"] += SEARCH_MARK
        store.put("pages", name, json.dumps(entries).encode())


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("index.html")}


@pytest.mark.slow
def test_a_rebuild_from_kept_pages_equals_a_fresh_build_and_an_edit_converts_its_page_again(tmp_path):
    root = workspace_with(tmp_path / "ws", (PLAN,), pdf=False)
    _build(root)  # nothing kept yet: every page converted
    shutil.copytree(root / "site", tmp_path / "fresh")
    store, names = _bundles(root)
    assert len(names) == 2  # the home site and the proposal's site

    _build(root, fresh=True)  # every page from the kept conversions
    assert _same_tree(tmp_path / "fresh", root / "site") == []

    # What is kept is really what the site shows: first what the pages gave the search index,
    # then the converted pages themselves (which are part of the index's key).
    _mark(store, names, "entries")
    _build(root, fresh=True)
    index = json.loads((root / "site" / PLAN / "search" / "search_index.json").read_text("utf-8"))
    assert index["docs"] and all(d["text"].endswith(SEARCH_MARK) for d in index["docs"])
    _mark(store, names, "content")
    _build(root, fresh=True)
    shown = _pages(root / "site" / PLAN)
    assert shown and all(MARK in html for html in shown.values())

    # One sentence of the plan edited: the pages that show it are converted again.
    edit_file(root / "proposals" / f"{PLAN}.yaml", "ビフォーアフター", "ビフォー・アフター")
    _build(root)
    edited = _pages(root / "site" / PLAN)
    changed = [page for page, html in edited.items() if "ビフォー・アフター" in html]
    assert changed and all(MARK not in edited[page] for page in changed)
    assert any(MARK in html for page, html in edited.items() if page not in changed)


def _site(tmp_path: Path, markdown: str) -> tuple[Any, Any, Any]:
    use_engine()
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "page.md").write_text(markdown, "utf-8")
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "s"))
    file = File("page.md", str(docs), str(tmp_path / "s"), use_directory_urls=True)
    files = Files([file])
    page = Page(None, file, config)
    page.read_source(config)
    return page, config, files


def _render(tmp_path: Path, cache: PageCache, markdown: str) -> Any:
    page, config, files = _site(tmp_path, markdown)
    cache.attach(page, files, config)
    page.render(config, files)
    return page


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_a_kept_page_comes_back_whole_and_a_page_that_warned_is_never_kept(tmp_path):
    text = "# Title\n\n## Part one\n\nSee [two](#part-two).\n\n## Part two {#part-two}\n\nText.\n"
    first = PageCache(tmp_path / "cache", "site")
    converted = _render(tmp_path, first, text)
    first.save()
    again = PageCache(tmp_path / "cache", "site")
    restored = _render(tmp_path, again, text)
    assert again.reused == 1
    assert restored.content == converted.content
    assert restored.title == converted.title == "Title"
    assert str(restored.toc) == str(converted.toc) and restored.toc.items[0].active
    assert restored.present_anchor_ids == converted.present_anchor_ids

    broken = "# Title\n\nA link to [nowhere](missing.md).\n"
    for _ in range(2):
        cache = PageCache(tmp_path / "cache", "warned")
        said = _Said()
        logging.getLogger().addHandler(said)
        try:
            _render(tmp_path, cache, broken)
        finally:
            logging.getLogger().removeHandler(said)
        assert any("missing.md" in line for line in said.lines)  # said every time, never hidden
        assert cache.reused == 0
        cache.save()


def test_only_extensions_that_read_nothing_but_the_text_are_kept():
    def config(extensions: list[Any], mdx: dict[str, Any] | None = None) -> Any:
        validation = {"links": {"not_found": 30}}
        return SimpleNamespace(
            markdown_extensions=extensions,
            mdx_configs=mdx or {},
            validation=validation,
            use_directory_urls=True,
        )

    plain = _setup_key(config(["toc", "tables", "pymdownx.superfences"], {"toc": {"permalink": True}}))
    assert plain is not None
    assert plain != _setup_key(
        config(["toc", "tables", "pymdownx.superfences"], {"toc": {"permalink": False}})
    )
    assert _setup_key(config(["toc", "pymdownx.snippets"])) is None  # reads other files
    assert _setup_key(config(["toc", object()])) is None  # an extension object: unknown
    assert _setup_key(config(["toc"], {"toc": {"slugify": object()}})) is None  # no stable spelling
