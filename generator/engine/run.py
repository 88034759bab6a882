"""One way to run the engine, for `proposals build` and `proposals serve` alike: load
mkdocs.yml, find our plugin, set its options (checked like every other way of setting
them), capture what the engine logs, build.

MkDocs logs why a build stopped and then raises a bare Abort; the capture keeps the why,
and the notes our plugin leaves for the user (INFO records), while MkDocs' own INFO chatter
is left out.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.metadata
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from generator.cache.templates import SharedBytecodeCache
from generator.engine import log_root, memo, plugin_log_name, use_engine
from generator.engine.converters import reuse_converters
from generator.errors import BuildError
from generator.settings import Settings


class Capture(logging.Handler):
    """Warnings and errors the engine logged, and the notes our plugin logged."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []
        self.notes: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())
        elif record.name == plugin_log_name():
            self.notes.append(record.getMessage())

    def reason(self, fallback: str) -> str:
        return "; ".join(m.removeprefix("proposals: ") for m in self.messages) or fallback


@contextlib.contextmanager
def captured(*, quiet_engine: bool = True) -> Iterator[Capture]:
    use_engine()
    engine = logging.getLogger(log_root())
    if quiet_engine:
        engine.setLevel(logging.WARNING)
    logging.getLogger(plugin_log_name()).setLevel(logging.INFO)
    capture = Capture()
    engine.addHandler(capture)
    try:
        yield capture
    finally:
        engine.removeHandler(capture)


def load(config_file: str | Path, options: dict[str, Any], **engine_options: Any) -> Any:
    """The workspace's config with our plugin's ``options`` set; BuildError without the plugin."""
    use_engine()
    from mkdocs.config import load_config

    _remember_entry_points()
    _remember_config_yaml()
    from mkdocs.structure.pages import Page

    reuse_converters(Page)
    config = load_config(str(config_file), **engine_options)
    plugin = config.plugins.get("proposals")
    if plugin is None:
        raise BuildError(f"{config_file}: add the 'proposals' plugin under plugins:")
    for key, value in options.items():
        plugin.config[key] = Settings.check(key, value)
    share_theme_work(config.theme, Path(config_file).parent / plugin.config["cache_dir"])
    return config


def settings_of(config: Any) -> Settings:
    return config.plugins["proposals"].config.settings()  # type: ignore[no-any-return]


def run(config: Any, command: str = "build", serve_url: str | None = None) -> None:
    """One build of ``config``; the engine's own exceptions propagate (see :func:`failed`)."""
    from mkdocs.commands.build import build as engine_build

    config.plugins.on_startup(command=command, dirty=False)
    try:
        if serve_url is None:
            engine_build(config)
        else:
            engine_build(config, serve_url=serve_url)
    finally:
        config.plugins.on_shutdown()


def engine_failures() -> tuple[type[BaseException], ...]:
    """The exceptions with which the engine says a build failed."""
    use_engine()
    from mkdocs.exceptions import Abort, MkDocsException

    return (Abort, MkDocsException)


def _remember_config_yaml() -> None:
    """Every site's config parses mkdocs.yml again (2 ms of pure-Python YAML a site); a text
    parsed once in this build is copied instead. Tags that read the environment or the
    config's place, and files that inherit another, are parsed every time."""
    import mkdocs.config.defaults as defaults

    original = getattr(defaults, "yaml_load", None)
    if original is None or getattr(original, "remembers", False):
        return

    def yaml_load(source: Any, loader: Any = None) -> Any:
        if not hasattr(source, "read"):
            return original(source, loader)
        raw = source.read()
        text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        if any(tag in text for tag in ("!ENV", "!relative", "INHERIT")):
            source.seek(0)  # INHERIT is found beside the file by its name: give the file itself
            return original(source, loader)
        if text not in memo.parsed_configs:
            memo.parsed_configs[text] = original(text, loader)
        return copy.deepcopy(memo.parsed_configs[text])

    yaml_load.remembers = True  # type: ignore[attr-defined]
    defaults.yaml_load = yaml_load  # type: ignore[attr-defined]


def _remember_entry_points() -> None:
    """Every site's config asks which plugins and themes are installed, four times (MkDocs
    clears its own theme cache after each theme it loads), and each asking reads the entry
    points of every installed distribution: 8 ms a site. Asked once per build instead."""
    import mkdocs.plugins
    import mkdocs.utils

    from_metadata = importlib.metadata.entry_points

    def entry_points(**params: Any) -> Any:
        key = tuple(sorted(params.items()))
        if key not in memo.entry_points:
            memo.entry_points[key] = from_metadata(**params)
        return memo.entry_points[key]

    for module in (mkdocs.plugins, mkdocs.utils):
        if getattr(module, "entry_points", None) is from_metadata:
            module.entry_points = entry_points  # type: ignore[attr-defined]


def _visible_templates(dirs: tuple[str, ...], followlinks: bool) -> list[str]:
    """FileSystemLoader.list_templates without hidden paths, which MkDocs drops anyway
    ('.*', '*/.*'); hidden folders are not even walked (Material's .icons holds thousands)."""
    if dirs not in memo.theme_listing:
        found: set[str] = set()
        for root in dirs:
            for dirpath, dirnames, filenames in os.walk(root, followlinks=followlinks):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                base = os.path.relpath(dirpath, root)
                for name in filenames:
                    if not name.startswith("."):
                        found.add(name if base == "." else f"{base}/{name}".replace(os.sep, "/"))
        memo.theme_listing[dirs] = sorted(found)
    return list(memo.theme_listing[dirs])


def share_theme_work(theme: Any, jinja_cache: Path) -> None:
    """Cut a site's fixed cost: what every site of a build would redo for the same theme.

    MkDocs makes a new Jinja environment per site (and the search plugin another), so
    Material's templates would be compiled again for every proposal; they come from the
    shared bytecode cache instead. MkDocs also walks the whole theme folder per site to
    find static files, including Material's thousands of icons, only to drop every hidden
    path by pattern; the listing is taken once per build, hidden folders unwalked.
    """
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env: jinja2.Environment = make_env()
        env.bytecode_cache = SharedBytecodeCache(jinja_cache)
        loader = env.loader
        if isinstance(loader, jinja2.FileSystemLoader):
            dirs = tuple(str(d) for d in loader.searchpath)
            follow = loader.followlinks
            loader.list_templates = lambda: _visible_templates(dirs, follow)  # type: ignore[method-assign]
        return env

    theme.get_env = get_env
