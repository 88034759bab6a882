"""The deck as a 16:9 PDF, from the same slide model as the PowerPoint, set by WeasyPrint
(faster than rendering the PPTX, and no office suite on the machine)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from markupsafe import Markup

from generator.cache.store import write_atomic
from generator.render.deck.slide import Slide, figures_height, grid
from generator.render.print.pdf import typeset
from generator.render.text.templates import environment


def deck_html(
    slides: list[Slide],
    *,
    language: str,
    title: str,
    agency: str,
    colour: str,
    trees: dict[int, str],
    chart: str,
    stamp: str = "",
) -> str:
    css = resources.files("generator").joinpath("static/deck.css").read_text(encoding="utf-8")
    template = environment(None, "html").get_template("deck/deck.html")
    return template.render(
        slides=slides,
        stamp=stamp,
        lang=language,
        title=title,
        agency=agency,
        colour=colour,
        css=Markup(css),
        trees={i: Markup(svg) for i, svg in trees.items()},
        chart=Markup(chart),
        layout=lambda slide: grid(len(slide.cards), slide.columns),
        figures_height=figures_height,
    )


def write_deck_pdf(
    html: str, target: Path, name: str, notes: list[str] | None = None, cache_dir: Path | None = None
) -> Path:
    write_atomic(target, typeset(html, {}, name, notes, cache_dir))
    return target
