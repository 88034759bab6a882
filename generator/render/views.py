"""What the page templates see: a plan, solved and formatted, in its own language.

Strings here are plain text; the template environment escapes every one of them on
output. Only values wrapped in ``Markup`` (sanitised notes, inline badges built here
from escaped parts) pass through as markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit, urlunsplit

from markupsafe import Markup

from generator.analysis.findings import Finding
from generator.analysis.kpitree import Solution, SolvedNode, solve
from generator.analysis.targetpath import target_path
from generator.knowledge import Knowledge, Platform, Purpose, knowledge
from generator.plans.load import LoadedPlan
from generator.plans.model import Kpi, Month, Plan, PlatformPlan
from generator.render import formatting
from generator.render.escape import md
from generator.render.i18n import Labels, labels
from generator.render.notes import render_notes

PHASES = (("phase_launch", 0.25), ("phase_growth", 0.75), ("phase_scale", 1.0))


@dataclass
class Row:
    """One line of a metric table."""

    label: str
    value: str
    computed: bool = False
    platform: str = ""
    depth: int = 0
    relation: str = ""
    definition: str = ""
    native: str = ""
    per: str = ""


@dataclass
class CadenceRow:
    format: str
    frequency: str
    monthly: str


@dataclass
class PlatformView:
    id: str
    name: str
    role: str
    handle: str
    analytics: str
    rewards: list[str]
    weigh: list[str]
    kpis: list[Row]
    cadence: list[CadenceRow]
    notes: str
    watch_out: list[str]


@dataclass
class UtmLink:
    platform: str
    placement: str
    url: str


@dataclass
class ProposalView:
    slug: str
    language: str
    t: Labels
    title: str
    client: str
    industry: str
    website: str
    prepared_by: str
    author: str
    date: str
    access: str
    period: str
    purpose: str
    purposes: list[str]
    kgi_label: str
    kgi_target: str
    kgi_per: str
    kgi_by: str
    kgi_baseline: str
    growth: str
    platform_names: list[str]
    platforms: list[PlatformView]
    headline: list[Row]
    tree_rows: list[Row]
    tree_total: int
    tree_computed: int
    summary: str
    persona_line: str
    notes: Markup
    internal_notes: Markup
    persona: dict[str, object]
    purpose_table: list[dict[str, object]]
    purpose_info: dict[str, object] | None
    steps: list[dict[str, str]]
    phases: list[dict[str, str]]
    review: str
    review_text: str
    landing_url: str
    utm_links: list[UtmLink]
    tools: list[str]
    path_rows: list[dict[str, str]] = field(default_factory=list)
    path_note: str = ""
    findings: list[Finding] = field(default_factory=list)
    has_tree: bool = False
    diagram_alt: str = ""


def proposal_view(
    loaded: LoadedPlan,
    *,
    internal: bool,
    findings: list[Finding] | None = None,
    solution: Solution | None = None,
) -> ProposalView:
    """The view of one plan; pass the solved tree when the caller has it already."""
    plan = loaded.plan
    kb = knowledge()
    lang = plan.language
    t = labels(lang)
    solution = solution if solution is not None else solve(plan)
    kgi_label, kgi_target = _kgi(plan, solution, lang)
    purpose = kb.purposes.get(plan.primary_purpose or "")
    platform_names = [kb.platforms[p.id].name(lang) for p in plan.platforms]
    nodes = solution.nodes() if solution else []
    view = ProposalView(
        slug=loaded.slug,
        language=lang,
        t=t,
        title=plan.title or t("default_title", client=plan.client.name),
        client=plan.client.name,
        industry=plan.client.industry or "",
        website=plan.client.website or "",
        prepared_by=(plan.prepared.by or "") if plan.prepared else "",
        author=(plan.prepared.author or "") if plan.prepared else "",
        date=formatting.date(plan.prepared.date, lang) if plan.prepared and plan.prepared.date else "",
        access=plan.access,
        period=_period(plan, t, lang),
        purpose=purpose.name(lang) if purpose else "",
        purposes=[kb.purposes[p].name(lang) for p in plan.purposes],
        kgi_label=kgi_label,
        kgi_target=kgi_target,
        kgi_per=formatting.per(plan.kgi.per, lang) if plan.kgi else "",
        kgi_by=_month(plan.kgi.by, lang) if plan.kgi and plan.kgi.by else "",
        kgi_baseline=_baseline(plan, solution, lang),
        growth=_growth(plan, t),
        platform_names=platform_names,
        platforms=[_platform(p, kb, t, lang, plan) for p in plan.platforms],
        headline=[_row(n, lang, t, 0) for n in (solution.root.children if solution else [])],
        tree_rows=_tree_rows(solution, lang, t),
        tree_total=len(nodes),
        tree_computed=sum(n.computed for n in nodes),
        summary=_summary(plan, t, lang, kgi_label, kgi_target, platform_names, purpose),
        persona_line=t("summary_persona", persona=plan.persona.summary)
        if plan.persona and plan.persona.summary
        else "",
        notes=render_notes(plan.notes),
        internal_notes=render_notes(plan.internal_notes) if internal else Markup(""),
        persona=_persona(plan, kb, lang),
        purpose_table=_purpose_table(plan, kb, lang),
        purpose_info=_purpose_info(plan, kb, lang, kgi_label),
        steps=_steps(plan, kb, t, lang, kgi_label, kgi_target, len(nodes), sum(n.computed for n in nodes)),
        phases=_phases(plan, t, lang),
        review=getattr(t, f"review_value_{plan.measurement.review}")
        if plan.measurement and plan.measurement.review
        else "",
        review_text=getattr(t, f"review_{plan.measurement.review}")
        if plan.measurement and plan.measurement.review
        else t.review_unset,
        landing_url=plan.measurement.landing_url or "" if plan.measurement else "",
        utm_links=_utm_links(plan, kb, t, lang),
        tools=[kb.tools[x].name(lang) for x in (plan.measurement.tools if plan.measurement else [])],
        path_rows=_path_rows(plan, solution, lang),
        path_note=t("path_note_linear" if plan.kgi and plan.kgi.curve == "linear" else "path_note"),
        findings=findings or [],
        has_tree=solution is not None,
        diagram_alt=t("kpi_tree_alt", kgi=kgi_label) if solution else "",
    )
    return view


# ---------------------------------------------------------------------------- pieces


def _kgi(plan: Plan, solution: Solution | None, lang: str) -> tuple[str, str]:
    if plan.kgi is None:
        return "", ""
    metric = knowledge().metric(plan.kgi.metric or "")
    label = plan.kgi.label or (metric.name(lang) if metric else plan.kgi.key)
    if solution:
        root = solution.root
        return label, formatting.value(root.value, root.kind, root.unit, lang)
    kind = metric.kind if metric else ("money" if plan.kgi.unit else None)
    target = plan.kgi.target.value if plan.kgi.target else None
    return label, formatting.value(target, kind, plan.kgi.unit, lang)


def _baseline(plan: Plan, solution: Solution | None, lang: str) -> str:
    if not plan.kgi or plan.kgi.baseline is None:
        return ""
    metric = knowledge().metric(plan.kgi.metric or "")
    kind = solution.root.kind if solution else (metric.kind if metric else None)
    return formatting.value(plan.kgi.baseline.value, kind, plan.kgi.unit, lang)


def _growth(plan: Plan, t: Labels) -> str:
    kgi = plan.kgi
    if not kgi or kgi.baseline is None or kgi.target is None or kgi.baseline.value <= 0:
        return ""
    ratio = kgi.target.value / kgi.baseline.value
    return t("times", x=f"{ratio:.1f}".rstrip("0").rstrip("."))


def _month(value: Month, lang: str) -> str:
    return (
        f"{value.year}年{value.month}月"
        if lang == "ja"
        else dt.date(value.year, value.month, 1).strftime("%B %Y")
    )


def _period(plan: Plan, t: Labels, lang: str) -> str:
    if not plan.period:
        return ""
    p = plan.period
    return t("period_value", start=_month(p.start, lang), months=p.months, end=_month(p.end, lang))


def _row(node: SolvedNode, lang: str, t: Labels, depth: int) -> Row:
    metric = None if node.custom else knowledge().metric(node.key)
    platform = knowledge().platforms[node.platform].name(lang) if node.platform else ""
    return Row(
        label=node.label,
        value=formatting.value(node.value, node.kind, node.unit, lang),
        computed=node.computed,
        platform=platform,
        depth=depth,
        relation=getattr(t, f"op_{node.op}") if node.op else "",
        definition=metric.definition(lang) if metric else "",
    )


def _tree_rows(solution: Solution | None, lang: str, t: Labels) -> list[Row]:
    if solution is None:
        return []
    rows: list[Row] = []

    def visit(node: SolvedNode, depth: int) -> None:
        rows.append(_row(node, lang, t, depth))
        for child in node.children:
            visit(child, depth + 1)

    visit(solution.root, 0)
    return rows


def _summary(
    plan: Plan, t: Labels, lang: str, kgi: str, target: str, platforms: list[str], purpose: Purpose | None
) -> str:
    joiner = "・" if lang == "ja" else ", "
    names = joiner.join(platforms) or t.not_set
    purpose_name = purpose.name(lang) if purpose else t.not_set
    persona = plan.persona.summary if plan.persona and plan.persona.summary else ""
    if persona and kgi and target and plan.kgi and plan.kgi.by:
        return t(
            "summary_sentence",
            persona=persona.rstrip("。."),
            platforms=names,
            purpose=purpose_name,
            by=_month(plan.kgi.by, lang),
            kgi=kgi,
            target=target,
        )
    return t("summary_sentence_short", platforms=names, purpose=purpose_name, kgi=kgi or t.not_set)


def _persona(plan: Plan, kb: Knowledge, lang: str) -> dict[str, object]:
    p = plan.persona
    if p is None:
        return {}
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
    return {
        "summary": p.summary or "",
        "facts": [(k, str(v)) for k, v in facts if v],
        "habits": p.habits or [],
        "interests": p.interests or [],
        "pains": p.pains or [],
        "platforms": [kb.platforms[x].name(lang) for x in (p.platforms or [])],
    }


def _purpose_table(plan: Plan, kb: Knowledge, lang: str) -> list[dict[str, object]]:
    chosen = set(plan.purposes)
    return [
        {
            "name": p.name(lang),
            "aim": p.aim(lang),
            "kgis": [kb.metrics[m].name(lang) for m in p.kgis],
            "kpis": [kb.metrics[m].name(lang) for m in p.kpis],
            "chosen": p.id in chosen,
        }
        for p in kb.purposes.values()
    ]


def _purpose_info(plan: Plan, kb: Knowledge, lang: str, kgi_label: str) -> dict[str, object] | None:
    purpose = kb.purposes.get(plan.primary_purpose or "")
    if purpose is None:
        return None
    t = labels(lang)
    kgi_fits = bool(plan.kgi and plan.kgi.metric in purpose.kgis)
    return {
        "name": purpose.name(lang),
        "aim": purpose.aim(lang),
        "fits_when": purpose.fits_when(lang),
        "kgi_line": t("kgi_matches", kgi=kgi_label) if kgi_fits else "",
        "content": [c(lang) for c in purpose.content],
        "several": t("several_purposes", list="・".join(kb.purposes[p].name(lang) for p in plan.purposes))
        if len(plan.purposes) > 1
        else "",
    }


def _cadence(platform: PlatformPlan, t: Labels) -> list[CadenceRow]:
    if platform.cadence is None:
        return []
    rows = []
    per_month = {"day": 30.4, "week": 4.35, "month": 1}
    for key, amount in platform.cadence.model_dump(exclude_none=True).items():
        fmt, unit = key.split("_per_")
        count = f"{amount:g}"
        rows.append(
            CadenceRow(
                format=getattr(t, f"format_{fmt}"),
                frequency=t(f"per_{unit}_n", n=count),
                monthly=f"{round(amount * per_month[unit]):,}",
            )
        )
    return rows


def _kpi_row(kpi: Kpi, platform: Platform, lang: str, currency: str | None) -> Row:
    metric = knowledge().metric(kpi.metric or "")
    kind = (
        metric.kind
        if metric
        else ("money" if kpi.unit else ("rate" if kpi.target and kpi.target.percent else "count"))
    )
    native = metric.platforms.get(platform.id) if metric else None
    return Row(
        label=kpi.label or (metric.name(lang) if metric else kpi.key),
        value=formatting.value(kpi.target.value if kpi.target else None, kind, kpi.unit or currency, lang),
        native=native(lang) if native else "",
        per=formatting.per(kpi.per, lang) if kind in ("count", "money") else "",
        definition=metric.definition(lang) if metric else "",
    )


def _platform(p: PlatformPlan, kb: Knowledge, t: Labels, lang: str, plan: Plan) -> PlatformView:
    info = kb.platforms[p.id]
    currency = plan.kgi.unit if plan.kgi else None
    return PlatformView(
        id=p.id,
        name=info.name(lang),
        role=getattr(t, f"role_{p.role}") if p.role else "",
        handle=p.handle or "",
        analytics=kb.tools[info.analytics].name(lang),
        rewards=[r(lang) for r in info.rewards],
        weigh=[kb.metrics[m].name(lang) for m in info.kpis],
        kpis=[_kpi_row(k, info, lang, currency) for k in p.kpis],
        cadence=_cadence(p, t),
        notes=p.notes or "",
        watch_out=[n(lang) for n in info.notes],
    )


def _steps(
    plan: Plan, kb: Knowledge, t: Labels, lang: str, kgi: str, target: str, total: int, computed: int
) -> list[dict[str, str]]:
    decided = {
        "purpose": "・".join(kb.purposes[p].name(lang) for p in plan.purposes)
        if lang == "ja"
        else ", ".join(kb.purposes[p].name(lang) for p in plan.purposes),
        "persona": plan.persona.summary if plan.persona and plan.persona.summary else "",
        "kgi": " ".join(
            x for x in (kgi, target, formatting.per(plan.kgi.per, lang) if plan.kgi else "") if x
        ),
        "kpi_tree": t("tree_summary", n=total, c=computed) if total else "",
        "measurement": ", ".join(kb.tools[x].name(lang) for x in plan.measurement.tools)
        if plan.measurement
        else "",
    }
    return [
        {
            "number": t("step_n", n=s.number),
            "title": s.title(lang),
            "summary": s.summary(lang),
            "decided": decided.get(s.id, "") or t.not_set,
        }
        for s in kb.steps
    ]


def _phases(plan: Plan, t: Labels, lang: str) -> list[dict[str, str]]:
    if not plan.period:
        return []
    months = plan.period.months
    start = 0
    phases = []
    for key, share in PHASES:
        end = max(start + 1, round(months * share)) if key != "phase_scale" else months
        if start >= months:
            break
        first = plan.period.start.plus(start)
        last = plan.period.start.plus(min(end, months) - 1)
        span = _month(first, lang) if first == last else f"{_month(first, lang)} – {_month(last, lang)}"
        phases.append({"name": getattr(t, key), "months": span, "focus": getattr(t, f"{key}_focus")})
        start = end
    return phases


def _path_rows(plan: Plan, solution: Solution | None, lang: str) -> list[dict[str, str]]:
    kind = solution.root.kind if solution else None
    unit = solution.root.unit if solution else (plan.kgi.unit if plan.kgi else None)
    return [
        {
            "month": _month(point.month, lang),
            "value": formatting.value(formatting.round_target(point.value), kind, unit, lang),
            "share": formatting.rate(point.share),
        }
        for point in target_path(plan)
    ]


def _utm_links(plan: Plan, kb: Knowledge, t: Labels, lang: str) -> list[UtmLink]:
    m = plan.measurement
    if not m or not m.landing_url:
        return []
    utm = m.utm
    links = []
    for p in plan.platforms:
        info = kb.platforms[p.id]
        for placement in kb.utm.placements.get(p.id, ()):
            params = {
                "utm_source": info.utm_source,
                "utm_medium": (utm.medium if utm and utm.medium else kb.utm.recommended.organic_medium),
                "utm_campaign": utm.campaign if utm and utm.campaign else "",
                "utm_content": placement,
                "utm_term": utm.term if utm and utm.term else "",
            }
            links.append(
                UtmLink(
                    platform=info.name(lang),
                    placement=getattr(t, f"placement_{placement}"),
                    url=_with_query(m.landing_url, {k: v for k, v in params.items() if v}),
                )
            )
    return links


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = "&".join(x for x in (parts.query, urlencode(params)) if x)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def computed_badge(t: Labels) -> Markup:
    return Markup(f'<span class="proposal-computed">{md(t.computed)}</span>')
