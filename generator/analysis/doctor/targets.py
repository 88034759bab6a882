"""Targets that respect the slow start of an account and the growth platforms allow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.analysis.doctor.context import Context, rule
from generator.analysis.doctor.plausibility import followers_on
from generator.analysis.findings import Finding
from generator.knowledge import Benchmark, kinds
from generator.locale import formatting
from generator.plans.model import Kpi, Plan
from generator.plans.values import Month


def _months_to_deadline(plan: Plan) -> int | None:
    """Months from the start (the period, else the proposal's date) to the KGI's deadline."""
    start = plan.period.start if plan.period else None
    if start is None and plan.prepared and plan.prepared.date:
        start = Month(plan.prepared.date.year, plan.prepared.date.month).plus(1)
    if plan.kgi and plan.kgi.by and start:
        return plan.kgi.by.index() - start.index() + 1
    if plan.period:
        return plan.period.months
    return None


@rule
def unrealistic_target(c: Context) -> Iterator[Finding]:
    kgi = c.plan.kgi
    months = _months_to_deadline(c.plan)
    if kgi and kgi.target and months and months > 0 and c.solution:
        root = c.solution.root
        target = kgi.target.value
        baseline = kgi.baseline.value if kgi.baseline else 0.0

        def show(value: float) -> str:
            return root.shown(c.lang, value, compact=True)

        rules = c.rules
        near_zero, slow_start = rules.value("near_zero_baseline"), rules.value("slow_start_months")
        ceiling = rules.value("max_monthly_growth")
        early_multiple = rules.value("early_multiple")
        early = months < slow_start and not kinds.kind(root.kind).share

        def flag(message: str, **values: Any) -> Finding:
            return c.finding(
                "unrealistic-target",
                ("kgi", "target"),
                message,
                f"{message}_hint",
                basis=kgi.basis,
                target=show(target),
                **values,
            )

        # Growth the first months cannot hold is an error: nothing with it reaches a client
        # unless the strategist states why (basis:).
        if baseline <= target * near_zero and early:
            yield flag(
                "slow_start",
                severity="error",
                months=formatting.months(months, c.lang),
                kgi=root.label if c.lang == "ja" else formatting.in_sentence(root.label),
                limit=formatting.months(round(slow_start), c.lang),
            )
        elif early and target > baseline * rules.value("early_multiple"):
            # Month 1 included: a KGI due before the account can have grown, at many times today.
            yield flag(
                "early",
                severity="error",
                months=formatting.months(months, c.lang),
                baseline=show(baseline),
                times=formatting.multiple(target / baseline, c.lang),
                limit=formatting.multiple(rules.value("early_multiple"), c.lang),
            )
        elif not early and 0 < baseline < target:
            # Before the slow start is over, the early multiple above is the measure.
            if kgi.per in ("year", "total"):
                # A season's or a year's total set against the previous one's: the months
                # inside it do not compound, so the multiple is held to a year at the ceiling.
                allowed = (1 + ceiling) ** 12
                if target / baseline > allowed:
                    yield flag(
                        "growth_period",
                        baseline=show(baseline),
                        times=formatting.multiple(target / baseline, c.lang),
                        limit=formatting.multiple(allowed, c.lang),
                    )
            elif (
                rate := _growth_after_start(target / baseline, months, slow_start, early_multiple)
            ) > ceiling:
                # Monotonic in the deadline: the first half year may double (early_multiple),
                # and only the months after it compound at the ceiling.
                yield flag(
                    "growth",
                    baseline=show(baseline),
                    months=formatting.months(months, c.lang),
                    rate=_percent(rate, ceiling),
                    limit=formatting.rate(ceiling),
                    early=formatting.multiple(early_multiple, c.lang),
                )
        if baseline <= target * near_zero and not early:
            yield from _no_ramp(c, target, show)
    yield from _follower_growth(c)
    yield from _rates_beyond_benchmarks(c)


def _growth_after_start(multiple: float, months: int, slow_start: float, early: float) -> float:
    """The monthly compound growth a multiple needs once the slow start's own allowance (up to
    ``early`` times in its first months) is used: 0 when that allowance covers it."""
    if multiple <= early:
        return 0.0
    after = max(months - round(slow_start), 1)
    return float((multiple / early) ** (1 / after) - 1)


def _percent(rate: float, near: float) -> str:
    """A rate as the finding says it: one decimal when it is near the limit it is set against
    (10.3 %, not a 10 % that reads as within 10 %)."""
    if abs(rate - near) < 0.05:
        return f"{rate * 100:.1f}%"
    return formatting.rate(rate)


def _rates_beyond_benchmarks(c: Context) -> Iterator[Finding]:
    """A rate target far above every published figure for it (brief §6.4 d): compared only
    with figures on the same platform and the same base, and, where the catalogue has
    figures for traffic from social media, with those alone."""
    margin = c.rules.value("benchmark_margin")
    for path, item, platform in c.metric_places():
        metric = c.kb.metric(item.metric or "")
        if metric is None or not kinds.kind(metric.kind).share or item.target is None:
            continue
        rows = [
            b
            for b in metric.benchmarks
            if b.platform in (None, platform) and b.variant == (item.variant if b.variant else None)
        ]
        social = [b for b in rows if b.scope == "social"]
        top = max(social or rows, key=lambda b: b.high.value, default=None)
        if top is None or item.target.value <= top.high.value * margin:
            continue
        yield c.finding(
            "unrealistic-target",
            (*path, "target"),
            "above_benchmark",
            "above_benchmark_hint",
            basis=item.basis,
            metric=metric.name(c.lang),
            target=formatting.rate(item.target.value),
            bench=formatting.cited_rate(top.high.value),
            source=top.source(c.lang),
            year=str(top.year),
            method=top.method(c.lang),
            times=formatting.multiple(item.target.value / top.high.value, c.lang),
        )


def _no_ramp(c: Context, target: float, show: Callable[[float], str]) -> Iterator[Finding]:
    """An account starting from nothing whose path asks for much in month 1, or rises in
    equal steps: brief §6.4 (a) and (c)."""
    kgi = c.plan.kgi
    path = c.path
    if kgi is None or not path:
        return
    share = c.rules.value("first_month_share")
    if path[0].value > target * share:
        yield c.finding(
            "unrealistic-target",
            ("kgi", "target"),
            "first_month",
            "first_month_hint",
            basis=kgi.basis,
            first=show(path[0].value),
            target=show(target),
            share=formatting.rate(share),
        )
    elif kgi.curve == "linear":
        yield c.finding("unrealistic-target", ("kgi", "curve"), "no_ramp", "no_ramp_hint")


def _follower_growth(c: Context) -> Iterator[Finding]:
    """Follower KPIs with a baseline: monthly growth against the ceiling the agency allows on
    that platform, beside the typical rate a cited source gives (when one does)."""
    months = c.plan.period.months if c.plan.period else None
    for i, platform in enumerate(c.plan.platforms):
        ceiling = c.rules.value("follower_growth_ceiling", platform.id)
        # A KPI without its own baseline starts from the followers the plan's situation states.
        stated = followers_on(c, platform.id)
        for j, kpi in enumerate(platform.kpis):
            rate = _implied_follower_rate(kpi, months, stated)
            if rate is None or rate <= ceiling:
                continue
            values = {
                "platform": c.kb.platforms[platform.id].name(c.lang),
                "rate": formatting.rate(rate),
                "limit": formatting.rate(ceiling),
            }
            typical = _typical_growth(c, platform.id)
            if typical is not None:
                values |= {
                    "low": formatting.cited_rate(typical.low.value),
                    "high": formatting.cited_rate(typical.high.value),
                    "source": typical.source(c.lang),
                    "year": str(typical.year),
                }
            yield c.finding(
                "unrealistic-target",
                ("platforms", i, "kpis", j, "target"),
                "followers" if typical else "followers_uncited",
                "followers_hint",
                basis=kpi.basis,
                **values,
            )


def _typical_growth(c: Context, platform: str) -> Benchmark | None:
    """The newest cited monthly growth range for accounts of any size on the platform."""
    metric = c.kb.metric("follower_growth_rate")
    rows = [b for b in (metric.benchmarks if metric else ()) if b.platform == platform and b.tier is None]
    return max(rows, key=lambda b: b.year, default=None)


def _implied_follower_rate(kpi: Kpi, months: int | None, stated: float | None = None) -> float | None:
    if kpi.metric == "follower_growth_rate" and kpi.target:
        return kpi.target.value
    base = kpi.baseline.value if kpi.baseline else (stated or 0)
    if not kpi.target or base <= 0:
        return None
    if kpi.metric == "followers" and months:
        return (kpi.target.value / base) ** (1 / months) - 1 if kpi.target.value > base else None
    if kpi.metric == "follower_growth" and kpi.per == "month":
        return kpi.target.value / base
    return None


@rule
def rate_variant_missing(c: Context) -> Iterator[Finding]:
    """A rate target whose base is not said: engagement rate by followers and by reach differ
    several times over, and benchmarks are published for one base at a time."""
    for path, item, _ in c.metric_places():
        metric = c.kb.metric(item.metric or "")
        variant = item.variant
        if metric is None or not metric.variants or item.target is None:
            continue
        known = c.join(f"{key} ({text(c.lang)})" for key, text in metric.variants.items())
        if variant is None:
            yield c.finding(
                "rate-variant-missing", path, "missing", "hint", metric=metric.name(c.lang), known=known
            )
        elif variant not in metric.variants:
            yield c.finding(
                "rate-variant-missing",
                path,
                "unknown",
                "hint",
                metric=metric.name(c.lang),
                variant=variant,
                known=known,
            )
