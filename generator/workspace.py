"""A workspace is any folder laid out like this repository: mkdocs.yml, proposals/, theme/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONFIG = "mkdocs.yml"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its Python tags (``!!python/name``, ``!ENV``)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass(frozen=True)
class Workspace:
    root: Path
    config_file: Path | None
    options: dict[str, Any]

    @property
    def proposals_dir(self) -> Path:
        return self.root / str(self.options.get("proposals_dir", "proposals"))

    @property
    def theme_dir(self) -> Path:
        return self.root / "theme"

    @property
    def docs_dir(self) -> Path:
        """mkdocs.yml's docs_dir: the agency's own pages, part of the home site."""
        return self.root / str(_settings(self.config_file).get("docs_dir") or "docs")

    @classmethod
    def find(cls, config_file: Path | None = None, cwd: Path | None = None) -> Workspace:
        """The workspace of ``config_file`` (``-f``), else of the current directory."""
        if config_file is None:
            here = (cwd or Path.cwd()).resolve()
            candidate = here / DEFAULT_CONFIG
            return cls(here, candidate if candidate.is_file() else None, _plugin_options(candidate))
        config_file = config_file.resolve()
        return cls(config_file.parent, config_file, _plugin_options(config_file))


def _settings(config_file: Path | None) -> dict[str, Any]:
    """The top level of mkdocs.yml, or {} when there is none or it cannot be read."""
    if config_file is None or not config_file.is_file():
        return {}
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _plugin_options(config_file: Path) -> dict[str, Any]:
    """The ``proposals`` plugin's options in mkdocs.yml, or {} if there are none."""
    for entry in _settings(config_file).get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("proposals"), dict):
            return dict(entry["proposals"])
    return {}
