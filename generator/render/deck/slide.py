"""One slide as data: its message (the title), a key figure, points, a table, a chart or a
tree, and speaker notes. The PDF and the PowerPoint writers draw the same slides."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from generator.analysis.kpitree import Solution
from generator.inputs.pictures import Picture
from generator.locale.labels import Labels


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    """Which columns are figures (right-aligned)."""
    weights: list[float] | None = None
    """How the text columns share the width left by the figures (equal when None)."""


@dataclass
class Card:
    """One point of a slide given room of its own: a heading (a date, a number, a name), its
    text, and a line aside (who, when)."""

    text: str
    heading: str = ""
    aside: str = ""


@dataclass
class Bar:
    label: str
    value: float
    shown: str
    """The value as the pages write it (「4,200人」「5.2万人」「40%」)."""
    note: str = ""
    """A second fact beside the value (「週2本」「月14本」)."""


@dataclass
class Bars:
    """Figures compared at a glance: bars in groups, each group on its own scale (Instagram's
    followers are never drawn against TikTok's), a caption saying what the bars measure."""

    groups: list[tuple[str, list[Bar]]]
    caption: str = ""
    footer: str = ""
    """A line under the bars (the total a client looks for)."""

    def scaled(self) -> list[tuple[str, list[tuple[Bar, float]]]]:
        """Each bar with its length as a share (0–1) of its group's longest."""
        out = []
        for name, bars in self.groups:
            top = max((b.value for b in bars), default=0.0)
            out.append((name, [(b, b.value / top if top > 0 else 0.0) for b in bars]))
        return out

    @property
    def count(self) -> int:
        return sum(len(bars) for _, bars in self.groups)


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
    chart_baseline: tuple[str, float] | None = None
    """The KGI today, named (「現状 40万円」): a dashed line across the chart."""
    chart_caption: str = ""
    """What the chart's values are (the KGI's name)."""
    chart_format: str = "#,##0"
    """The chart's values as the pages write them (a spreadsheet number format: 0%, #,##0"円")."""
    tree: Solution | None = None
    """The KPI tree (or one branch of it) drawn on this slide."""
    stacked: bool = False
    """The points above the table, the table at full width (a wide table)."""
    picture: Picture | None = None
    """The plan's picture for this slide (cover, persona, content, current state)."""
    lead: str = ""
    """The slide's one sentence in large type, above its cards."""
    cards: list[Card] = field(default_factory=list)
    """Points with room of their own, laid out in a grid that fills the body."""
    bars: Bars | None = None
    """A bar chart in place of a table whose figures compare."""
    columns: int = 0
    """The cards' columns (0: as many as suit their number)."""


def continued(slide: Slide, t: Labels, most: int, most_cards: int = 10) -> list[Slide]:
    """A slide with too many points or cards, split: the same title, marked as continued."""
    if len(slide.bullets) > most:
        parts = [slide.bullets[i : i + most] for i in range(0, len(slide.bullets), most)]
        first = replace(slide, bullets=parts[0], table=None)
        rest = [
            Slide(
                slide.kind, slide.kicker, t("deck_continued", title=slide.title), bullets=b, notes=slide.notes
            )
            for b in parts[1:]
        ]
        return [first, *rest]
    if len(slide.cards) > most_cards:
        parts_c = [slide.cards[i : i + most_cards] for i in range(0, len(slide.cards), most_cards)]
        return [
            replace(slide, cards=c)
            if i == 0
            else replace(slide, title=t("deck_continued", title=slide.title), cards=c, lead="", picture=None)
            for i, c in enumerate(parts_c)
        ]
    return [slide]


def grid(count: int, columns: int = 0) -> tuple[int, int]:
    """Columns and rows of a grid of ``count`` cards that fills a slide's body: a row of up
    to three, two by two, three by two, then two columns."""
    if columns:
        return columns, -(-count // columns)
    if count <= 3:
        return max(count, 1), 1
    if count == 4:
        return 2, 2
    if count <= 6:
        return 3, 2
    return 2, -(-count // 2)


def figures_height(slide: Slide) -> float:
    """The height in inches of a row of figures above a slide's points: taller when the
    points are few, so the slide is used to its foot."""
    return 2.4 if len(slide.bullets) <= 4 else 1.8
