"""The engine adapter: the only code that imports ProperDocs or MkDocs.

ProperDocs, the maintained fork of MkDocs 1.6, is the engine when it is installed (a
default dependency); importing its `replacement` module makes every later `mkdocs.*`
import — ours and Material's — resolve to ProperDocs. When MkDocs is already running (a
user's own `mkdocs build` loaded this plugin), that engine is kept: swapping modules
under a running build would mix two engines' classes.
"""

from __future__ import annotations

import contextlib
import os
import sys

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def use_engine() -> None:
    """Choose the engine before the first `mkdocs` import of this process (cheap to repeat).

    Called when a build is about to run, not on import: a command that ends up building
    nothing (a no-op rebuild) never pays for loading an engine.
    """
    if "mkdocs" not in sys.modules:
        with contextlib.suppress(ImportError):  # MkDocs 1.6 alone still works
            import properdocs.replacement  # noqa: F401


def engine_name() -> str:
    """The engine this process builds with: 'properdocs' or 'mkdocs'."""
    module = sys.modules.get("mkdocs")
    return "properdocs" if module is not None and module.__name__ == "properdocs" else "mkdocs"


def log_root() -> str:
    """The top logger of the running engine (its builds and plugins log below it)."""
    return engine_name()


def plugin_log_name() -> str:
    """The logger our plugin's notes go to (``get_plugin_logger`` of the running engine)."""
    return f"{log_root()}.plugins.generator.engine.plugin"
