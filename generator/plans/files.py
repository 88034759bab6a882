"""Which file a plan is: its slug and a YAML suffix — the one rule every command and the
build use to go from a slug to a file and back."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.errors import Location, PlanError, Problem, say, shown

MAX_FILE_BYTES = 512 * 1024
"""The largest plan file read (a plan is a page of YAML; anything bigger is a mistake)."""
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


def plan_files(paths: Iterable[Path]) -> list[Path]:
    """Plan files named directly, or found (``*.yaml``, ``*.yml``) in named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in PLAN_SUFFIXES and p.is_file())
        else:
            found.append(path)
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)


def plan_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None where the loader would refuse it (unreadable, too big, a link out)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES or links_out(path):
            return None
        return path.read_bytes()
    except OSError:
        return None


def links_out(path: Path) -> bool:
    """A plan linked to a file outside its workspace (the folder above the plan's folder)."""
    if not path.is_symlink():
        return False
    workspace = path.absolute().parent.parent.resolve()
    return not path.resolve().is_relative_to(workspace)


def duplicate_slugs(paths: list[Path]) -> dict[Path, PlanError]:
    """Two files for one page address (x.yaml and x.yml): the second is refused."""
    first: dict[tuple[Path, str], Path] = {}
    found: dict[Path, PlanError] = {}
    for path in paths:
        where = (path.absolute().parent, slug_for(path))
        if where in first:
            problem = Problem(
                Location(1, 1),
                (),
                say("'{other}' already holds the plan '{slug}'", other=first[where].name, slug=where[1]),
                "keep one of the two files",
            )
            found[path] = PlanError([problem], shown(path))
        else:
            first[where] = path
    return found
