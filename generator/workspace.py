"""A workspace is any folder laid out like this repository: mkdocs.yml, proposals/, theme/."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.settings import Paths, Settings

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
    settings: dict[str, Any] = field(default_factory=dict, compare=False)
    """The top level of mkdocs.yml, read once."""

    @functools.cached_property
    def plugin(self) -> Settings:
        """The `proposals` plugin's options, checked (one line for an unusable one)."""
        return Settings.read(self.options)

    @property
    def paths(self) -> Paths:
        return self.plugin.paths(self.root)

    @property
    def proposals_dir(self) -> Path:
        return self.paths.proposals

    @property
    def theme_dir(self) -> Path:
        """mkdocs.yml's ``theme.custom_dir``: template overrides and the theme's own files."""
        theme = self.settings.get("theme")
        custom = theme.get("custom_dir") if isinstance(theme, dict) else None
        return self.root / str(custom or "theme")

    @property
    def docs_dir(self) -> Path:
        """mkdocs.yml's docs_dir: the agency's own pages, part of the home site."""
        return self.root / str(self.settings.get("docs_dir") or "docs")

    @property
    def actuals_dir(self) -> Path:
        """Each proposal's exports, ``actuals/<slug>/`` unless the plugin's ``actuals_dir`` says otherwise."""
        return self.paths.actuals

    @property
    def date_order(self) -> str | None:
        """How to read dates like 1/7/2027 that an export cannot settle (the plugin's ``date_order``)."""
        return self.plugin.date_order

    @property
    def cache_dir(self) -> Path:
        return self.paths.cache

    def today(self) -> dt.date:
        """The date expiry is judged by: the plugin's ``today`` option (reproducible builds), else today."""
        return self.plugin.today or dt.date.today()

    def sources(self) -> list[Path]:
        """What a build reads and must never write over: an output folder stays clear of these."""
        import generator

        found = [self.root / ".git", self.proposals_dir, self.theme_dir, self.docs_dir, self.actuals_dir]
        found += [self.root / ".cache", self.cache_dir, Path(generator.__file__).parent]
        if self.config_file is not None:
            found.append(self.config_file)
        return found

    def check_readable(self) -> None:
        """One line for a source folder the user cannot read: without this, a theme nobody
        can list would build without the theme, silently."""
        import os

        from generator.errors import ConfigError, shown

        for folder in (self.proposals_dir, self.theme_dir, self.docs_dir, self.actuals_dir):
            if folder.is_dir() and not os.access(folder, os.R_OK | os.X_OK):
                raise ConfigError(f"{shown(folder)}/: permission denied; make it readable (chmod u+rx)")
            if folder == self.theme_dir and folder.is_dir():
                for path in folder.rglob("*"):
                    if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
                        raise ConfigError(f"{shown(path)}: permission denied; make it readable (chmod u+r)")

    @classmethod
    def find(cls, config_file: Path | None = None, cwd: Path | None = None) -> Workspace:
        """The workspace of ``config_file`` (``-f``), else of the current directory."""
        if config_file is None:
            here = (cwd or Path.cwd()).resolve()
            candidate = here / DEFAULT_CONFIG
            found = candidate if candidate.is_file() else None
            return cls(here, found, _plugin_options(candidate), _settings(found))
        config_file = config_file.resolve()
        return cls(config_file.parent, config_file, _plugin_options(config_file), _settings(config_file))


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
