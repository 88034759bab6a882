"""Purpose, KGI and KPIs: one purpose, a goal that is not a vanity metric, KPIs that reach it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.analysis import business
from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding
from generator.analysis.kpitree import SolvedNode
from generator.errors import KeyPath
from generator.locale import formatting
from generator.plans.values import Month, parse_month

# ---------------------------------------------------------------------------- purpose and KGI


@rule
def multiple_purposes(c: Context) -> Iterator[Finding]:
    if len(c.plan.purposes) > 1:
        names = c.purpose_names()
        yield c.finding(
            "multiple-purposes", ("purpose",), "chosen", "hint", n=len(c.plan.purposes), list=names
        )


@rule
def vanity_kgi(c: Context) -> Iterator[Finding]:
    kgi = c.plan.kgi
    if kgi is None:
        return
    metric = c.kb.metric(kgi.metric) if kgi.metric else None
    if metric is not None:
        if metric.can_be_kgi:
            return
        name, where = metric.name(c.lang), ("kgi", "metric")
    else:
        # A custom KGI named like a vanity metric ("instagram_followers", 「フォロワー数」,
        # "LinkedIn post reactions", 「エンゲージメント数」) is one. English words count whole
        # (with a plural): "reviews" is no "view".
        words = f"{kgi.id or ''} {kgi.label or ''}".lower().replace("_", " ")
        if not any(_names(word.lower(), words) for word in c.kb.rules.vanity_words):
            return
        name, where = kgi.label or kgi.id or "", ("kgi", "id")
    purpose = c.kb.purposes.get(c.plan.primary_purpose or "") or c.kb.purposes["sales"]
    yield c.finding(
        "vanity-kgi",
        where,
        "vanity",
        "hint",
        metric=name,
        purpose=purpose.name(c.lang),
        examples=c.names(_fitting_kgis(c, purpose.kgis), 3),
    )


def _names(word: str, text: str) -> bool:
    if word.isascii():
        return re.search(rf"\b{re.escape(word)}s?\b", text) is not None
    return word in text


def _fitting_kgis(c: Context, suggested: tuple[str, ...]) -> list[str]:
    """The purpose's own KGIs, those that fit this plan first: those it already names, then
    those its metrics drive (a restaurant's tree of profile visits points at reservations).
    Only the purpose's: site visits are a sales result, never an awareness goal, even when
    an awareness plan's reach drives them (the seed's table)."""
    named = {metric for _, metric, _ in c.platform_metrics()}
    named |= {n.key for n in c.solution.nodes() if not n.custom} if c.solution else set()
    trade = business.business_of(c.plan, c.kb)
    # A B2B plan is pointed at demo requests, not at online revenue.
    suggested = tuple(business.fitting(suggested, c.plan, c.kb, trade))
    used = [m for m in suggested if m in named]
    driven = [m for m in suggested if m not in used and named & set(c.kb.metrics[m].drivers)]
    return list(dict.fromkeys([*used, *driven, *suggested]))


@rule
def kgi_period_missing(c: Context) -> Iterator[Finding]:
    """A count or an amount of money means nothing without what it counts over."""
    kgi = c.plan.kgi
    if kgi is None or kgi.target is None or kgi.per is not None:
        return
    metric = c.kb.metric(kgi.metric or "")
    kind = c.solution.root.kind if c.solution else (metric.kind if metric else None)
    if kind not in ("count", "money") or (metric is not None and metric.level):
        return
    label = kgi.label or (metric.name(c.lang) if metric else kgi.key)
    target = c.solution.root.shown(c.lang, kgi.target.value) if c.solution else f"{kgi.target.value:g}"
    yield c.finding("kgi-period-missing", ("kgi", "target"), "missing", "hint", kgi=label, target=target)


@rule
def platform_not_in_plan(c: Context) -> Iterator[Finding]:
    used = {p.id for p in c.plan.platforms}
    for path, node, _ in c.tree_nodes():
        if node.platform and node.platform not in used:
            name = node.label or c.metric_name(node.metric or node.key)
            platform = c.kb.platforms[node.platform].name(c.lang)
            yield c.finding(
                "platform-not-in-plan", (*path, "platform"), "tree", "hint", node=name, platform=platform
            )


@rule
def next_step_past(c: Context) -> Iterator[Finding]:
    """Next steps dated before the proposal itself (or, undated proposals, before today)."""
    prepared = c.plan.prepared.date if c.plan.prepared else None
    since = prepared or c.today
    for i, step in enumerate(c.plan.next_steps):
        if step.date is not None and step.date < since:
            yield c.finding(
                "next-step-past",
                ("next_steps", i, "date"),
                "past",
                "hint",
                what=step.what,
                date=formatting.date(step.date, c.lang),
                since=formatting.date(since, c.lang) if prepared else c.word("next-step-past", "today"),
            )


@rule
def no_deadline(c: Context) -> Iterator[Finding]:
    if not (c.plan.kgi and c.plan.kgi.by) and c.plan.period is None:
        yield c.finding("no-deadline", ("kgi",) if c.plan.kgi else (), "missing", "hint")


@rule
def deadline_outside_period(c: Context) -> Iterator[Finding]:
    """A deadline the roadmap contradicts: before the period starts, after it ends, or
    before the proposal is even made."""
    by = c.plan.kgi.by if c.plan.kgi else None
    if by is None:
        return
    shown = formatting.month(by, c.lang)
    period = c.plan.period
    if period and by < period.start:
        start = formatting.month(period.start, c.lang)
        yield c.finding(
            "deadline-outside-period", ("kgi", "by"), "before_start", "hint", by=shown, start=start
        )
    elif period and by > period.end:
        end = formatting.month(period.end, c.lang)
        yield c.finding("deadline-outside-period", ("kgi", "by"), "after_end", "hint", by=shown, end=end)
    prepared = c.plan.prepared.date if c.plan.prepared else None
    if prepared and by < Month(prepared.year, prepared.month):
        date = formatting.date(prepared, c.lang)
        yield c.finding(
            "deadline-outside-period", ("kgi", "by"), "before_prepared", "hint", by=shown, date=date
        )


# ---------------------------------------------------------------------------- KPIs


def _followed(c: Context) -> list[tuple[KeyPath, str, str | None]]:
    """Every catalogue KPI the plan follows: (path, metric id, platform)."""
    found: list[tuple[KeyPath, str, str | None]] = []
    if c.plan.kpi_tree:
        for path, node in c.plan.kpi_tree.walk()[1:]:
            if node.metric:
                found.append((path, node.metric, node.platform))
    for i, platform in enumerate(c.plan.platforms):
        for j, kpi in enumerate(platform.kpis):
            if kpi.metric:
                found.append((("platforms", i, "kpis", j), kpi.metric, platform.id))
    return found


@rule
def follower_only(c: Context) -> Iterator[Finding]:
    followed = _followed(c)
    custom = any(kpi.id for p in c.plan.platforms for kpi in p.kpis)
    if followed and not custom and {m for _, m, _ in followed} <= c.kb.rules.follower_metrics:
        purpose = c.kb.purposes.get(c.plan.primary_purpose or "") or c.kb.purposes["awareness"]
        yield c.finding("follower-only", followed[0][0], "only", "hint", examples=c.names(purpose.kpis, 4))


def _arithmetic_paths(c: Context) -> set[KeyPath]:
    """Tree nodes joined to the KGI by product/sum all the way up: linked by the arithmetic."""
    linked: set[KeyPath] = set()
    if c.solution is None:
        return linked

    def visit(node: SolvedNode) -> None:
        if node.op in ("product", "sum"):
            for child in node.children:
                linked.add(child.path)
                visit(child)

    visit(c.solution.root)
    return linked


@rule
def kpi_not_linked(c: Context) -> Iterator[Finding]:
    kgi = c.plan.kgi
    kgi_metric = c.kb.metric(kgi.metric) if kgi and kgi.metric else None
    purposes = set(c.plan.purposes)
    if not purposes and kgi_metric is None:
        return
    drivers = set(kgi_metric.drivers) if kgi_metric else set()
    arithmetic = _arithmetic_paths(c)
    said: set[str] = set()
    for path, metric_id, platform in _followed(c):
        metric = c.kb.metric(metric_id)
        if metric is None or metric_id in drivers or metric_id == (kgi and kgi.metric):
            continue
        if metric_id in said:  # the same metric in the tree and as a platform KPI is one mistake
            continue
        # A factor of the tree's arithmetic is linked by construction, except a reaction such as
        # likes: an engagement count never multiplies out into visits, sales or applications.
        if path in arithmetic and metric.stage != "interest":
            continue
        if purposes & set(metric.purposes):
            continue
        if platform and metric_id in c.kb.platforms[platform].kpis:
            continue  # what the platform's ranking rewards keeps the account seen at all
        suggestions = kgi_metric.drivers if kgi_metric else c.kb.purposes[c.plan.purposes[0]].kpis
        said.add(metric_id)
        yield c.finding(
            "kpi-not-linked",
            path,
            "unlinked",
            "hint",
            metric=metric.name(c.lang),
            purpose=c.purpose_names() or "—",
            kgi=kgi_metric.name(c.lang) if kgi_metric else (kgi.label if kgi and kgi.label else "—"),
            examples=c.names(suggestions, 5),
        )


@rule
def metric_not_on_platform(c: Context) -> Iterator[Finding]:
    """A metric named on a platform whose analytics do not show it (impressions on
    Instagram since 2024-08, reach on X): nobody could ever report it."""
    for path, metric_id, platform in c.platform_metrics():
        metric = c.kb.metric(metric_id)
        if metric is None or metric.reported_on(platform):
            continue
        names = {"metric": metric.name(c.lang), "platform": c.kb.platforms[platform].name(c.lang)}
        retired = next((r for p, r in metric.retired.items() if p == platform), None)
        if retired is not None:
            instead = c.metric_name(retired.replaced_by) if retired.replaced_by else ""
            yield c.finding(
                "metric-not-on-platform",
                path,
                "retired",
                "retired_hint",
                since=formatting.month(parse_month(retired.since), c.lang),
                instead=instead,
                **names,
            )
        else:
            yield c.finding("metric-not-on-platform", path, "missing", "missing_hint", **names)
