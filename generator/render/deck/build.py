"""`proposals deck`: a plan's slides as ``<slug>-deck.pdf`` and ``<slug>-deck.pptx``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.analysis.kpitree import Solution
from generator.analysis.report import PlanReport
from generator.cache.store import Store, code_digest, fingerprint, write_atomic
from generator.errors import DiagramError
from generator.inputs.snapshot import Inputs
from generator.inputs.versioned import Versioned
from generator.locale.labels import labels
from generator.render.deck.fit import tree_scale
from generator.render.deck.pdf_writer import deck_html, write_deck_pdf
from generator.render.deck.pptx_style import Brand
from generator.render.deck.pptx_tree import TreeLayout
from generator.render.deck.pptx_writer import write_pptx
from generator.render.deck.slides import build_slides
from generator.render.figures.diagram import dot_names, kpi_tree_dot, render_svg, tree_id, tree_layout
from generator.render.figures.path import path_chart
from generator.render.renderset import DECK_FORMATS as FORMATS
from generator.render.renderset import RenderOptions, deck_names
from generator.render.views.proposal import proposal_view
from generator.settings import BRAND, Settings

PPTX_LIMIT = 128 * 1024 * 1024
PPTX_KEPT = 500
"""Decks kept in the cache (the ones used last)."""


@dataclass(frozen=True)
class DeckOptions:
    colour: str = BRAND
    """The brand colour (cover, kicker, key figures, table heads, the KGI box)."""
    cache_dir: Path | None = None
    public: bool = False
    inputs: Inputs = field(default_factory=Inputs)
    """Where the pictures, the logo (a PNG or JPEG for the cover) and the agency's own .pptx
    (its masters and placeholders carry the slides) are read from."""
    versions: tuple[tuple[str, Versioned], ...] = ()
    """What was sent of each proposal: a sent version's deck names it on its last slide."""

    @classmethod
    def from_settings(
        cls, settings: Settings, root: Path, cache_dir: Path | None, *, public: bool = False
    ) -> DeckOptions:
        """From the plugin options ``deck_color`` and ``deck_logo`` (relative to mkdocs.yml)."""
        return cls(
            colour=settings.palette().brand,
            cache_dir=cache_dir,
            public=public,
            inputs=Inputs.of(settings.paths(root), settings.date_order, actuals=not public),
        )

    @classmethod
    def for_site(cls, settings: Settings, root: Path, site: RenderOptions) -> DeckOptions:
        """A site's decks: its access level, sent versions and the reader its pages read through."""
        options = cls.from_settings(settings, root, site.cache_dir, public=site.public)
        return dataclasses.replace(options, versions=site.versions, inputs=site.inputs)


