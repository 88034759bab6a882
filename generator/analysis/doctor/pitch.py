"""The proposal's own numbers agree with themselves: fees that add up, content shares
that make a whole, and a team that can produce the posting rhythm promised."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding
from generator.errors import KeyPath
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
                    format=labels(c.lang).of("format", fmt),
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


@rule
def platform_leftover(c: Context) -> Iterator[Finding]:
    """Words a platform the plan does not use leaves behind: a fee line, a calendar entry, a
    roadmap phase, a measurement tool or a node's label still naming it (what a platform
    taken out of the plan forgets). The persona may rightly name a platform the plan does
    not run (where the person spends their day): there it is a note, not a warning."""
    used = {p.id for p in c.plan.platforms}
    if not used:
        return
    others = [(pid, p) for pid, p in c.kb.platforms.items() if pid not in used and p.mentions]
    patterns = {pid: re.compile("|".join(p.mentions)) for pid, p in others}
    mentioned = [n for pid in used for n in c.kb.platforms[pid].mentions]
    ours = re.compile("|".join(mentioned)) if mentioned else None

    def named(text: str | None) -> list[str]:
        if not text:
            return []
        # A phrase that names one of the plan's own platforms is about that one
        # (「Googleマップ」 in a plan that runs Google Business Profile is not Google's other product).
        spare = ours.sub(" ", text) if ours is not None else text
        return [pid for pid, pattern in patterns.items() if pattern.search(spare)]

    places: list[tuple[KeyPath, str, str | None]] = []
    budget = c.plan.budget
    for i, item in enumerate(budget.items if budget else []):
        places += [
            (("budget", "items", i, "item"), "fees", item.item),
            (("budget", "items", i, "note"), "fees", item.note),
        ]
    content = c.plan.content
    for i, entry in enumerate(content.calendar if content else []):
        places += [
            (("content", "calendar", i, "posts", j), "calendar", post) for j, post in enumerate(entry.posts)
        ]
    roadmap = c.plan.roadmap
    for i, phase in enumerate(roadmap.phases if roadmap else []):
        texts = [
            ("name", phase.name),
            *(("aims", a) for a in phase.aims or []),
            *(("campaigns", a) for a in phase.campaigns or []),
        ]
        places += [(("roadmap", "phases", i, key), "roadmap", text) for key, text in texts]
    for path, node, _ in c.tree_nodes():
        # A node on the platform itself is reported by platform-not-in-plan already.
        if node.platform not in patterns:
            places.append(((*path, "label"), "label", node.label))
    persona = c.plan.persona
    if persona is not None:
        places += [(("persona", "summary"), "persona", persona.summary)]
        places += [(("persona", "habits", i), "persona", h) for i, h in enumerate(persona.habits or [])]
    for path, where, text in places:
        for pid in named(text):
            yield c.finding(
                "platform-leftover",
                path,
                where,
                "hint",
                severity="info" if where == "persona" else None,
                platform=c.kb.platforms[pid].name(c.lang),
                text=_quoted(text or ""),
            )
    if c.plan.measurement:
        for i, tool in enumerate(c.plan.measurement.tools):
            for _, platform in others:
                if platform.analytics == tool:
                    yield c.finding(
                        "platform-leftover",
                        ("measurement", "tools", i),
                        "tools",
                        "hint",
                        platform=platform.name(c.lang),
                        text=c.kb.tools[tool].name(c.lang) if tool in c.kb.tools else tool,
                    )


def _quoted(text: str, most: int = 40) -> str:
    """The words quoted in a finding: whole, or their start and an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"
