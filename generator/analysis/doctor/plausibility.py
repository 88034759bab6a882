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
    """People reached beyond a multiple of the followers, where followers see posts first;
    views judged per piece posted, with a floor for short videos that are shown by interest."""
    people, showings = c.rules.people_counts, c.rules.showing_counts
    for node, platform, value in _monthly_nodes(c, EXPOSURE):
        followers = followers_on(c, platform) or 0.0
        threshold = c.rules.thresholds["exposure_per_follower"]
        if node.key in people:
            if not followers or platform not in threshold.by_platform:
                continue
            limit = threshold.for_platform(platform)
            if value <= followers * limit:
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
        elif node.key in showings:
            pieces = _pieces(c, platform)
            if not pieces or not followers:
                continue  # the plan says nothing of the account to judge by
            each = value / pieces
            floor = c.rules.value("views_per_video_floor", platform)
            allowed = max(followers * c.rules.value("views_per_piece"), floor)
            if each <= allowed:
                continue
            yield c.finding(
                "exposure-implausible",
                (*node.path, "metric"),
                "per_piece",
                "per_piece_hint",
                **_said(c, node, platform),
                pieces=f"{round(pieces):,}",
                each=formatting.value(each, "count", None, c.lang, compact=True),
                allowed=formatting.value(allowed, "count", None, c.lang, compact=True),
                followers=formatting.value(followers, "count", None, c.lang, metric="followers"),
            )


def _pieces(c: Context, platform: str) -> float:
    found = next((p for p in c.plan.platforms if p.id == platform), None)
    return found.posts_per_month() if found is not None else 0.0


def _route_targets(c: Context, platform_id: str, routes: dict[str, str | float]) -> dict[str, float]:
    """Each route's monthly figure the plan states: a platform KPI, else a tree node."""
    platform = next((p for p in c.plan.platforms if p.id == platform_id), None)
    found: dict[str, float] = {}
    if platform is not None:
        for k in platform.kpis:
            if k.metric in routes and k.target is not None and k.per in (None, "month"):
                found[k.metric] = k.target.value
    for node in c.solution.nodes() if c.solution else []:
        if node.key in routes and node.scope == platform_id and node.value is not None:
            found.setdefault(node.key, node.value)
    return found


def _paid(node: SolvedNode) -> bool:
    """A branch of paid media: its visits come through ads, not the profile's routes."""
    return any(n.key.startswith("paid_") for n in node.walk())


@rule
def link_routes_exceeded(c: Context) -> Iterator[Finding]:
    """Link visits from a platform cannot exceed what its routes to a link can bring (on
    Instagram: profile visits × the bio-link tap rate, and story link stickers), and story
    link taps cannot exceed the Stories' views."""
    for node, platform_id, value in _monthly_nodes(c, LINK_VISITS):
        routes = c.rules.link_routes.get(platform_id, {})  # type: ignore[call-overload]
        if not routes or _paid(node):
            continue
        stated = _route_targets(c, platform_id, routes)
        if not stated:
            continue
        capacity = sum(v * _share(c, routes[m]) for m, v in stated.items())
        if value > capacity * 1.0001:
            parts = c.join(
                f"{c.metric_name(m)} {formatting.value(v, 'count', None, c.lang, compact=True, metric=m)}"
                + ("" if _share(c, routes[m]) == 1 else f" × {formatting.rate(_share(c, routes[m]))}")
                for m, v in stated.items()
            )
            yield c.finding(
                "link-routes-exceeded",
                (*node.path, "metric"),
                "beyond",
                "hint",
                **_said(c, node, platform_id),
                routes=parts,
                total=formatting.value(capacity, "count", None, c.lang, compact=True),
            )
    yield from _story_taps(c)


def _share(c: Context, share: str | float) -> float:
    return c.rules.value(share) if isinstance(share, str) else float(share)


def _story_taps(c: Context) -> Iterator[Finding]:
    for i, platform in enumerate(c.plan.platforms):
        followers = followers_on(c, platform.id)
        stories = platform.posts_per_month(("stories",))
        for j, kpi in enumerate(platform.kpis):
            if kpi.metric != "story_link_taps" or kpi.target is None or not followers or not stories:
                continue
            views = followers * c.rules.value("story_reach_rate") * stories
            if kpi.target.value <= views:
                continue
            yield c.finding(
                "link-routes-exceeded",
                ("platforms", i, "kpis", j, "target"),
                "stories",
                "stories_hint",
                basis=kpi.basis,
                taps=formatting.value(kpi.target.value, "count", None, c.lang, compact=True),
                views=formatting.value(views, "count", None, c.lang, compact=True),
                stories=f"{round(stories):,}",
                followers=formatting.value(followers, "count", None, c.lang, metric="followers"),
                rate=formatting.rate(c.rules.value("story_reach_rate")),
            )


@rule
def line_messages_underbudgeted(c: Context) -> Iterator[Finding]:
    """A LINE Official Account is billed for the messages it delivers to friends who have not
    blocked it: the friends the plan starts with, plus those it plans to add each month, less
    the block rate it plans for, times its messages a month, under LINE's price list."""
    budget = c.plan.budget
    line = next((p for p in c.plan.platforms if p.id == "line"), None)
    friends = followers_on(c, "line")
    if budget is None or line is None or not friends:
        return
    per_month = line.posts_per_month(("messages",))
    if per_month <= 0:
        return
    kpis = {k.metric: k.target.value for k in line.kpis if k.metric and k.target is not None}
    added = kpis.get("line_friends_added", 0.0)
    reached = 1 - min(kpis.get("line_block_rate", 0.0), 1.0)
    months = c.plan.period.months if c.plan.period else 12
    costs = [_cheapest(c, (friends + added * m) * reached * per_month) for m in range(months)]
    if any(cost is None for cost in costs):
        return
    items = [(i, item) for i, item in enumerate(budget.items) if "line" in item.item.lower()]
    budgeted = sum(item.monthly.value for _, item in items if item.monthly)
    last = costs[-1] or 0.0
    if not items or last <= budgeted * 1.2:
        return
    where, _ = items[0]
    money = c.plan.currency()
    yield c.finding(
        "budget-unrealistic",
        ("budget", "items", where, "monthly"),
        "line" if not added else "line_growing",
        "line_hint",
        friends=formatting.value(friends, "count", None, c.lang, metric="followers"),
        messages=f"{per_month:g}",
        sends=f"{round(friends * reached * per_month):,}",
        cost=formatting.money(costs[0] or 0.0, money, c.lang),
        budgeted=formatting.money(budgeted, money, c.lang),
        added=f"{round(added):,}",
        last=formatting.money(last, money, c.lang),
        months=formatting.months(months, c.lang),
        total=formatting.money(sum(x or 0.0 for x in costs), money, c.lang),
        planned=formatting.money(budgeted * months, money, c.lang),
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
