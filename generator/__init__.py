"""sns-proposals: social-media strategy proposals from YAML plans."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sns-proposals")
except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
    __version__ = "0.0.0"
