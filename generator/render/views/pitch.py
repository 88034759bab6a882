"""The client-specific sections of a proposal as rows a template lays out: where the
accounts stand today, the content pillars, the team and fees, the next steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.knowledge import Knowledge
from generator.locale import formatting
from generator.locale.labels import Labels
from generator.plans.model import Plan
from generator.plans.pitch import AccountFigures


@dataclass(frozen=True)
class AccountRow:
    name: str
    platform: str
    handle: str
    followers: str
    posts: str
    engagement: str
    note: str
    own: bool
    followers_value: float | None = None
    posts_value: float | None = None


@dataclass(frozen=True)
class PillarRow:
    name: str
    share: str
    share_value: float
    posts: str
    formats: list[str]
    examples: list[str]
    note: str


@dataclass(frozen=True)
class BudgetRow:
    item: str
    monthly: str
    one_off: str
    note: str
    monthly_value: float | None = None
    one_off_value: float | None = None


@dataclass(frozen=True)
class MemberRow:
    role: str
    name: str
    allocation: str
    note: str


@dataclass(frozen=True)
class NextStepRow:
    date: str
    what: str
    who: str


@dataclass(frozen=True)
class BudgetView:
    rows: list[BudgetRow]
    monthly: str
    one_off: str
    first_month: str
    period_total: str
    months: int
    tax: str
    amounts: dict[str, float] = field(default_factory=dict)
    """The totals as numbers (the doctor and the deck use the same sums)."""
    direct: str = ""
    """Media spend the client pays the platforms each month: shown, never in the totals."""


def accounts(plan: Plan, kb: Knowledge, t: Labels, lang: str) -> list[AccountRow]:
    """The client's own accounts first, then competitors, with the same columns."""
    situation = plan.situation
    if situation is None:
        return []
    rows = [_row(plan.client.name, a, "", kb, t, lang, own=True) for a in situation.accounts]
    rows += [_row(c.name, c, c.note or "", kb, t, lang, own=False) for c in situation.competitors]
    return rows


def _row(
    name: str, a: AccountFigures, note: str, kb: Knowledge, t: Labels, lang: str, *, own: bool
) -> AccountRow:
    er = ""
    if a.engagement_rate is not None:
        variant = a.variant if a.variant in kb.metrics["engagement_rate"].variants else None
        er = formatting.rate(a.engagement_rate.value) + (f" ({t.of('base', variant)})" if variant else "")
    return AccountRow(
        name=name,
        platform=kb.platforms[a.platform].name(lang) if a.platform else "",
        handle=a.handle or "",
        followers=formatting.value(a.followers.value, "count", None, lang, metric="followers")
        if a.followers
        else "",
        posts=t("posts_per_week_n", n=f"{a.posts_per_week.value:g}") if a.posts_per_week else "",
        engagement=er,
        note=note,
        own=own,
        followers_value=a.followers.value if a.followers else None,
        posts_value=a.posts_per_week.value if a.posts_per_week else None,
    )


def pillars(plan: Plan, t: Labels, lang: str) -> list[PillarRow]:
    """Each pillar with its share of the posts the platforms' rhythms add up to."""
    content = plan.content
    if content is None:
        return []
    counts = plan.pillar_posts()
    rows: list[PillarRow] = []
    for pillar, count in zip(content.pillars, counts, strict=True):
        share = pillar.share.value if pillar.share else None
        rows.append(
            PillarRow(
                name=pillar.name,
                share=formatting.rate(share) if share is not None else "",
                share_value=share or 0.0,
                posts=t("posts_per_month_n", n=f"{round(count):,}") if share and count else "",
                formats=[t.of("format", f) for f in pillar.formats],
                examples=list(pillar.examples or []),
                note=pillar.note or "",
            )
        )
    return rows


def budget(plan: Plan, t: Labels, lang: str) -> BudgetView | None:
    """Items, and the totals a client asks for: per month, one-off, the first month's
    invoice and the whole period."""
    if plan.budget is None or not plan.budget.items:
        return None
    currency = plan.currency()
    months = plan.period.months if plan.period else 12

    def money(value: float | None) -> str:
        return formatting.money(value, currency, lang) if value is not None else ""

    monthly, one_off = plan.budget.monthly_sum(), plan.budget.one_off_sum()
    rows = [
        BudgetRow(
            item=i.item,
            monthly=money(i.monthly.value if i.monthly else None),
            one_off=money(i.one_off.value if i.one_off else None),
            note=" ".join(x for x in ((t.billed_direct if i.billed == "direct" else ""), i.note or "") if x),
            monthly_value=i.monthly.value if i.monthly else None,
            one_off_value=i.one_off.value if i.one_off else None,
        )
        for i in plan.budget.items
    ]
    tax = t.of("tax", plan.budget.tax) if plan.budget.tax else ""
    return BudgetView(
        rows=rows,
        monthly=money(monthly),
        one_off=money(one_off),
        first_month=money(monthly + one_off),
        period_total=money(plan.budget.period_sum(months)),
        months=months,
        tax=tax,
        amounts={"monthly": monthly, "one_off": one_off, "period": plan.budget.period_sum(months)},
        direct=money(direct) if (direct := plan.budget.direct_monthly_sum()) else "",
    )


def team(plan: Plan) -> list[MemberRow]:
    return [
        MemberRow(
            role=m.role,
            name=m.name or "",
            allocation=formatting.rate(m.allocation.value) if m.allocation else "",
            note=m.note or "",
        )
        for m in plan.team
    ]


def next_steps(plan: Plan, lang: str) -> list[NextStepRow]:
    return [
        NextStepRow(formatting.date(s.date, lang) if s.date else "", s.what, s.who or "")
        for s in plan.next_steps
    ]
