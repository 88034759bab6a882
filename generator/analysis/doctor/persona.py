"""A persona specific enough to write posts for."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding

# ---------------------------------------------------------------------------- persona


@rule
def vague_persona(c: Context) -> Iterator[Finding]:
    persona = c.plan.persona
    if persona is None:
        yield c.finding("vague-persona", (), "none", "hint")
        return
    said = f"{persona.summary or ''} {persona.name or ''}"
    # "20代女性" states an age even without `age:`; the rest it does not say.
    age = persona.age or any(re.search(p, said, re.IGNORECASE) for p in c.kb.rules.age_patterns)
    missing = [
        key
        for key, value in (
            ("age", age),
            ("occupation", persona.occupation),
            ("habits", persona.habits),
            ("platforms", persona.platforms),
        )
        if not value
    ]
    if missing:
        words = c.join(c.word("vague-persona", key) for key in missing)
        yield c.finding("vague-persona", ("persona",), "missing", "hint", missing=words)
