"""sns-proposals: social-media strategy proposals from YAML plans."""

import os
import sys

_DIST = "sns_proposals-"


def _installed_version() -> str:
    """The version pip recorded, from the name of its metadata folder: every build writes it
    into the output's manifest, and importlib.metadata costs a no-op rebuild 20 ms to load."""
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith(_DIST) and name.endswith(".dist-info"):
                return name[len(_DIST) : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sns-proposals")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return "0.0.0"


__version__ = _installed_version()
