"""The plan reader's messages in the plan's own language.

The code says every message in English through :func:`generator.errors.say`, which keeps
the template and its values; a plan that states ``language: ja`` gets each problem said
again from ``messages.yaml``. Line, column and key path never change.
"""

from __future__ import annotations

import dataclasses
import re
import string
from functools import cache
from importlib import resources

import yaml

from generator.errors import PlanError, Said

_STATED = re.compile(r"""^language:[ \t]*["']?(ja|en)["']?[ \t]*(?:#.*)?$""", re.MULTILINE)


def stated_language(text: str) -> str | None:
    """The language a plan's text states at its top level, read without parsing it (the
    YAML may be what is broken)."""
    found = _STATED.search(text)
    return found.group(1) if found else None


@cache
def catalogue() -> dict[str, str]:
    """English template → Japanese template; each pair holds the same placeholders."""
    text = resources.files(__package__).joinpath("messages.yaml").read_text(encoding="utf-8")
    table = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for english, japanese in table.items():
        if fields(english) != fields(japanese):
            raise ValueError(
                f"plans/messages.yaml: {english!r} and its translation hold different placeholders"
            )
    return dict(table)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def in_language(error: PlanError, language: str | None) -> PlanError:
    """The same problems, said in ``language`` where the catalogue has the words."""
    if language != "ja":
        return error
    problems = [
        dataclasses.replace(p, message=_japanese(p.message), hint=_japanese(p.hint)) for p in error.problems
    ]
    return PlanError(problems, error.file)


def _japanese(text: str) -> str:
    if not isinstance(text, Said):
        return text
    template = catalogue().get(text.template)
    if template is None:
        return text
    values = {k: _japanese(v) if isinstance(v, Said) else v for k, v in text.values.items()}
    return template.format(**values)
