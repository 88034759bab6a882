"""The `proposals` command line."""

from generator.cli import documents, month, plans, site, versions  # noqa: F401  (each adds its commands to the group)
from generator.cli.group import main

__all__ = ["main"]
