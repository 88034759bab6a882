"""The KPI tree on slides: the whole tree when it fits one slide at a size people read,
else an overview and a slide per branch, split again until each fits."""

from __future__ import annotations

from dataclasses import replace

from generator.analysis.kpitree import Solution, SolvedNode
from generator.analysis.report import PlanReport
from generator.locale.labels import Labels
from generator.render.deck.slide import Slide
from generator.render.views.proposal import ProposalView

MAX_TREE_LEAVES = 7
MAX_TREE_DEPTH = 4
"""A tree with more leaves or levels than this is shown as an overview (the goal and its
parts) and a slide per branch, each split again until it fits: at full width a slide holds
about seven boxes high and four across at the size people read (12 pt and more)."""


def tree_slides(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    solution = report.solution
    if solution is None or not solution.root.children:
        return []
    root = solution.root
    lang = p.language
    parts = [_part(child, lang) for child in root.children]
    key = {"product": "deck_tree_product", "sum": "deck_tree_sum"}.get(root.op or "", "deck_tree_drivers")
    joiner = {"product": " × ", "sum": " + "}.get(root.op or "", t.list_sep)
    title = t(key, target=root.shown(lang, compact=True), parts=joiner.join(parts))
    notes = "\n".join(f"{r.label}: {r.value}" for r in p.tree.rows)
    if _fits(root):
        return [Slide("tree", t.page_kpi, title, tree=solution, notes=notes)]
    return _branches(root, title, notes, t, lang)


def _fits(node: SolvedNode) -> bool:
    leaves = [n for n in node.walk() if not n.children]
    return len(leaves) <= MAX_TREE_LEAVES and _depth(node) <= MAX_TREE_DEPTH


def _depth(node: SolvedNode) -> int:
    return 1 + max((_depth(child) for child in node.children), default=0)


def _branches(node: SolvedNode, title: str, notes: str, t: Labels, lang: str) -> list[Slide]:
    """A node and its parts on one slide, then each part that has parts of its own, split
    again until every slide's tree fits."""
    overview = replace(node, children=[replace(child, children=[]) for child in node.children])
    slides = [Slide("tree", t.page_kpi, title, tree=Solution(overview), notes=notes)]
    for child in node.children:
        if not child.children:
            continue
        branch = t("deck_tree_branch", branch=child.label, target=child.shown(lang, compact=True))
        if _fits(child):
            slides.append(Slide("tree", t.page_kpi, branch, tree=Solution(child)))
        else:
            slides += _branches(child, branch, "", t, lang)
    return slides


def _part(node: SolvedNode, lang: str) -> str:
    return f"{node.label} {node.shown(lang, compact=True)}" if node.value is not None else node.label
