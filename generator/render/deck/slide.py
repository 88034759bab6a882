"""One slide as data: its message (the title), a key figure, points, a table, a chart or a
tree, and speaker notes. The PDF and the PowerPoint writers draw the same slides."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.analysis.kpitree import Solution
from generator.locale.labels import Labels
from generator.render.figures.images import Picture


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    """Which columns are figures (right-aligned)."""
    weights: list[float] | None = None
    """How the text columns share the width left by the figures (equal when None)."""


@dataclass
class Slide:
    kind: str
    kicker: str
    title: str
    figure: str = ""
    figure_label: str = ""
    bullets: list[str] = field(default_factory=list)
    table: Table | None = None
    notes: str = ""
    chart: list[tuple[str, float]] = field(default_factory=list)
    """(month, target) points of the target path, for a native line chart."""
    chart_format: str = "#,##0"
    """The chart's values as the pages write them (a spreadsheet number format: 0%, #,##0"円")."""
    tree: Solution | None = None
    """The KPI tree (or one branch of it) drawn on this slide."""
    stacked: bool = False
    """The points above the table, the table at full width (a wide table)."""
    picture: Picture | None = None
    """The plan's picture for this slide (cover, persona, content, current state)."""


def continued(slide: Slide, t: Labels, most: int) -> list[Slide]:
    """A slide with too many points, split: the same title, marked as continued."""
    if len(slide.bullets) <= most:
        return [slide]
    parts = [slide.bullets[i : i + most] for i in range(0, len(slide.bullets), most)]
    out = []
    for i, bullets in enumerate(parts):
        title = slide.title if i == 0 else t("deck_continued", title=slide.title)
        out.append(
            Slide(
                slide.kind,
                slide.kicker,
                title,
                slide.figure if i == 0 else "",
                slide.figure_label if i == 0 else "",
                bullets,
                None,
                slide.notes,
            )
        )
    return out
