"""Typeset PDFs kept by what they were made from: the same HTML, the same pictures and the
same WeasyPrint give the same bytes (the document identifier is the HTML's digest), so a
proposal whose pitch did not change is not typeset again because its month's figures did,
and a monthly report written into reports/ is not typeset a second time for the site."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from generator.cache.store import Store

KIND = "pdf"
KEEP = 1000
"""Entries kept (the ones used last): three documents a client, for a few hundred clients."""
LIMIT = 128 * 1024 * 1024


def typeset_once(
    html: str,
    assets: dict[str, bytes],
    name: str,
    notes: list[str] | None,
    cache_dir: Path | None,
    make: Callable[[list[str]], bytes],
) -> bytes:
    """``make``'s PDF of ``html``, from the cache when the same document was typeset before;
    the notes it left then (a glyph no font draws) are said again under ``name``."""
    store = Store(cache_dir) if cache_dir is not None else None
    key = _key(html, assets)
    prefix = f"{name}: "
    if store is not None:
        entry = store.get(KIND, key, LIMIT)
        if entry is not None and b"\n" in entry:
            head, pdf = entry.split(b"\n", 1)
            try:
                said = [str(n) for n in json.loads(head)]
            except (ValueError, TypeError):
                said = None
            if said is not None:
                store.touch(KIND, key)
                if notes is not None:
                    notes += [prefix + n for n in said]
                return pdf
    fresh: list[str] = []
    pdf = make(fresh)
    if notes is not None:
        notes += fresh
    if store is not None:
        said = [n.removeprefix(prefix) for n in fresh]
        store.put(KIND, key, json.dumps(said, ensure_ascii=False).encode("utf-8") + b"\n" + pdf)
        store.keep_recent(KIND, KEEP)
    return pdf


def _key(html: str, assets: dict[str, bytes]) -> str:
    import weasyprint

    digest = hashlib.sha256()
    digest.update(f"weasyprint {weasyprint.__version__}\0".encode())
    digest.update(html.encode("utf-8"))
    for name in sorted(assets):
        digest.update(f"\0{name}\0{hashlib.sha256(assets[name]).hexdigest()}".encode())
    return digest.hexdigest()
