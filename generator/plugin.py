"""The `mkdocs.plugins` entry point (`proposals`); the plugin lives in the engine adapter."""

from generator.engine.plugin import ProposalsPlugin

__all__ = ["ProposalsPlugin"]
