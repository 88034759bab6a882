"""What moved the KGI: the gap between a node's actual and its target, split across the parts
it is made of — for a product the log-ratio gap (log actual/target adds up across factors),
for a sum the absolute gap — and carried down the tree to the parts one can act on."""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.actuals.progress import Cell, node_key
from generator.analysis.kpitree import SolvedNode


@dataclass(frozen=True)
class Share:
    node: SolvedNode
    share: float
    """Its part of the parent's gap (for ``split``) or of the KGI's gap (for ``contributions``);
    negative when it moved the other way (a factor ahead while the whole fell short)."""


def split(node: SolvedNode, cells: dict[str, Cell]) -> list[Share]:
    """The node's gap split across its children; empty when a part has no actual or target,
    when the node is on target to the last decimal, or when it is no product or sum."""
    if node.op not in ("product", "sum") or not node.children:
        return []
    whole = cells.get(node_key(node))
    parts = [(child, cells.get(node_key(child))) for child in node.children]
    if not _complete(whole) or not all(_complete(cell) for _, cell in parts):
        return []
    assert whole is not None

    def gap(cell: Cell) -> float:
        assert cell.actual is not None and cell.target is not None
        return math.log(cell.actual / cell.target) if node.op == "product" else cell.actual - cell.target

    total = gap(whole)
    if abs(total) < 1e-12:
        return []
    return [Share(child, gap(cell) / total + 0.0) for child, cell in parts if cell is not None]


def contributions(root: SolvedNode, cells: dict[str, Cell]) -> list[Share]:
    """Every node's part of the KGI's gap: a child's share of its parent's gap times the
    parent's own share. A node whose children cannot be split keeps its share as a leaf."""
    found: list[Share] = []

    def visit(node: SolvedNode, weight: float) -> None:
        for part in split(node, cells):
            share = weight * part.share
            found.append(Share(part.node, share))
            visit(part.node, share)

    visit(root, 1.0)
    return found


def _complete(cell: Cell | None) -> bool:
    return (
        cell is not None
        and cell.actual is not None
        and cell.target is not None
        and cell.actual > 0
        and cell.target > 0
    )


DEPTH = 2
"""How far below the KGI's own parts the story goes (sessions → the platform that fell short)."""


@dataclass(frozen=True)
class Moved:
    """One line of what moved the KGI: a part, its share and how it is said."""

    said: str
    """moved_short | moved_ahead (with ``_only`` when it is the one cause) | moved_offset_short |
    moved_offset_ahead | moved_within"""
    node: SolvedNode
    share: float
    """Of the gross gap of the parts that moved the way the whole did (a part that ran the
    other way reads as making some of it up), so no part goes past 100 %."""
    parent: SolvedNode | None = None


def moved(root: SolvedNode, cells: dict[str, Cell]) -> list[Moved]:
    """Which parts of the KGI's own formula made its gap, then, part by part, inside the one
    that made most of it."""
    root_cell = cells.get(node_key(root))
    shares = split(root, cells)
    if not shares or root_cell is None or root_cell.ratio is None:
        return []
    short = root_cell.ratio < 1
    found = []
    gross = sum(s.share for s in shares if s.share > 0)
    alone = sum(1 for s in shares if s.share > 0) == 1
    for part in sorted(shares, key=lambda s: -s.share):
        if part.share > 0:
            said = "moved_short" if short else "moved_ahead"
            found.append(Moved(f"{said}_only" if alone else said, part.node, part.share / gross))
        elif part.share < 0:
            found.append(
                Moved("moved_offset_short" if short else "moved_offset_ahead", part.node, part.share / gross)
            )
    top = max(shares, key=lambda s: s.share)
    for _ in range(DEPTH):
        inner = [s for s in split(top.node, cells) if s.share > 0]
        if top.share <= 0 or not inner:
            break
        inner_gross = sum(s.share for s in inner)
        for part in sorted(inner, key=lambda s: -s.share):
            found.append(Moved("moved_within", part.node, part.share / inner_gross, top.node))
        top = max(inner, key=lambda s: s.share)
    return found
