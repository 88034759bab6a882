"""The `proposals` command line."""

from generator.cli.commands import main

__all__ = ["main"]
