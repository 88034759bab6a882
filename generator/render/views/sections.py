"""The sections of a proposal view: persona, purposes, platforms, steps, phases, UTM links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from generator.analysis import business
from generator.analysis.kpitree import Solution
from generator.analysis.targetpath import PathPoint
from generator.knowledge import Knowledge, Platform, kinds, knowledge, vocab
from generator.locale import formatting
from generator.locale.labels import Labels, labels
from generator.plans.model import Kpi, Plan, PlatformPlan
from generator.plans.pitch import CalendarEntry
from generator.plans.values import parse_month
from generator.render.views.rows import CadenceRow, PlatformView, Row, UtmLink


@dataclass(frozen=True)
class PersonaView:
    summary: str
    facts: list[tuple[str, str]]
    habits: list[str]
    interests: list[str]
    pains: list[str]
    platforms: list[str]


@dataclass(frozen=True)
class PurposeRow:
    name: str
    aim: str
    kgis: list[str]
    kpis: list[str]
    chosen: bool


@dataclass(frozen=True)
class PurposeInfo:
    name: str
    aim: str
    fits_when: str
    kgi_line: str
    content: list[str]
    several: str


@dataclass(frozen=True)
class StepRow:
    number: str
    title: str
    summary: str
    decided: str


@dataclass(frozen=True)
class PhaseRow:
    name: str
    months: str
    focus: str
    campaigns: str = ""


@dataclass(frozen=True)
class CalendarRow:
    when: str
    posts: list[str]


@dataclass(frozen=True)
class PathRow:
    month: str
    value: str
    share: str


def persona(plan: Plan, kb: Knowledge, lang: str) -> PersonaView | None:
    p = plan.persona
    if p is None:
        return None
    t = labels(lang)
    facts = [
        (t.name, p.name),
        (t.age, t("age_value", n=p.age) if isinstance(p.age, int) else p.age),
        (t.gender, p.gender),
        (t.occupation, p.occupation),
        (t.location, p.location),
        (t.household, p.household),
        (t.income, p.income),
    ]
    return PersonaView(
        summary=p.summary or "",
        facts=[(k, str(v)) for k, v in facts if v],
        habits=list(p.habits or []),
        interests=list(p.interests or []),
        pains=list(p.pains or []),
        platforms=[kb.platforms[x].app_name(lang) for x in (p.platforms or [])],
    )


def purpose_table(plan: Plan, kb: Knowledge, lang: str) -> list[PurposeRow]:
    """The four purposes with the results and KPIs that fit this plan's business and platforms."""
    chosen = set(plan.purposes)
    trade = business.business_of(plan, kb)
    return [
        PurposeRow(
            name=p.name(lang),
            aim=business.aim(p, trade, lang),
            kgis=[kb.metrics[m].name(lang) for m in business.fitting(p.kgis, plan, kb, trade)],
            kpis=[kb.metrics[m].name(lang) for m in business.fitting(p.kpis, plan, kb, trade)],
            chosen=p.id in chosen,
        )
        for p in kb.purposes.values()
    ]


def purpose_info(plan: Plan, kb: Knowledge, lang: str, kgi_label: str) -> PurposeInfo | None:
    purpose = kb.purposes.get(plan.primary_purpose or "")
    if purpose is None:
        return None
    t = labels(lang)
    kgi_fits = bool(plan.kgi and plan.kgi.metric in purpose.kgis)
    trade = business.business_of(plan, kb)
    return PurposeInfo(
        name=business.purpose_name(purpose, trade, lang),
        aim=business.aim(purpose, trade, lang),
        fits_when=business.fits_when(purpose, trade, lang),
        kgi_line=t("kgi_matches", kgi=formatting.quoted(kgi_label, lang)) if kgi_fits else "",
        content=list(business.content(purpose, plan, trade, lang)),
        several=t(
            "several_purposes",
            list=formatting.listing(business.purpose_names(plan, kb, lang), lang),
        )
        if len(plan.purposes) > 1
        else "",
    )


