"""Names a plan cannot take: its slug becomes a folder at the top of the site.

The home site writes its own folders and files there (shared assets, search, the guide in
each language, the 404 page, the agency's pages from docs_dir); a plan named like one of
them would replace it in the output. Such a plan is refused with one line, before any build.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import Location, PlanError, Problem, say, shown
from generator.plans.files import slug_for

RESERVED = frozenset(
    {
        "404", "assets", "en", "ja", "guide", "index", "search", "sitemap", "robots",
        "stylesheets", "javascripts", "images", "fonts", "clients", "public", "site", "pdf",
    }
)  # fmt: skip
"""What the home site writes at its top, and the default output folders' names."""


def reserved_problem(slug: str) -> Problem | None:
    if slug not in RESERVED:
        return None
    return Problem(
        Location(1, 1),
        (),
        say(
            "the name '{slug}' is used by the site itself ({names})",
            slug=slug,
            names=", ".join(sorted(RESERVED)),
        ),
        say("rename the file, e.g. {slug}-plan.yaml", slug=slug),
    )


def docs_names(docs_dir: Path) -> set[str]:
    """Top-level names the agency's own pages take in the home site (``about.md`` → ``about``)."""
    names: set[str] = set()
    if docs_dir.is_dir():
        for entry in docs_dir.iterdir():
            names.add(entry.stem if entry.suffix == ".md" and entry.is_file() else entry.name)
    return names


def check_slugs(docs_dir: Path, plans: list[Path]) -> list[PlanError]:
    """Plans whose names the agency's pages in docs_dir already use."""
    taken = docs_names(docs_dir)
    errors = []
    for path in plans:
        slug = slug_for(path)
        if slug in taken:
            problem = Problem(
                Location(1, 1),
                (),
                say(
                    "the name '{slug}' is taken by {folder}/ (the agency's own pages)",
                    slug=slug,
                    folder=docs_dir.name,
                ),
                say("rename the plan or the page in {folder}/", folder=docs_dir.name),
            )
            errors.append(PlanError([problem], shown(path)))
    return errors
