"""One palette from the settings: the brand colour is written in one place and reaches the
print stylesheet, the lock page, the charts and the deck from there."""

from __future__ import annotations

import re

import pytest

from generator.render.figures.chart import bar_chart, line_chart
from generator.render.print.pdf import print_stylesheet
from generator.settings import BRAND, Palette, Settings
from tests.conftest import REPO


def test_the_default_colour_is_written_once() -> None:
    """Everything else reads BRAND or var(--proposal-brand)."""
    pattern = re.compile(re.escape(BRAND), re.IGNORECASE)
    holders = [
        path.relative_to(REPO).as_posix()
        for path in (REPO / "generator").rglob("*")
        if path.suffix in (".py", ".css", ".html", ".md", ".js", ".yaml")
        and pattern.search(path.read_text("utf-8"))
    ]
    assert holders == ["generator/settings.py"]


def test_a_brand_colour_reaches_every_writer() -> None:
    palette = Settings.read({"deck_color": "#0E7C66"}).palette()
    assert palette.brand == "#0e7c66"
    css = print_stylesheet(palette)
    assert "--proposal-brand: #0e7c66" in css and "var(--proposal-brand)" in css
    assert palette.deep != palette.brand and re.fullmatch(r"#[0-9a-f]{6}", palette.deep)
    chart = line_chart([("1", 1.0), ("2", 2.0)], title="t", prefix="p", y_label=str, brand=palette.brand)
    bars = bar_chart(
        [("", [("a", 1.0, True), ("b", 2.0, False)])],
        title="t",
        prefix="b",
        value_label=str,
        brand=palette.brand,
    )
    assert "#0e7c66" in chart and "#0e7c66" in bars and BRAND not in chart + bars


@pytest.mark.parametrize("given", ["red", "#12345", "#1234567", "#00ff00; } body { display: none", 12])
def test_a_colour_that_is_not_one_is_refused(given: object) -> None:
    with pytest.raises(ValueError, match="six hex digits"):
        Settings.check("deck_color", given)


def test_the_lock_page_takes_the_palette() -> None:
    assert Palette("#aa0000").css().startswith(":root { --proposal-brand: #aa0000;")
    css = (REPO / "generator/static/protect.css").read_text("utf-8")
    assert "var(--proposal-brand)" in css
