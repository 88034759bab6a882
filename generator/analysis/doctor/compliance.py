"""Advertising law a clinic, a cosmetics brand and a supplement shop can rely on.

Each law is data (``advertising.yaml``): the kinds of business it governs, the claims it
restricts as patterns, the contexts that make a phrase harmless, the clause and a rewrite.
Every phrase is reported where it stands, once, under the most specific law that governs
it: the Medical Advertising Guidelines before the Premiums and Representations Act. What a
plan says about its own people, its competitors or its measurement is no claim, and internal
notes never reach a client. Medical prohibitions are errors (the gate keeps them from a
client); the others are warnings.

Stealth marketing (ステマ規制, October 2023): a plan that relies on creators, gifts or reviews
for a reward says how each such post is labelled; the word ステマ is no label. Reviews for a
reward cannot be labelled right: Google forbids them, so they are reported however disclosed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding
from generator.errors import KeyPath

PLAIN = (
    "measurement",
    "client",
    "prepared",
    "schema",
    "language",
    "access",
    "kgi",
    "period",
    "persona",
    "situation",
    "internal_notes",
)
"""Sections that do not say what the plan will publish: names, links and numbers, the people
and competitors it describes (a persona who follows influencers is no campaign), and the
agency's internal notes, which never reach a client."""
NOT_PROMOTION = (*PLAIN, "team")
"""Who does the work (a video creator on the team) is no promotion either."""
CONTEXT = 12
"""Characters either side of a phrase that the finding quotes."""
JOIN = 3
"""Matches this close together are one phrase."""


def regulated(c: Context) -> str | None:
    """The regulated kind of business: the plan's own ``client.regulated``, else a clinic's
    business type, else the words of its industry, name and title."""
    stated = c.plan.client.regulated
    if stated is not None:
        return None if stated == "none" else stated
    if c.plan.client.business == "clinic":
        return "medical"
    return c.kb.advertising.category_of(_who(c))


def _who(c: Context) -> str:
    return f"{c.plan.client.industry or ''} {c.plan.client.name} {c.plan.title or ''}".lower()


@rule
def advertising_claim(c: Context) -> Iterator[Finding]:
    category = regulated(c)
    who = _who(c)
    texts = _claims(c, PLAIN)
    taken: dict[KeyPath, list[tuple[int, int]]] = {}
    for law in c.kb.advertising.laws:
        if not law.governs(category, who):
            continue
        for claim in law.claims:
            if claim.only_categories and category not in claim.only_categories:
                continue
            for path, text in texts:
                if claim.excused(text):
                    continue
                for span in _phrases(claim.compiled, text):
                    spans = taken.setdefault(path, [])
                    if any(a < span[1] and span[0] < b for a, b in spans):
                        continue  # one finding a phrase: the most specific law has it
                    spans.append(span)
                    yield c.finding(
                        "advertising-claim",
                        path,
                        "claim",
                        "hint",
                        severity=law.severity,
                        phrase=_quoted(text, *span),
                        law=law.law(c.lang),
                        clause=claim.clause(c.lang),
                        rewrite=claim.rewrite(c.lang),
                        source=law.source(c.lang),
                    )


@rule
def undisclosed_promotion(c: Context) -> Iterator[Finding]:
    promotion = c.kb.advertising.promotion
    texts = _claims(c, NOT_PROMOTION)
    everything = " ".join(text for _, text in c.texts(skip=("internal_notes",)))
    for path, text in texts:
        for pattern in promotion.reviews.compiled:
            match = pattern.search(text)
            if match is not None:
                yield c.finding(
                    "undisclosed-promotion",
                    path,
                    "reviews",
                    "reviews_hint",
                    phrase=_quoted(text, match.start(), match.end()),
                    law=promotion.law(c.lang),
                    clause=promotion.reviews.clause(c.lang),
                    rewrite=promotion.reviews.rewrite(c.lang),
                    source=promotion.source(c.lang),
                )
                break
    if promotion.disclosed(everything):
        return
    for path, text in texts:
        for span in _phrases(promotion.compiled, text):
            yield c.finding(
                "undisclosed-promotion",
                path,
                "missing",
                "hint",
                word=text[span[0] : span[1]],
                phrase=_quoted(text, *span),
                law=promotion.law(c.lang),
                clause=promotion.clause(c.lang),
                rewrite=promotion.rewrite(c.lang),
                source=promotion.source(c.lang),
            )


def _phrases(patterns: tuple[re.Pattern[str], ...], text: str) -> list[tuple[int, int]]:
    """Where the patterns match, matches a few characters apart joined into one phrase
    (「症例写真(術前・術後)」 is one phrase, not two)."""
    spans = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(text) if m.end() > m.start())
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and start <= joined[-1][1] + JOIN:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _claims(c: Context, skip: tuple[str, ...]) -> list[tuple[KeyPath, str]]:
    """The plan's texts that can carry a claim: words, not a bare figure such as a share."""
    return [(path, text) for path, text in c.texts(skip=skip) if _WORDS.search(text)]


_WORDS = re.compile(r"[^\W\d_]")


def _quoted(text: str, start: int, end: int) -> str:
    """The phrase with a little of its sentence around it, on one line."""
    before = text[max(0, start - CONTEXT) : start].rsplit("\n", 1)[-1]
    after = text[end : end + CONTEXT].split("\n", 1)[0]
    lead = "…" if start - len(before) > 0 else ""
    tail = "…" if end + len(after) < len(text) else ""
    return f"{lead}{before}{text[start:end]}{after}{tail}".strip()
