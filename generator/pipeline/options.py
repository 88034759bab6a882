"""The options of a workspace's documents, for commands that write them outside a site build."""

from __future__ import annotations

from generator.inputs.snapshot import Inputs
from generator.render.deck.build import DeckOptions
from generator.render.print.pdf import PdfOptions
from generator.render.text.markdown import MarkdownConfig
from generator.workspace import Workspace


def inputs(workspace: Workspace) -> Inputs:
    """What a command reads besides the plans, through one reader."""
    return Inputs.of(workspace.paths, workspace.date_order)


def pdf_options(workspace: Workspace, *, landscape: bool = False) -> PdfOptions:
    return PdfOptions(
        MarkdownConfig.from_settings(workspace.settings),
        landscape=landscape,
        theme_dir=workspace.theme_dir,
        cache_dir=workspace.paths.diagrams,
        palette=workspace.plugin.palette(),
        inputs=inputs(workspace),
    )


def deck_options(workspace: Workspace) -> DeckOptions:
    return DeckOptions.from_settings(workspace.plugin, workspace.root, workspace.paths.diagrams)
