"""The month as a monthly report tells it, beyond the plan's table: each figure against last
month and a year before, the top and bottom posts, followers at each month's end, and the
visits each platform sent — as plain rows of text in the plan's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.actuals.month import MonthFacts, Ranked, month_facts
from generator.actuals.report import Tracked
from generator.analysis.report import PlanReport
from generator.knowledge import kinds, knowledge
from generator.locale import formatting
from generator.locale.labels import labels
from generator.plans.values import Month
from generator.render.views.progress import Node, nodes_of

CAPTION_CHARS = 40
"""The opening words of a caption, as a row shows them."""


@dataclass(frozen=True)
class ChangeRow:
    label: str
    platform: str
    actual: str
    monthly: str
    yearly: str


@dataclass(frozen=True)
class PostRow:
    best: bool
    """Among the month's best of its platform, or its least."""
    rank: int
    """Its place in that end of its platform's ranking (1 the best, or the least)."""
    date: str
    platform: str
    kind: str
    caption: str
    link: str
    metric: str
    value: str


@dataclass(frozen=True)
class FollowerRow:
    platform: str
    value: str
    change: str
    path: str


@dataclass(frozen=True)
class SessionRow:
    platform: str
    value: str
    share: str


@dataclass
class MonthSections:
    facts: MonthFacts
    changes: list[ChangeRow] = field(default_factory=list)
    posts: list[PostRow] = field(default_factory=list)
    """Platform by platform: its best posts of the month, then its least."""
    followers: list[FollowerRow] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)
    sessions_total: str = ""


def month_sections(report: PlanReport, tracked: Tracked, month: Month) -> MonthSections:
    lang = report.plan.language
    facts = month_facts(report, tracked, month)
    out = MonthSections(facts)
    cells = dict(tracked.progress.months).get(month, {})
    for node in nodes_of(report):
        change = facts.changes.get(node.key)
        cell = cells.get(node.key)
        if change is None or cell is None or cell.actual is None:
            continue
        out.changes.append(
            ChangeRow(
                node.label,
                node.platform,
                node.shown(cell.actual, lang, compact=True),
                _change(change.change, change.previous, node, lang),
                _change(change.yearly, change.last_year, node, lang),
            )
        )
    best, least = _posts(facts.top, True, lang), _posts(facts.bottom, False, lang)
    out.posts = sorted([*best, *least], key=lambda r: (r.platform, not r.best, r.rank))
    kb = knowledge()
    for platform, path in sorted(facts.followers.items()):
        value = path[-1][1]
        before = path[-2][1] if len(path) > 1 and path[-2][0] == month.plus(-1) else None
        out.followers.append(
            FollowerRow(
                kb.platforms[platform].name(lang),
                _count(value, lang, "followers"),
                _signed(value - before, lang, "followers") if before is not None else "—",
                " → ".join(
                    f"{label} {_count(v, lang, 'followers')}"
                    for label, (_, v) in zip(
                        formatting.axis_months([m for m, _ in path[-6:]], lang), path[-6:], strict=True
                    )
                ),
            )
        )
    total = facts.sessions_total
    for platform, value in sorted(facts.sessions.items(), key=lambda kv: -kv[1]):
        out.sessions.append(
            SessionRow(
                kb.platforms[platform].name(lang) if platform in kb.platforms else platform,
                _count(value, lang, "sns_sessions"),
                formatting.rate(value / total) if total else "",
            )
        )
    out.sessions_total = _count(total, lang, "sns_sessions") if total else ""
    return out


def _count(value: float, lang: str, metric: str) -> str:
    return formatting.value(value, "count", None, lang, compact=True, metric=metric)


def _signed(value: float, lang: str, metric: str) -> str:
    shown = _count(abs(value), lang, metric)
    return f"+{shown}" if value > 0 else f"−{shown}" if value < 0 else "±0"


def _change(change: float | None, before: float | None, node: Node, lang: str) -> str:
    """A change as a reader takes it in: a rate's in points, a count's or money's in per cent;
    one that rounds to nothing is said as none, never as −0."""
    if before is None or change is None:
        return "—"
    if kinds.kind(node.kind).share:
        points = round((before * (1 + change) - before) * 100, 1)
        unit = "pt" if lang == "en" else "ポイント"
        return f"±0.0{unit}" if points == 0 else f"{points:+.1f}{unit}".replace("-", "−")
    shown = round(change * 100)
    return "±0%" if shown == 0 else f"{shown:+d}%".replace("-", "−")


def _posts(ranked: list[Ranked], best: bool, lang: str) -> list[PostRow]:
    """Rows numbered within each platform's ranking."""
    seen: dict[str, int] = {}
    rows = []
    for item in ranked:
        seen[item.post.platform] = seen.get(item.post.platform, 0) + 1
        rows.append(_post(item, best, seen[item.post.platform], lang))
    return rows


def _post(ranked: Ranked, best: bool, rank: int, lang: str) -> PostRow:
    post = ranked.post
    kb = knowledge()
    caption = " ".join(post.caption.split())
    if len(caption) > CAPTION_CHARS:
        caption = caption[:CAPTION_CHARS].rstrip() + "…"
    metric = kb.metrics[ranked.metric].name(lang) if ranked.metric in kb.metrics else ranked.metric
    link = post.link if post.link.startswith(("https://", "http://")) else ""
    kind = kb.exports.post_kinds.get(" ".join(post.kind.lower().split()))
    return PostRow(
        best,
        rank,
        formatting.day_range(post.day, post.day, lang),
        kb.platforms[post.platform].name(lang) if post.platform in kb.platforms else post.platform,
        kind(lang) if kind is not None else post.kind,
        caption or labels(lang).no_caption,
        link,
        metric,
        _count(ranked.value, lang, ranked.metric),
    )
