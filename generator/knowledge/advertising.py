"""Advertising law as the doctor reads it (``advertising.yaml``): the regulated kinds of
business, each law with the claims it restricts, and what stealth marketing needs."""

from __future__ import annotations

import functools
import re

from pydantic import Field

from generator.knowledge.base import Bilingual, _Data

REGULATED = ("cosmetics", "quasi_drug", "health_food", "medical")


def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


class Category(_Data):
    id: str = Field(pattern="^(cosmetics|quasi_drug|health_food|medical)$")
    words: tuple[str, ...]


class Claim(_Data):
    """One kind of restricted claim: its patterns, what makes a match harmless, and the fix."""

    id: str
    clause: Bilingual
    patterns: tuple[str, ...]
    unless: tuple[str, ...] = ()
    """A match is harmless when one of these is in the same text (a survey with its year)."""
    unless_all: tuple[str, ...] = ()
    """…or when every one of these is (the guideline's 限定解除 details beside a photo)."""
    only_categories: tuple[str, ...] = ()
    rewrite: Bilingual

    @functools.cached_property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.patterns)

    def excused(self, text: str) -> bool:
        if any(re.search(p, text, re.IGNORECASE) for p in self.unless):
            return True
        return bool(self.unless_all) and all(re.search(p, text, re.IGNORECASE) for p in self.unless_all)


class Law(_Data):
    id: str
    law: Bilingual
    source: Bilingual
    categories: tuple[str, ...] = ()
    """The kinds of business it governs; none: every business."""
    words: tuple[str, ...] = ()
    """Only for a business named with one of these (a bone-setting clinic's own act)."""
    not_words: tuple[str, ...] = ()
    severity: str = Field(pattern="^(error|warning)$")
    claims: tuple[Claim, ...]

    def governs(self, category: str | None, who: str) -> bool:
        if self.categories and category not in self.categories:
            return False
        if self.words and not any(w.lower() in who for w in self.words):
            return False
        return not any(w.lower() in who for w in self.not_words)


class Reviews(_Data):
    patterns: tuple[str, ...]
    clause: Bilingual
    rewrite: Bilingual

    @functools.cached_property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.patterns)


class Promotion(_Data):
    law: Bilingual
    source: Bilingual
    patterns: tuple[str, ...]
    disclosure: tuple[str, ...]
    clause: Bilingual
    rewrite: Bilingual
    reviews: Reviews

    @functools.cached_property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.patterns)

    def disclosed(self, text: str) -> bool:
        return any(re.search(p, text, re.IGNORECASE) for p in self.disclosure)


class Advertising(_Data):
    categories: tuple[Category, ...]
    laws: tuple[Law, ...]
    promotion: Promotion

    def category_of(self, who: str) -> str | None:
        """The regulated kind of business its words name, most specific first."""
        lowered = who.lower()
        for category in self.categories:
            if any(word.lower() in lowered for word in category.words):
                return category.id
        return None
