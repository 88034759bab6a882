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
