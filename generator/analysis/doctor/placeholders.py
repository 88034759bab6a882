"""Starter text left in a plan: a proposal must never reach a client with 株式会社〇〇 on it."""

from __future__ import annotations

from collections.abc import Iterator

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding
from generator.locale.labels import labels

AGENCY_ONLY = ("internal_notes",)
"""Text the client never sees may say TODO."""


@rule
def placeholder(c: Context) -> Iterator[Finding]:
    markers = [*c.kb.rules.placeholder_markers]
    # What `proposals new` writes, in either language, is a placeholder wherever it is left.
    for language in ("ja", "en"):
        t = labels(language)
        markers += [t.starter_client, t.starter_persona]
    lowered = [m.lower() for m in markers]
    for path, text in c.texts(skip=AGENCY_ONLY):
        low = text.lower()
        found = next((m for m, lo in zip(markers, lowered, strict=True) if lo in low), None)
        if found is not None:
            yield c.finding("placeholder", path, "text", "text_hint", marker=found)
    for i, platform in enumerate(c.plan.platforms):
        blank = [j for j, kpi in enumerate(platform.kpis) if kpi.target is None]
        if blank and len(blank) == len(platform.kpis):
            name = c.kb.platforms[platform.id].name(c.lang)
            yield c.finding("placeholder", ("platforms", i, "kpis"), "blank", "blank_hint", platform=name)
