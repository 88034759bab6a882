"""A small server-side SVG line chart for the target path: no JavaScript, CJK-safe labels.

Colours are presentation attributes (right for the PDF and a standalone file); inline in
a page, the classes let the site stylesheet restyle it for dark mode.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.locale.phrases import lines as phrase_lines
from generator.render.text.escape import clean
from generator.settings import BRAND

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 20, 40
INK = 'fill="#64748b"'
FONT = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', Meiryo, sans-serif"


def _xml(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def line_chart(
    points: list[tuple[str, float]],
    *,
    title: str,
    prefix: str,
    y_label: Callable[[float], str],
    baseline: float | None = None,
    actual: list[float | None] | None = None,
    forecast: list[float | None] | None = None,
    legend: tuple[str, str, str] | None = None,
    baseline_label: str = "",
    caption: str = "",
    brand: str = BRAND,
) -> str:
    """An SVG chart of ``(x label, value)`` points, y axis from 0 (or below the baseline).
    ``actual`` and ``forecast`` (aligned with the points, None where there is none) draw
    what happened and where the pace leads; ``legend`` names the three lines in words;
    ``baseline_label`` names the dashed baseline where it ends; ``caption`` says what the
    values are, above the axis (when no legend takes that place)."""
    values = [v for _, v in points]
    extra = [v for v in [*(actual or []), *(forecast or [])] if v is not None]
    top = max([*values, *extra, baseline or 0]) or 1.0
    top = _nice(top)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(points) - 1) if len(points) > 1 else 0

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - (v / top) * plot_h

    parts = [
        f'<svg class="target-path-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{prefix}-title"'
        f' font-family="{FONT}" font-size="11">',
        f'<title id="{prefix}-title">{_xml(title)}</title>',
    ]
    for k in range(5):
        value = top * k / 4
        gy = y(value)
        grid = f'x1="{LEFT}" y1="{gy:.1f}" x2="{WIDTH - RIGHT}" y2="{gy:.1f}"'
        parts.append(f'<line class="grid" {grid} stroke="#e2e8f0"/>')
        tick = _xml(y_label(value))
        parts.append(
            f'<text class="axis" x="{LEFT - 8}" y="{gy + 4:.1f}" text-anchor="end" {INK}>{tick}</text>'
        )
    every = max(1, round(len(points) / 12))
    for i, (label, _) in enumerate(points):
        if i % every == 0 or i == len(points) - 1:
            where = f'x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}"'
            parts.append(f'<text class="axis" {where} text-anchor="middle" {INK}>{_xml(label)}</text>')
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
    area = f"{x(0):.1f},{y(0):.1f} {line} {x(len(points) - 1):.1f},{y(0):.1f}"
    parts.append(f'<polygon class="area" points="{area}" fill="{brand}" fill-opacity="0.10"/>')
    parts.append(f'<polyline class="line" points="{line}" fill="none" stroke="{brand}" stroke-width="2.5"/>')
    for i, (_, v) in enumerate(points):
        parts.append(f'<circle class="point" cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.2" fill="{brand}"/>')
    if baseline:
        by = y(baseline)
        parts.append(
            f'<line class="baseline" x1="{LEFT}" y1="{by:.1f}" x2="{WIDTH - RIGHT}" y2="{by:.1f}"'
            ' stroke="#ea580c" stroke-dasharray="5 4"/>'
        )
        if baseline_label:  # said where the line ends, not left to a colour
            parts.append(
                f'<text class="baseline-label" x="{WIDTH - RIGHT}" y="{by - 6:.1f}" text-anchor="end"'
                f' fill="#9a3412">{_xml(baseline_label)}</text>'
            )
    if forecast:
        dots = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(forecast) if v is not None)
        parts.append(
            f'<polyline class="forecast" points="{dots}" fill="none" stroke="#0f172a" stroke-width="2"'
            ' stroke-dasharray="6 5"/>'
        )
    if actual:
        dots = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(actual) if v is not None)
        parts.append(
            f'<polyline class="actual" points="{dots}" fill="none" stroke="#0f172a" stroke-width="2.5"/>'
        )
        for i, got in enumerate(actual):
            if got is not None:  # squares, not circles: told apart without colour
                parts.append(
                    f'<rect class="actual-point" x="{x(i) - 4:.1f}" y="{y(got) - 4:.1f}" width="8" height="8"'
                    ' fill="#0f172a"/>'
                )
    if legend:
        parts.append(_legend(legend, brand))
    elif caption:
        parts.append(f'<text class="caption" x="{LEFT}" y="12" {INK}>{_xml(caption)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _legend(names: tuple[str, str, str], brand: str) -> str:
    """The three lines named in words above the plot: plan (circles), actual (squares), forecast (dashes)."""
    plan, actual, forecast = (_xml(n) for n in names)
    y0 = 10
    return "\n".join(
        [
            f'<g class="legend" font-size="11" {INK}>',
            f'<circle cx="{LEFT + 6}" cy="{y0}" r="3.2" fill="{brand}"/>',
            f'<text x="{LEFT + 14}" y="{y0 + 4}">{plan}</text>',
            f'<rect x="{LEFT + 150}" y="{y0 - 4}" width="8" height="8" fill="#0f172a"/>',
            f'<text x="{LEFT + 164}" y="{y0 + 4}">{actual}</text>',
            f'<line x1="{LEFT + 300}" y1="{y0}" x2="{LEFT + 324}" y2="{y0}" stroke="#0f172a" stroke-width="2"'
            ' stroke-dasharray="6 5"/>',
            f'<text x="{LEFT + 330}" y="{y0 + 4}">{forecast}</text>',
            "</g>",
        ]
    )


def _nice(value: float) -> float:
    """The next 'round' number at or above ``value`` for the top of the axis."""
    import math

    exponent = 10.0 ** math.floor(math.log10(value))
    for factor in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= factor * exponent:
            return float(factor * exponent)
    return 10.0 * exponent


BAR_ROW, BAR_LABEL_W, BAR_VALUE_W = 30, 260, 90
GROUP_HEAD = 22


Bar = tuple[str, float, bool]
"""(label, value, highlighted): the client's own accounts stand out against competitors."""
LABEL_CHARS = 20
"""A label longer than this (in full-width characters) takes a second line, never an ellipsis."""


