"""The one Markdown configuration: the workspace's `markdown_extensions`, for every renderer.

The site gets its extensions from mkdocs.yml through the engine; the PDF, the deck and the
report take the very same list from here, so an extension added to mkdocs.yml changes
every output alike. Paper needs one difference, and only that one is applied on top:
tabbed content shows every tab, one after the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import markdown

DEFAULT_EXTENSIONS: tuple[str, ...] = ("toc", "tables", "fenced_code")
"""What the engine always loads before the workspace's own list."""
PRINT_OVERRIDES: dict[str, dict[str, Any]] = {"pymdownx.tabbed": {"alternate_style": False}}


@dataclass(frozen=True)
class MarkdownConfig:
    extensions: tuple[Any, ...] = DEFAULT_EXTENSIONS
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> MarkdownConfig:
        """From mkdocs.yml's top level (``markdown_extensions``: names or ``{name: options}``)."""
        names = list(DEFAULT_EXTENSIONS)
        configs: dict[str, dict[str, Any]] = {}
        for entry in settings.get("markdown_extensions") or []:
            options: Any
            if isinstance(entry, str):
                name, options = entry, {}
            elif isinstance(entry, dict) and len(entry) == 1:
                name, options = next(iter(entry.items()))
                options = options if isinstance(options, dict) else {}
            else:
                continue
            if name not in names:
                names.append(name)
            if options:
                configs[name] = dict(options)
        return cls(tuple(names), configs)

    @classmethod
    def from_engine(cls, extensions: list[Any], configs: dict[str, Any]) -> MarkdownConfig:
        """Exactly what the engine hands its own Markdown instances."""
        return cls(tuple(extensions), {str(k): dict(v) for k, v in (configs or {}).items()})

    def for_print(self) -> MarkdownConfig:
        configs = {name: dict(options) for name, options in self.configs.items()}
        for name, options in PRINT_OVERRIDES.items():
            if name in self.extensions:
                configs[name] = {**configs.get(name, {}), **options}
        return replace(self, configs=configs)

    def render(self, text: str) -> str:
        return str(markdown.markdown(text, extensions=list(self.extensions), extension_configs=self.configs))
