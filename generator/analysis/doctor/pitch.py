"""The proposal's own numbers agree with themselves: fees that add up, content shares
that make a whole, and a team that can produce the posting rhythm promised."""

from __future__ import annotations

from collections.abc import Iterator

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding
from generator.knowledge import vocab
from generator.locale import formatting
from generator.locale.labels import labels


@rule
def budget_inconsistent(c: Context) -> Iterator[Finding]:
    budget = c.plan.budget
    if budget is None:
        return
    currency = c.plan.currency()

    def money(value: float) -> str:
        return formatting.money(value, currency, c.lang)

    for i, item in enumerate(budget.items):
        if item.monthly is None and item.one_off is None:
            yield c.finding(
                "budget-inconsistent", ("budget", "items", i), "no_amount", "no_amount_hint", item=item.item
            )
    tolerance = c.rules.value("tree_tolerance")
    months = c.plan.period.months if c.plan.period else 12
    stated = (
        ("total_monthly", budget.total_monthly, budget.monthly_sum()),
        ("total", budget.total, budget.period_sum(months)),
    )
    for key, given, summed in stated:
        if given is not None and abs(given.value - summed) > tolerance * max(summed, 1.0):
            yield c.finding(
                "budget-inconsistent",
                ("budget", key),
                key,
                "total_hint",
                stated=money(given.value),
                summed=money(summed),
                months=formatting.months(months, c.lang),
            )


@rule
def pillar_shares(c: Context) -> Iterator[Finding]:
    content = c.plan.content
    shares = [p.share.value for p in content.pillars if p.share] if content else []
    if not shares:
        return
    total = sum(shares)
    if abs(total - 1.0) > c.rules.value("tree_tolerance"):
        yield c.finding(
            "pillar-shares", ("content", "pillars"), "sum", "sum_hint", total=formatting.rate(total)
        )
    rhythm = c.plan.rhythm()
    if not rhythm:
        return
    for i, pillar in enumerate(c.plan.content.pillars if c.plan.content else []):
        for j, fmt in enumerate(pillar.formats):
            if not any(vocab.same_format(fmt, kind) for kind in rhythm):
                yield c.finding(
                    "pillar-shares",
                    ("content", "pillars", i, "formats", j),
                    "unposted",
                    "unposted_hint",
                    pillar=pillar.name,
                    format=getattr(labels(c.lang), f"format_{fmt}"),
                )


@rule
def team_capacity(c: Context) -> Iterator[Finding]:
    """A posting rhythm no team of this size produces: the month's pieces, each weighed by
    its format's effort (a Story is not a Reel), against what the agency expects one
    full-time person to make (workspace settings)."""
    allocations = [m.allocation.value for m in c.plan.team if m.allocation]
    posts = c.plan.posts_per_month()
    if not allocations or not posts:
        return
    effort = c.rules.thresholds["production_effort"]
    weighed = sum(
        n * effort.for_format(kind, p.id) for p in c.plan.platforms for kind, n in p.rhythm().items()
    )
    people = sum(allocations)
    capacity = people * c.rules.value("posts_per_person_month")
    if weighed > capacity:
        yield c.finding(
            "team-capacity",
            ("team",),
            "over",
            "over_hint",
            posts=f"{round(posts):,}",
            weighed=f"{round(weighed):,}",
            people=f"{people:.1f}".rstrip("0").rstrip("."),
            capacity=f"{round(capacity):,}",
        )