def cadence(platform: PlatformPlan, t: Labels) -> list[CadenceRow]:
    if platform.cadence is None:
        return []
    rows = []
    for key, amount in platform.cadence.model_dump(exclude_none=True).items():
        fmt, unit = key.split("_per_")
        count = f"{amount:g}"
        rows.append(
            CadenceRow(
                format=t.of("format", fmt),
                frequency=t.of("per", f"{unit}_n", n=count),
                monthly=t("posts_per_month_n", n=f"{round(amount * vocab.CADENCE_PER_MONTH[unit]):,}"),
            )
        )
    return rows


def kpi_row(kpi: Kpi, platform: Platform, lang: str, currency: str | None) -> Row:
    metric = knowledge().metric(kpi.metric or "")
    kind = kinds.kind_of(metric.kind if metric else None, kpi.unit, bool(kpi.target and kpi.target.percent))
    native = metric.platforms.get(platform.id) if metric else None
    return Row(
        label=kpi.label or (metric.name(lang) if metric else kpi.key),
        value=formatting.with_period(
            formatting.value(
                kpi.target.value if kpi.target else None,
                kind,
                kpi.unit or currency,
                lang,
                metric=kpi.metric,
                counter=kpi.unit_label,
            ),
            kpi.per if kinds.kind(kind).over_period else None,
            lang,
        ),
        native=native(lang) if native else "",
        definition=metric.definition(lang) if metric else "",
        basis=kpi.basis or "",
    )


def platform(p: PlatformPlan, kb: Knowledge, t: Labels, lang: str, plan: Plan) -> PlatformView:
    info = kb.platforms[p.id]
    currency = plan.kgi.unit if plan.kgi else None
    return PlatformView(
        id=p.id,
        name=info.name(lang),
        role=t.of("role", p.role) if p.role else "",
        handle=p.handle or "",
        analytics=kb.tools[info.analytics].name(lang),
        rewards=[r(lang) for r in info.rewards],
        rewards_said=info.rewards_said(lang),
        weigh=[kb.metrics[m].name(lang) for m in info.kpis],
        kpis=[kpi_row(k, info, lang, currency) for k in p.kpis],
        cadence=cadence(p, t),
        notes=p.notes or "",
        watch_out=[n(lang) for n in info.notes],
    )


def steps(
    plan: Plan, kb: Knowledge, t: Labels, lang: str, kgi: str, target: str, total: int, computed: int
) -> list[StepRow]:
    decided = {
        "purpose": formatting.listing(business.purpose_names(plan, kb, lang), lang),
        "persona": plan.persona.summary if plan.persona and plan.persona.summary else "",
        "kgi": " ".join(x for x in (kgi, target) if x),
        "kpi_tree": t("tree_summary", n=total, c=computed) if total else "",
        "measurement": formatting.listing((kb.tools[x].name(lang) for x in plan.measurement.tools), lang)
        if plan.measurement
        else "",
    }
    return [
        StepRow(
            number=t("step_n", n=s.number),
            title=s.title(lang),
            summary=s.summary(lang),
            decided=decided.get(s.id, "") or t.not_set,
        )
        for s in kb.steps
    ]


def phases(plan: Plan, t: Labels, lang: str) -> list[PhaseRow]:
    """The plan's own phases; the usual three (launch, growth, scale) only when it states none."""
    if plan.roadmap and plan.roadmap.phases:
        return _stated_phases(plan, t, lang)
    if not plan.period:
        return []
    months = plan.period.months
    start = 0
    phases = []
    for key, share in ((p.id, p.until) for p in knowledge().rules.roadmap_phases):
        end = max(start + 1, round(months * share)) if key != "phase_scale" else months
        if start >= months:
            break
        first = plan.period.start.plus(start)
        last = plan.period.start.plus(min(end, months) - 1)
        span = formatting.month_range(first, last, lang)
        phases.append(PhaseRow(t(key), span, getattr(t, f"{key}_focus")))
        start = end
    return phases


