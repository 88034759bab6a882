"""What the engine adapter remembers for the length of one build: the theme's file names,
mkdocs.yml as parsed and the installed plugins and themes (every site of a build would ask
again; forked workers inherit the answers).

Kept apart from :mod:`generator.engine.run` so that a build forgets them at its start
without importing the engine: a rebuild with nothing to do never loads it.
"""

from __future__ import annotations

from typing import Any

theme_listing: dict[tuple[str, ...], list[str]] = {}
"""The theme's file names by search path."""

parsed_configs: dict[str, Any] = {}
"""mkdocs.yml as parsed, by its text."""

entry_points: dict[tuple[tuple[str, Any], ...], Any] = {}
"""The installed plugins and themes by group."""


def forget() -> None:
    """A build is a snapshot: a theme file or a plugin installed since the last one must show."""
    theme_listing.clear()
    entry_points.clear()
    parsed_configs.clear()
