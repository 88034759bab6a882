"""The guide: the knowledge base as reading material, in Japanese and in English."""

from __future__ import annotations

import typing

import jinja2

from generator.knowledge import knowledge, vocab
from generator.locale import formatting
from generator.locale.labels import labels
from generator.render.renderset import NavItem, RenderSet

GUIDE_PAGES = (
    ("index", "guide"),
    ("platforms", "guide_platforms"),
    ("steps", "guide_steps"),
    ("pitfalls", "guide_pitfalls"),
    ("metrics", "guide_metrics"),
)
STAGES = typing.get_args(vocab.Stage)
"""The funnel stages, in order, from the closed vocabulary."""


def guide_root(language: str) -> str:
    return "guide" if language == "ja" else "en/guide"


def render_guide(env: jinja2.Environment, languages: tuple[str, ...] = ("ja", "en")) -> RenderSet:
    out = RenderSet()
    kb = knowledge()
    for lang in languages:
        t = labels(lang)
        root = guide_root(lang)
        context = {
            "t": t,
            "lang": lang,
            "kb": kb,
            "purposes": list(kb.purposes.values()),
            "platforms": list(kb.platforms.values()),
            "steps": kb.steps,
            "pitfalls": list(kb.pitfalls.values()),
            "stages": [
                (s, t.of("stage", s), [m for m in kb.metrics.values() if m.stage == s]) for s in STAGES
            ],
            "names": lambda ids, lang=lang: [kb.metrics[m].name(lang) for m in ids],
            "bench": lambda b, lang=lang: formatting.with_period(
                formatting.cited_range(b.low.value, b.high.value, lang), b.per, lang
            ),
        }
        section = NavItem(t.guide if lang == "ja" else f"{t.guide} (English)")
        for page, title_key in GUIDE_PAGES:
            path = f"{root}/{page}.md"
            out.files[path] = env.get_template(f"guide/{page}.md").render(context)
            section.children.append(NavItem(t(title_key), path))
        out.nav.append(section)
    return out