def _stated_phases(plan: Plan, t: Labels, lang: str) -> list[PhaseRow]:
    assert plan.roadmap is not None
    rows = []
    start = plan.period.start if plan.period else None
    for phase in plan.roadmap.phases:
        if isinstance(phase.months, int):
            # Phases given as lengths follow each other from the period's start.
            if start is not None:
                span = formatting.month_range(start, start.plus(phase.months - 1), lang)
                start = start.plus(phase.months)
            else:
                span = formatting.months(phase.months, lang)
        else:
            first, _, last = phase.months.partition("..")
            span = formatting.month_range(parse_month(first), parse_month(last or first), lang)
            start = parse_month(last or first).plus(1)
        rows.append(
            PhaseRow(
                phase.name,
                span,
                t.list_sep.join(phase.aims or []),
                t.list_sep.join(phase.campaigns or []),
            )
        )
    return rows


def calendar(plan: Plan, t: Labels, lang: str) -> list[CalendarRow]:
    """The content calendar in time order, each month or ISO week as people write it."""
    entries = plan.content.calendar if plan.content else []

    def key(entry: CalendarEntry) -> tuple[int, int]:
        if entry.month is not None:
            return (entry.month.index() * 10, 0)
        year, week = entry.when.split("-W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)
        return ((monday.year * 12 + monday.month - 1) * 10 + 1, monday.toordinal())

    rows = []
    for entry in sorted(entries, key=key):
        if entry.month is not None:
            when = formatting.month(entry.month, lang)
        else:
            year, week = entry.when.split("-W")
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
            when = t("calendar_week", week=int(week), date=formatting.date(monday, lang))
        rows.append(CalendarRow(when, list(entry.posts)))
    return rows


def path_rows(path: list[PathPoint], plan: Plan, solution: Solution | None, lang: str) -> list[PathRow]:
    kind = solution.root.kind if solution else None
    unit = solution.root.unit if solution else (plan.kgi.unit if plan.kgi else None)
    return [
        PathRow(
            month=formatting.month(point.month, lang),
            value=formatting.value(
                formatting.round_target(point.value),
                kind,
                unit,
                lang,
                metric=plan.kgi.metric if plan.kgi else None,
            ),
            share=f"{point.share * 100:.1f}%",  # one precision down the column: 0.7%, 2.8%, 11.0%
        )
        for point in path
    ]


def utm_links(plan: Plan, kb: Knowledge, t: Labels, lang: str) -> list[UtmLink]:
    """A ready link per platform and placement; a platform's own landing page and UTM values
    win over the plan's."""
    m = plan.measurement
    links = []
    trade = business.business_of(plan, kb)
    for p in plan.platforms:
        landing = p.landing_url or (m.landing_url if m else None)
        if not landing:
            continue
        info = kb.platforms[p.id]
        given = {
            **(m.utm.model_dump(exclude_none=True) if m and m.utm else {}),
            **(p.utm.model_dump(exclude_none=True) if p.utm else {}),
        }
        for placement in kb.utm.placements.get(p.id, ()):
            needs = kb.utm.placement_formats.get(placement)
            if needs and p.cadence and not p.posts_per_month(needs):
                continue  # e.g. a description link for a channel that posts only Shorts
            trades = kb.utm.placement_businesses.get(placement)
            if trades and (trade is None or trade.id not in trades):
                continue  # e.g. a menu link for a clinic
            params = {
                "utm_source": given.get("source") if p.utm and p.utm.source else info.utm_source,
                "utm_medium": info.utm_medium or given.get("medium") or kb.utm.recommended.organic_medium,
                "utm_campaign": given.get("campaign", ""),
                "utm_content": given.get("content") if p.utm and p.utm.content else placement,
                "utm_term": given.get("term", ""),
            }
            links.append(
                UtmLink(
                    platform=info.name(lang),
                    placement=t.of("placement", placement),
                    url=with_query(landing, {k: v for k, v in params.items() if v}),
                )
            )
    return links


def with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = "&".join(x for x in (parts.query, urlencode(params)) if x)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
