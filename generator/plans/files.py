"""Which file a plan is: its slug and a YAML suffix — the one rule every command and the
build use to go from a slug to a file and back."""

from __future__ import annotations

from pathlib import Path

PLAN_SUFFIXES = (".yaml", ".yml")
"""A plan's file is its slug with one of these, the first one found winning."""


def slug_for(path: Path) -> str:
    """The slug a plan file stands for (the one rule, with ``plan_file``)."""
    for suffix in PLAN_SUFFIXES:
        if path.name.endswith(suffix):
            return path.name.removesuffix(suffix)
    return path.name


def plan_file(folder: Path, slug: str) -> Path | None:
    """The plan file of ``slug`` in ``folder``, or None."""
    for suffix in PLAN_SUFFIXES:
        path = folder / f"{slug}{suffix}"
        if path.is_file():
            return path
    return None
