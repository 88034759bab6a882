"""Numbers the plan states that cannot all be true at once: a month's reach far beyond the
followers the plan says the account has, link visits from a platform beyond the ways that
platform lets people reach a link, and fees that cannot pay for the plan's own sends and
videos. Each finding says both numbers, in the seed's terms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding
from generator.analysis.kpitree import SolvedNode
from generator.locale import formatting

EXPOSURE = ("reach", "impressions", "views", "video_views", "shorts_views")
LINK_VISITS = ("sns_sessions", "link_clicks")


def followers_on(c: Context, platform: str) -> float | None:
    """The followers the plan says the client has on a platform (its own accounts there)."""
    accounts = c.plan.situation.accounts if c.plan.situation else []
    found = [a.followers.value for a in accounts if a.platform == platform and a.followers is not None]
    return sum(found) if found else None


def _monthly_nodes(c: Context, metrics: tuple[str, ...]) -> Iterator[tuple[SolvedNode, str, float]]:
    """Tree nodes of ``metrics`` on a platform, with their platform and solved month value."""
    if c.solution is None or not (c.plan.kgi and c.plan.kgi.per == "month"):
        return  # only a month's figures compare with a month's
    for node in c.solution.nodes():
        if node.key in metrics and node.platform and node.value is not None:
            yield node, node.platform, node.value


def _said(c: Context, node: SolvedNode, platform: str) -> dict[str, Any]:
    """What both findings say of the node: which one, where, how much, and its stated basis."""
    return {
        "basis": node.basis,
        "node": node.label,
        "platform": c.kb.platforms[platform].name(c.lang),
        "value": node.shown(c.lang, compact=True),
    }


@rule
def exposure_implausible(c: Context) -> Iterator[Finding]:
    limit = c.rules.value("exposure_per_follower")
    for node, platform, value in _monthly_nodes(c, EXPOSURE):
        followers = followers_on(c, platform)
        if not followers or value <= followers * limit:
            continue
        yield c.finding(
            "exposure-implausible",
            (*node.path, "metric"),
            "beyond",
            "hint",
            **_said(c, node, platform),
            followers=formatting.value(followers, "count", None, c.lang, metric="followers"),
            times=formatting.multiple(value / followers, c.lang),
            limit=formatting.multiple(limit, c.lang),
        )


@rule
def link_routes_exceeded(c: Context) -> Iterator[Finding]:
    """Link visits from a platform cannot exceed the routes the platform has to a link (on
    Instagram: the bio after a profile visit, and story link stickers)."""
    for node, platform_id, value in _monthly_nodes(c, LINK_VISITS):
        routes = c.rules.link_routes.get(platform_id, ())  # type: ignore[call-overload]
        platform = next((p for p in c.plan.platforms if p.id == platform_id), None)
        if not routes or platform is None:
            continue
        stated: dict[str, float] = {
            k.metric: k.target.value
            for k in platform.kpis
            if k.metric and k.metric in routes and k.target is not None and k.per in (None, "month")
        }
        if not stated or value <= sum(stated.values()) * 1.0001:
            continue
        parts = c.join(
            f"{c.metric_name(m)} {formatting.value(v, 'count', None, c.lang, compact=True, metric=m)}"
            for m, v in stated.items()
        )
        yield c.finding(
            "link-routes-exceeded",
            (*node.path, "metric"),
            "beyond",
            "hint",
            **_said(c, node, platform_id),
            routes=parts,
            total=formatting.value(sum(stated.values()), "count", None, c.lang, compact=True),
        )


@rule
def line_messages_underbudgeted(c: Context) -> Iterator[Finding]:
    """A LINE Official Account sends to every friend: the plan's own friends and messages
    a month set what the plan costs under LINE's price list."""
    budget = c.plan.budget
    line = next((p for p in c.plan.platforms if p.id == "line"), None)
    friends = followers_on(c, "line")
    if budget is None or line is None or not friends:
        return
    per_month = line.posts_per_month(("messages",))
    if per_month <= 0:
        return
    sends = friends * per_month
    cost = _cheapest(c, sends)
    items = [(i, item) for i, item in enumerate(budget.items) if "line" in item.item.lower()]
    budgeted = sum(item.monthly.value for _, item in items if item.monthly)
    if cost is None or not items or cost <= budgeted * 1.2:
        return
    where, _ = items[0]
    yield c.finding(
        "budget-unrealistic",
        ("budget", "items", where, "monthly"),
        "line",
        "line_hint",
        friends=formatting.value(friends, "count", None, c.lang, metric="followers"),
        messages=f"{per_month:g}",
        sends=f"{round(sends):,}",
        cost=formatting.money(cost, c.plan.currency(), c.lang),
        budgeted=formatting.money(budgeted, c.plan.currency(), c.lang),
    )


def _cheapest(c: Context, sends: float) -> float | None:
    costs = []
    for plan in c.rules.line_plans:
        if sends <= plan.included:
            costs.append(plan.monthly)
        elif plan.extra is not None:
            costs.append(plan.monthly + (sends - plan.included) * plan.extra)
    return min(costs) if costs else None


_COUNT = re.compile(r"(?:月|month\D{0,3})?\s*(\d{1,4})\s*(本|videos?|reels?)", re.I)


@rule
def production_underbudgeted(c: Context) -> Iterator[Finding]:
    """A production line that pays for so many videos a month, against the videos the posting
    rhythms ask for."""
    budget = c.plan.budget
    if budget is None:
        return
    planned = c.plan.posts_per_month(c.rules.video_formats)
    if planned <= 0:
        return
    for i, item in enumerate(budget.items):
        text = f"{item.item} {item.note or ''}"
        found = _COUNT.search(text)
        if found is None or not item.monthly:
            continue
        paid = int(found[1])
        if paid and round(planned) > paid:
            yield c.finding(
                "budget-unrealistic",
                ("budget", "items", i, "note" if item.note and found[0] in item.note else "item"),
                "videos",
                "videos_hint",
                item=item.item,
                paid=str(paid),
                planned=str(round(planned)),
            )
            return


DIRECT_WORDS = ("直接", "directly", "paid to the platform", "媒体へのお支払い")


@rule
def direct_spend_invoiced(c: Context) -> Iterator[Finding]:
    """Spend the plan says is paid to a platform directly, yet counted in the agency's invoice."""
    budget = c.plan.budget
    if budget is None:
        return
    for i, item in enumerate(budget.items):
        text = f"{item.item} {item.note or ''}".lower()
        if item.billed == "agency" and any(word.lower() in text for word in DIRECT_WORDS):
            yield c.finding(
                "budget-unrealistic", ("budget", "items", i), "direct", "direct_hint", item=item.item
            )
