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
