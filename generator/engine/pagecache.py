"""Converted pages kept between builds: Markdown that nothing around it changed is not converted again.

Python-Markdown is the largest single part of a build (a quarter of it, see bench/profile.py),
and a rebuild converts the same text again: a proposal whose site is built anew because one
of its pages changed, or every site after the output folder was cleared. The engine's
``Page.render`` is wrapped per page; what it produced is kept in one bundle per site in the
sealed store and given back when the page's key comes out the same.

The key is everything the conversion reads: the Markdown as the plugins left it, the page's
place, every file's place in the site (links are resolved against them), the Markdown
extensions with their settings, the link checks' levels, the engine's log level and the
version of every installed library. Only extensions that read nothing but the text and their
settings qualify (``PURE_EXTENSIONS``): a site that uses another one (``pymdownx.snippets``
reads files) converts every page, as before. A page whose conversion logged anything is
never kept, so a reused page cannot hide a warning: it is converted, and warns, every time.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.cache.store import Store, fingerprint
from generator.cache.versions import engine_versions
from generator.engine import log_root

_CORE = (
    *("abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "legacy_attrs"),
    *("legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc"),
    *("wikilinks", "codehilite", "extra"),
)
_PYMDOWNX = (
    *("arithmatex", "betterem", "blocks.admonition", "blocks.definition", "blocks.details"),
    *("blocks.html", "blocks.tab", "caret", "critic", "details", "emoji", "escapeall"),
    *("highlight", "inlinehilite", "keys", "magiclink", "mark", "progressbar", "saneheaders"),
    *("smartsymbols", "striphtml", "superfences", "tabbed", "tasklist", "tilde"),
)
PURE_EXTENSIONS = frozenset(
    (*_CORE, *(f"markdown.extensions.{name}" for name in _CORE), *(f"pymdownx.{n}" for n in _PYMDOWNX))
)
"""Extensions whose output depends on the page's text and their own settings alone."""

_KIND = "pages"
_BUNDLE_LIMIT = 8 * 1024 * 1024
_KEEP = 2000  # bundles (one per site and access level); pruned when a tenth more exist


class _Unkeyable(Exception):
    """A setting with no stable spelling (an object, not a value): the site is not cached."""