def bar_chart(
    groups: list[tuple[str, list[Bar]]],
    *,
    title: str,
    prefix: str,
    value_label: Callable[[float], str],
    brand: str = BRAND,
) -> str:
    """Horizontal bars in groups, each group on its own scale under its name (Instagram's
    followers are compared with Instagram's, never drawn beside TikTok's); a long label wraps
    onto a second line between its phrases."""
    head = TOP + 18  # room for the visible title
    plot_w = WIDTH - BAR_LABEL_W - BAR_VALUE_W
    named = sum(1 for name, _ in groups if name)
    rows = sum(len(bars) for _, bars in groups)
    height = head + BAR_ROW * rows + GROUP_HEAD * named + 8
    parts = [
        f'<svg class="bar-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" role="img" aria-labelledby="{prefix}-title"'
        f' font-family="{FONT}" font-size="12">',
        f'<title id="{prefix}-title">{_xml(title)}</title>',
        f'<text class="chart-title" x="{BAR_LABEL_W}" y="{TOP}" font-weight="bold" fill="#334155"'
        f' aria-hidden="true">{_xml(title)}</text>',
    ]
    y = head
    for name, bars in groups:
        if name:
            parts.append(
                f'<text class="chart-group" x="{BAR_LABEL_W}" y="{y + 14}" font-weight="bold" {INK}>'
                f"{_xml(name)}</text>"
            )
            y += GROUP_HEAD
        top = _nice(max((v for _, v, _ in bars), default=0) or 1.0)
        for label, value, highlighted in bars:
            width = max(0.0, value / top * plot_w)
            colour = brand if highlighted else "#94a3b8"
            value_at = f'x="{BAR_LABEL_W + width + 6:.1f}" y="{y + 15}"'
            parts += [
                _label(label, y),
                f'<rect class="bar{" bar--own" if highlighted else ""}" x="{BAR_LABEL_W}" y="{y + 3}"'
                f' width="{width:.1f}" height="{BAR_ROW - 10}" rx="3" fill="{colour}"/>',
                f'<text class="axis" {value_at} {INK}>{_xml(value_label(value))}</text>',
            ]
            y += BAR_ROW
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _label(label: str, y: float) -> str:
    """A bar's label right-aligned before it: one line, or two split between phrases."""
    at = f'x="{BAR_LABEL_W - 10}" text-anchor="end"'
    if _width(label) <= LABEL_CHARS:
        return f'<text class="axis" {at} y="{y + 15}" {INK}>{_xml(label)}</text>'
    lines = phrase_lines(label, lambda line: _width(line) <= LABEL_CHARS)
    first, rest = lines[0].rstrip(), "".join(lines[1:]).strip()
    return (
        f'<text class="axis" {at} y="{y + 9}" font-size="11" {INK}>'
        f'<tspan x="{BAR_LABEL_W - 10}">{_xml(first)}</tspan>'
        f'<tspan x="{BAR_LABEL_W - 10}" dy="13">{_xml(rest)}</tspan></text>'
    )


def _width(text: str) -> float:
    """Width in full-width characters: Latin letters count about half."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)
