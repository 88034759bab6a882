"""The built-in domain knowledge: YAML files beside this module, validated on first use.

Code asks questions of this data (is a metric KGI-class, which KPIs serve a purpose,
how fast may followers grow on a platform) instead of encoding the answers itself.

The models and the loader live in :mod:`generator.knowledge.catalogue` and are handed out
from here when first asked for: the light modules of this package (the vocabularies, the
quantities, the metric kinds) are imported by commands that never touch the catalogue,
such as a rebuild with nothing to do, and must not cost them pydantic and the models.
"""

from __future__ import annotations

import pkgutil
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.knowledge.catalogue import *  # noqa: F403


@cache
def _submodules() -> frozenset[str]:
    return frozenset(module.name for module in pkgutil.iter_modules(__path__))  # noqa: F405


def __getattr__(name: str) -> Any:
    # A submodule asked for by name (``from generator.knowledge import vocab``) is imported
    # by the import system itself once this says it is not an attribute.
    if name.startswith("__") or name in _submodules():
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from generator.knowledge import catalogue

    try:
        return getattr(catalogue, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
