"""UI labels in both output languages (``generator/labels.yaml``)."""

from __future__ import annotations

import string
from importlib import resources
from typing import Literal

import yaml

Family = Literal[
    "access",
    "base",
    "format",
    "level",
    "made",
    "month_status",
    "op",
    "page",
    "per",
    "placement",
    "quality",
    "review",
    "review_value",
    "role",
    "stage",
    "status",
    "tax",
    "tier",
    "version_status",
]
"""Labels that name a value of a closed vocabulary: ``t.of("format", "reels")`` reads the
label ``format_reels``. Typed, so a family is never spelt at run time; tests/test_labels.py
checks every value of every vocabulary has its label in both languages."""


class Labels:
    """Labels of one language; ``t.key`` in templates, ``t("key", x=…)`` to fill placeholders."""

    def __init__(self, language: str, table: dict[str, dict[str, str]]) -> None:
        self.language = language
        self._table = table

    def __getattr__(self, key: str) -> str:
        try:
            return str(self._table[key][self.language])
        except KeyError:
            raise AttributeError(f"no label '{key}'") from None

    def __call__(self, key: str, **values: object) -> str:
        return str(getattr(self, key)).format(**values)

    def of(self, family: Family, value: str, **values: object) -> str:
        """The label of one vocabulary value (``of("per", "month")``)."""
        return self(f"{family}_{value}", **values)

    def has(self, key: str) -> bool:
        return key in self._table


_loaded: list[dict[str, dict[str, str]]] = []


def table() -> dict[str, dict[str, str]]:
    """Every label in both languages, read and checked once per process (or adopted)."""
    if not _loaded:
        _loaded.append(_read_table())
    return _loaded[0]


def adopt(found: dict[str, dict[str, str]]) -> None:
    """Use ``found`` as this process's labels: read and checked from these very files by an
    earlier run (the build cache keeps it under the generator's own digest)."""
    if not _loaded:
        _loaded.append(found)


def _read_table() -> dict[str, dict[str, str]]:
    text = resources.files("generator").joinpath("labels.yaml").read_text(encoding="utf-8")
    table = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for key, entry in table.items():
        if not isinstance(key, str):
            raise ValueError(f"labels.yaml: key {key!r} is not text (YAML reads yes/no/on/off as booleans)")
        if not isinstance(entry, dict) or set(entry) != {"ja", "en"}:
            raise ValueError(f"labels.yaml: '{key}' needs exactly ja and en")
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(str(entry[lang])) if f} for lang in ("ja", "en")
        ]
        if fields[0] != fields[1]:
            raise ValueError(f"labels.yaml: '{key}' has different placeholders in ja and en")
    return dict(table)


def labels(language: str) -> Labels:
    return Labels(language, table())
