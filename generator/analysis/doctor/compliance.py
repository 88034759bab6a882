"""Promotion that must be disclosed: influencer and gifted posts, giveaways.

Japan treats an advertisement that hides it is one as misleading under the Premiums and
Representations Act (ステマ規制, from October 2023); in the US the FTC's Endorsement Guides
ask for a clear disclosure. A plan that relies on such posts says how they are labelled.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding

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
)
"""Sections that do not say what the plan will do: names, links and numbers, and the people
and competitors it describes (a persona who follows influencers is no campaign)."""


@rule
def undisclosed_promotion(c: Context) -> Iterator[Finding]:
    rules = c.rules
    texts = list(c.texts(skip=PLAIN))
    lowered = [(path, text.lower()) for path, text in texts]
    if any(word.lower() in text for _, text in lowered for word in rules.disclosure_words):
        return
    for path, text in lowered:
        word = next((w for w in rules.promotion_words if w.lower() in text), None)
        if word is not None:
            yield c.finding("undisclosed-promotion", path, "missing", "hint", word=word)
            return  # one finding says it; the fix is one line in the plan


@rule
def advertising_claim(c: Context) -> Iterator[Finding]:
    """Claims the law restricts: efficacy, before/after and cures for cosmetics, health foods
    and clinics (Japan's Pharmaceutical and Medical Device Act and its advertising standards);
    "cheapest", "No.1" and the like anywhere (the Premiums and Representations Act)."""
    who = f"{c.plan.client.industry or ''} {c.plan.client.name} {c.plan.title or ''}".lower()
    texts = [(path, text.lower()) for path, text in c.texts(skip=PLAIN)]
    for claim in c.rules.advertising_claims:
        if claim.industries and not any(word.lower() in who for word in claim.industries):
            continue
        for path, text in texts:
            word = next((w for w in claim.words if w.lower() in text), None)
            if word is not None:
                yield c.finding(
                    "advertising-claim",
                    path,
                    "claim",
                    "hint",
                    word=word,
                    law=claim.law(c.lang),
                    source=claim.source,
                )
                break  # one finding per law: the fix is the same everywhere