def _canonical(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if callable(value) and hasattr(value, "__module__") and hasattr(value, "__qualname__"):
        return f"{value.__module__}:{value.__qualname__}"  # a slugify function, an emoji index
    raise _Unkeyable(type(value).__name__)


def _setup_key(config: Any) -> str | None:
    """What every page of this site is converted with; None when it cannot be keyed safely."""
    extensions = list(config.markdown_extensions or [])
    if not all(isinstance(e, str) and e in PURE_EXTENSIONS for e in extensions):
        return None
    try:
        settings = json.dumps(
            _canonical([extensions, dict(config.mdx_configs or {}), _plain(config.validation)]),
            sort_keys=True,
        )
    except _Unkeyable:
        return None
    level = logging.getLogger(log_root()).getEffectiveLevel()
    return fingerprint("page setup 1", engine_versions(), settings, bool(config.use_directory_urls), level)


def _plain(section: Any) -> Any:
    """A nested config section as plain dicts (the engine's sections are mappings)."""
    if hasattr(section, "items"):
        return {str(k): _plain(v) for k, v in section.items()}
    return section


def _files_key(files: Any) -> str:
    return fingerprint(
        *(f"{f.src_uri}\0{f.url}\0{f.dest_uri}\0{f.inclusion.name}" for f in sorted(files, key=_src))
    )


def _src(file: Any) -> str:
    return str(file.src_uri)


class _Heard(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextlib.contextmanager
def _listening() -> Iterator[_Heard]:
    heard = _Heard()
    loggers = {logging.getLogger(), logging.getLogger(log_root())}
    for logger in loggers:
        logger.addHandler(heard)
    try:
        yield heard
    finally:
        for logger in loggers:
            logger.removeHandler(heard)


def _toc_tokens(items: Any) -> list[dict[str, Any]]:
    return [
        {"name": a.title, "id": a.id, "level": a.level, "children": _toc_tokens(a.children)} for a in items
    ]


class PageCache:
    """The converted pages of one site: read once, written once after the build."""

    def __init__(self, folder: Path | None, site: str) -> None:
        self.store = Store(folder)
        self.bundle = fingerprint("page bundle", site)
        self._old: dict[str, dict[str, Any]] | None = None
        self._new: dict[str, dict[str, Any]] = {}
        self._started = False
        self._setup: str | None = None
        """What every page of the site is converted with; None: the site's pages are not kept."""
        self._files: tuple[int, str] | None = None
        self.reused = 0

    def _kept(self) -> dict[str, dict[str, Any]]:
        if self._old is None:
            raw = self.store.get(_KIND, self.bundle, _BUNDLE_LIMIT)
            try:
                loaded = json.loads(raw) if raw is not None else {}
            except ValueError:
                loaded = {}
            self._old = loaded if isinstance(loaded, dict) else {}
        return self._old

    def _key(self, page: Any, files: Any) -> str | None:
        if self._setup is None:
            return None
        if self._files is None or self._files[0] != id(files):
            self._files = (id(files), _files_key(files))
        f = page.file
        return fingerprint(self._setup, self._files[1], f.src_uri, f.url, f.dest_uri, page.markdown)

    def attach(self, page: Any, files: Any, config: Any) -> None:
        """Convert ``page`` through the cache when the engine renders it, and index it through
        the cache when the search plugin does."""
        if not self._started:
            self._started = True
            self._setup = _setup_key(config)
            search = config.plugins.get("material/search") or config.plugins.get("search")
            index: Any = getattr(search, "search_index", None)
            if callable(getattr(index, "add_entry_from_context", None)) and isinstance(
                getattr(index, "entries", None), list
            ):
                self._index_through(index)
        render = page.render

        def cached(config: Any, files: Any) -> None:
            key = self._key(page, files)
            if key is not None and self._restore(page, self._kept().get(key), files):
                self._new[key] = self._kept()[key]
                self.reused += 1
                return
            with _listening() as heard:
                render(config, files)
            if key is not None and not heard.count:
                self._new[key] = _entry(page)

        page.render = cached

    def _index_through(self, index: Any) -> None:
        """Material's search index parses every page's HTML again (html.parser, a tenth of a
        build); the entries a page gave are kept with the same rule as its conversion."""
        add = index.add_entry_from_context
        try:
            settings = json.dumps(_canonical(dict(index.config)), sort_keys=True)
        except _Unkeyable:
            return

        def cached(page: Any) -> None:
            key = self._search_key(page, settings)
            kept = self._kept().get(key) if key is not None else None
            if isinstance(kept, dict) and isinstance(kept.get("entries"), list):
                index.entries.extend(dict(e) for e in kept["entries"] if isinstance(e, dict))
                self._new[str(key)] = kept
                return
            before = len(index.entries)
            with _listening() as heard:
                add(page)
            if key is not None and not heard.count:
                self._new[key] = {"entries": [dict(e) for e in index.entries[before:]]}

        index.add_entry_from_context = cached

    def _search_key(self, page: Any, settings: str) -> str | None:
        if self._setup is None:
            return None  # the site's pages are not kept, so neither is what they index
        try:
            meta = json.dumps(_canonical(dict(page.meta or {})), sort_keys=True)
        except _Unkeyable:
            return None
        toc = json.dumps(_toc_tokens(page.toc or []))
        return fingerprint("search 1", self._setup, settings, page.url, page.title, meta, toc, page.content)

    def _restore(self, page: Any, entry: Any, files: Any) -> bool:
        if not isinstance(entry, dict):
            return False
        from mkdocs.structure.toc import get_toc

        try:
            links = {}
            for src, anchors in entry["links"].items():
                target = files.get_file_from_path(src)
                if target is None:
                    return False
                links[target] = dict(anchors)
            toc = get_toc(entry["toc"])
            content, title, anchors = str(entry["content"]), entry["title"], set(entry["anchors"])
        except (KeyError, TypeError, AttributeError, ValueError):
            return False
        page.content, page.toc, page._title_from_render = content, toc, title
        page.present_anchor_ids, page.links_to_anchors = anchors, links
        return True

    def save(self) -> None:
        """Keep this build's conversions (only those of pages the site still has)."""
        if self._new and self._new.keys() != (self._old or {}).keys():
            self.store.put(_KIND, self.bundle, json.dumps(self._new, ensure_ascii=False).encode("utf-8"))
            self.store.keep_recent(_KIND, _KEEP)
        elif self._new:
            self.store.touch(_KIND, self.bundle)


def _entry(page: Any) -> dict[str, Any]:
    return {
        "content": page.content,
        "toc": _toc_tokens(page.toc),
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": {f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()},
    }
