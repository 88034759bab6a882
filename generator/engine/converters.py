"""One Markdown converter per process and setting, reset between pages.

The engine sets up a new Python-Markdown converter for every page: every extension is
looked up, built and registered again, half a millisecond a page before a line is
converted. Python-Markdown's converters are made to be reused (``reset()`` between
documents, and each extension's own reset with it); the engine's page code is handed one
that is kept for the process, per list of extensions and their settings. The engine still
registers its per-page processors on it, under the names they always have, so each
replaces the last page's.

Only extensions known to leave nothing behind after a reset are reused (Python-Markdown's
own, and the PyMdown extensions an agency's mkdocs.yml uses); with any other, or a setting
that cannot be told apart from another, every page gets a new converter as before.
"""

from __future__ import annotations

import json
import sys
import types
from typing import Any

REUSABLE = frozenset(
    {
        "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
        "sane_lists", "smarty", "tables", "toc",
        "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.mark",
        "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tilde",
    }
)  # fmt: skip
"""Extensions whose state lives only in what ``Markdown.reset()`` resets."""

_kept: dict[str, Any] = {}


def _key(extensions: Any, configs: Any) -> str | None:
    """The converter's setting as text, or None when it must not be reused."""
    if not isinstance(extensions, list | tuple) or not all(isinstance(e, str) for e in extensions):
        return None
    if any(name.removeprefix("markdown.extensions.") not in REUSABLE for name in extensions):
        return None
    try:
        return json.dumps([list(extensions), configs or {}], sort_keys=True)
    except (TypeError, ValueError):  # a setting that is no plain data (a function, say)
        return None


class _Kept:
    """Stands in for the ``markdown`` module in the engine's page code."""

    def __init__(self, module: types.ModuleType) -> None:
        self.module = module

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)

    def Markdown(self, *args: Any, **kwargs: Any) -> Any:
        key = None if args else _key(kwargs.get("extensions"), kwargs.get("extension_configs"))
        if key is None or set(kwargs) - {"extensions", "extension_configs"}:
            return self.module.Markdown(*args, **kwargs)
        converter = _kept.get(key)
        if converter is None:
            converter = _kept[key] = self.module.Markdown(**kwargs)
        return converter.reset()


def reuse_converters(page_class: type) -> None:
    """Make the engine's page code (the module of ``page_class``) take kept converters."""
    code = sys.modules.get(page_class.__module__)
    module = getattr(code, "markdown", None)
    if isinstance(module, types.ModuleType) and callable(getattr(module, "Markdown", None)):
        code.markdown = _Kept(module)  # type: ignore[union-attr]