def write_deck(
    report: PlanReport,
    out: Path,
    options: DeckOptions,
    formats: tuple[str, ...] = FORMATS,
    notes: list[str] | None = None,
) -> list[Path]:
    """The deck files of one plan in ``out``; what a public build may not show stays out."""
    plan = report.plan
    language = plan.language
    t = labels(language)
    stamp = dict(options.versions).get(report.slug, Versioned()).stamp
    view = proposal_view(report, internal=False, public=options.public, stamp=stamp)
    slides = build_slides(report, view)
    placed = options.inputs.pictures(report)
    kinds = {"cover": "cover", "persona": "persona", "content": "content", "situation": "situation"}
    for slide in slides:  # each picture on the first slide of its kind
        if kinds.get(slide.kind) in placed and placed[kinds[slide.kind]]:
            slide.picture = placed[kinds[slide.kind]].pop(0)
    agency = plan.prepared.by if plan.prepared and plan.prepared.by else ""
    written: list[Path] = []
    solution = report.solution
    # One drawing per tree slide: the whole tree (the site's own DOT, so its cached SVG is
    # reused) or a branch, laid out across or down, whichever draws it larger on the slide.
    trees = {i: s.tree for i, s in enumerate(slides) if s.tree is not None}
    drawn = {
        i: _oriented(
            tree,
            language,
            tree_id(report.slug) if tree is solution else f"deck-{report.slug}-{i}",
            slides[i].title,
            options.cache_dir,
        )
        for i, tree in trees.items()
    }
    try:
        if "pptx" in formats:
            layouts = {
                i: TreeLayout(d.graph, dot_names(trees[i].root), vertical=d.vertical)
                for i, d in drawn.items()
            }
            logo = options.inputs.deck_logo
            brand = Brand(options.colour, agency, options.inputs.logo(), logo.name if logo else "")
            template = options.inputs.template()
            target = out / deck_names(report.slug)["pptx"]
            dated = plan.prepared.date if plan.prepared and plan.prepared.date else None
            key = pptx_key(slides, language, brand, layouts, template, stamp, dated)
            store = Store(options.cache_dir) if options.cache_dir is not None else None
            kept = store.get("pptx", key, PPTX_LIMIT) if store is not None else None
            if kept is not None and store is not None:
                write_atomic(target, kept)
                store.touch("pptx", key)
            else:
                data = write_pptx(
                    slides,
                    target,
                    language=language,
                    t=t,
                    brand=brand,
                    layouts=layouts,
                    template=template,
                    template_name=str(options.inputs.deck_template or ""),
                    stamp_line=stamp,
                    stamp=dated,
                )
                if store is not None:
                    store.put("pptx", key, data)
                    store.keep_recent("pptx", PPTX_KEPT)
            written.append(target)
        if "pdf" in formats:
            svgs = {
                i: _sized(render_svg(d.dot, d.prefix, slides[i].title, options.cache_dir), d.scale)
                for i, d in drawn.items()
            }
            title = t("path_alt", kgi=view.kgi.label)
            chart = path_chart(report, title=title, prefix=f"deck-path-{report.slug}", brand=options.colour)
            html = deck_html(
                slides,
                language=language,
                title=view.title,
                agency=agency,
                colour=options.colour,
                trees=svgs,
                chart=chart,
                stamp=stamp,
            )
            written.append(
                write_deck_pdf(
                    html, out / deck_names(report.slug)["pdf"], report.file, notes, options.cache_dir
                )
            )
    except DiagramError as exc:
        raise DiagramError(f"{report.file}: {exc}") from None
    return written


@dataclass(frozen=True)
class _Drawn:
    dot: str
    prefix: str
    graph: dict[str, Any]
    vertical: bool
    scale: float


def _oriented(tree: Solution, language: str, prefix: str, title: str, cache_dir: Path | None) -> _Drawn:
    across = kpi_tree_dot(tree, language, prefix, title)
    down = kpi_tree_dot(tree, language, f"{prefix}-tb", title, rankdir="TB")
    options = []
    for dot, name, vertical in ((across, prefix, False), (down, f"{prefix}-tb", True)):
        graph = tree_layout(dot, cache_dir)
        options.append(_Drawn(dot, name, graph, vertical, tree_scale(str(graph["bb"]))))
    # Across unless down draws it clearly larger: the site draws it across too.
    return options[1] if options[1].scale > options[0].scale * 1.1 else options[0]


def _sized(svg: str, scale: float) -> str:
    """The SVG at the tree's slide scale (its width and height in points, times ``scale``)."""

    def grown(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{float(match.group(2)) * scale:.1f}pt"'

    head, sep, rest = svg.partition(">")
    head = re.sub(r'\b(width|height)="([\d.]+)pt"', grown, head)
    return head + sep + rest


def pptx_key(
    slides: list[Any],
    language: str,
    brand: Brand,
    layouts: dict[int, TreeLayout],
    template: bytes | None,
    stamp: str,
    dated: dt.date | None,
) -> str:
    """What a PowerPoint deck is made from, as one digest: its slides (pictures included, as
    bytes), the trees' layouts, the brand, the template's and the logo's bytes, and this
    code's own — so a proposal whose pitch did not change keeps its deck when its month's
    figures do, and any change to what it shows makes a new one."""
    digest = hashlib.sha256(_code())
    digest.update(repr((slides, language, brand.color, brand.agency, stamp, dated)).encode("utf-8"))
    for i in sorted(layouts):
        digest.update(json.dumps(layouts[i].graph, sort_keys=True, default=str).encode("utf-8"))
        digest.update(repr(sorted(layouts[i].names)).encode("utf-8"))
    for data in (brand.logo, template):
        digest.update(hashlib.sha256(data).digest() if data is not None else b"-")
    return digest.hexdigest()


@cache
def _code() -> bytes:
    import pptx

    return fingerprint(f"python-pptx {pptx.__version__}", code_digest(__name__.rpartition(".")[0])).encode()
