"""Starter text left in a plan: a proposal must never reach a client with 株式会社〇〇 on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding
from generator.errors import KeyPath
from generator.locale.labels import labels

AGENCY_ONLY = ("internal_notes",)
"""Text the client never sees may say TODO."""


def _strings(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if not (not path and key in AGENCY_ONLY):
                yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


@rule
def placeholder(c: Context) -> Iterator[Finding]:
    markers = [*c.kb.rules.placeholder_markers]
    # What `proposals new` writes, in either language, is a placeholder wherever it is left.
    for language in ("ja", "en"):
        t = labels(language)
        markers += [t.starter_client, t.starter_persona]
    lowered = [m.lower() for m in markers]
    for path, text in _strings(c.loaded.document.data, ()):
        low = text.lower()
        found = next((m for m, lo in zip(markers, lowered, strict=True) if lo in low), None)
        if found is not None:
            yield c.finding("placeholder", path, "text", "text_hint", marker=found)
    for i, platform in enumerate(c.plan.platforms):
        blank = [j for j, kpi in enumerate(platform.kpis) if kpi.target is None]
        if blank and len(blank) == len(platform.kpis):
            name = c.kb.platforms[platform.id].name(c.lang)
            yield c.finding("placeholder", ("platforms", i, "kpis"), "blank", "blank_hint", platform=name)
