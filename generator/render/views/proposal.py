"""What the page templates see: a plan, solved and formatted, in its own language.

Strings here are plain text; the template environment escapes every one of them on
output. Only values wrapped in ``Markup`` (sanitised notes, inline badges built here
from escaped parts) pass through as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.analysis import business
from generator.analysis.findings import Finding
from generator.analysis.kpitree import Solution, SolvedNode
from generator.analysis.report import PlanReport
from generator.knowledge import Purpose, kinds, knowledge
from generator.locale import formatting
from generator.locale.labels import Labels, labels
from generator.plans.model import Plan
from generator.render.text.escape import md
from generator.render.text.notes import render_notes
from generator.render.views import pitch as pitchviews
from generator.render.views import sections
from generator.render.views.rows import PlatformView, Row, UtmLink


@dataclass(frozen=True)
class KgiView:
    label: str
    target: str
    amount: str
    """The target with its period: 月3,000,000円, ¥3,000,000 / month."""
    by: str
    baseline: str
    growth: str
    basis: str = ""
    """Why the target is what it is, when the plan says (shown beside it)."""


@dataclass(frozen=True)
class PurposeSection:
    name: str
    names: list[str]
    table: list[sections.PurposeRow]
    info: sections.PurposeInfo | None
    reason: Markup


@dataclass(frozen=True)
class TreeView:
    present: bool
    headline: list[Row]
    rows: list[Row]
    total: int
    computed: int
    diagram_alt: str


@dataclass(frozen=True)
class MeasurementView:
    review: str
    review_text: str
    landing_url: str
    utm_links: list[UtmLink]
    tools: list[str]
    utm_lead: str = ""
    """How GA4 files the links, naming only the plan's own platforms."""


@dataclass(frozen=True)
class RoadmapView:
    steps: list[sections.StepRow]
    phases: list[sections.PhaseRow]
    path_rows: list[sections.PathRow]
    path_note: str


@dataclass(frozen=True)
class SituationView:
    summary: Markup
    accounts: list[pitchviews.AccountRow]
    issues: list[str]

    @property
    def present(self) -> bool:
        return bool(self.summary or self.accounts or self.issues)


@dataclass(frozen=True)
class ContentView:
    summary: Markup
    pillars: list[pitchviews.PillarRow]
    calendar: list[sections.CalendarRow]

    @property
    def present(self) -> bool:
        return bool(self.summary or self.pillars or self.calendar)


@dataclass(frozen=True)
class TeamView:
    members: list[pitchviews.MemberRow]
    budget: pitchviews.BudgetView | None

    @property
    def present(self) -> bool:
        return bool(self.members or self.budget)


@dataclass(frozen=True)
class ProposalView:
    """Everything a proposal's pages, PDF and deck show, section by section."""

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
    summary: str
    persona_line: str
    notes: Markup
    internal_notes: Markup
    findings: list[Finding]
    kgi: KgiView
    purpose: PurposeSection
    tree: TreeView
    persona: sections.PersonaView | None
    platform_names: list[str]
    platforms: list[PlatformView]
    measurement: MeasurementView
    roadmap: RoadmapView
    situation: SituationView
    content: ContentView
    team: TeamView
    next_steps: list[pitchviews.NextStepRow]
    stamp: str = ""
    """Which sent version this is (v3 · its plan hash), on every page and document made of it."""


def proposal_view(
    report: PlanReport, *, internal: bool, public: bool = False, stamp: str = ""
) -> ProposalView:
    """The view of one analysed plan; internal views carry the doctor's findings and notes,
    public ones never the team or the fees."""
    loaded = report.loaded
    assert loaded is not None
    plan = loaded.plan
    kb = knowledge()
    lang = plan.language
    t = labels(lang)
    solution = report.solution
    kgi_label, kgi_target = _kgi(plan, solution, lang)
    kgi_amount = formatting.with_period(kgi_target, _kgi_period(plan, solution), lang)
    purpose = kb.purposes.get(plan.primary_purpose or "")
    platform_names = [kb.platforms[p.id].name(lang) for p in plan.platforms]
    nodes = solution.nodes() if solution else []
    review = plan.measurement.review if plan.measurement else None
    return ProposalView(
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
        summary=_summary(plan, solution, t, lang, kgi_label, platform_names, purpose),
        persona_line=t("summary_persona", persona=plan.persona.summary)
        if plan.persona and plan.persona.summary
        else "",
        notes=render_notes(plan.notes),
        internal_notes=render_notes(plan.internal_notes) if internal else Markup(""),
        findings=report.findings if internal else [],
        kgi=KgiView(
            label=kgi_label,
            target=kgi_target,
            amount=kgi_amount,
            by=formatting.month(plan.kgi.by, lang) if plan.kgi and plan.kgi.by else "",
            baseline=_baseline(plan, solution, lang),
            growth=_growth(plan, t),
            basis=(plan.kgi.basis or "") if plan.kgi else "",
        ),
        purpose=PurposeSection(
            name=business.purpose_name(purpose, business.business_of(plan, kb), lang) if purpose else "",
            names=business.purpose_names(plan, kb, lang),
            table=sections.purpose_table(plan, kb, lang),
            info=sections.purpose_info(plan, kb, lang, kgi_label),
            reason=render_notes(plan.purpose_reason),
        ),
        tree=TreeView(
            present=solution is not None,
            headline=[_row(n, lang, t, 0) for n in (solution.root.children if solution else [])],
            rows=_tree_rows(solution, lang, t),
            total=len(nodes),
            computed=sum(n.computed for n in nodes),
            diagram_alt=t("kpi_tree_alt", kgi=kgi_label) if solution else "",
        ),
        persona=sections.persona(plan, kb, lang),
        platform_names=platform_names,
        platforms=[sections.platform(p, kb, t, lang, plan) for p in plan.platforms],
        measurement=MeasurementView(
            review=t.of("review_value", review) if review else "",
            review_text=t.of("review", review) if review else t.review_unset,
            landing_url=plan.measurement.landing_url or "" if plan.measurement else "",
            utm_links=sections.utm_links(plan, kb, t, lang),
            utm_lead=t.utm_lead_gbp
            if any(p.id == "google_business_profile" for p in plan.platforms)
            else t.utm_lead,
            tools=[kb.tools[x].name(lang) for x in (plan.measurement.tools if plan.measurement else [])],
        ),
        roadmap=RoadmapView(
            steps=sections.steps(
                plan, kb, t, lang, kgi_label, kgi_amount, len(nodes), sum(n.computed for n in nodes)
            ),
            phases=sections.phases(plan, t, lang),
            path_rows=sections.path_rows(report.path, plan, solution, lang),
            path_note=t("path_note_linear" if plan.kgi and plan.kgi.curve == "linear" else "path_note")
            + (t.path_note_whole if solution is not None and solution.root.kind == "count" else ""),
        ),
        situation=SituationView(
            summary=render_notes(plan.situation.summary if plan.situation else None),
            accounts=pitchviews.accounts(plan, kb, t, lang),
            issues=list(plan.situation.issues or []) if plan.situation else [],
        ),
        content=ContentView(
            summary=render_notes(plan.content.summary if plan.content else None),
            pillars=pitchviews.pillars(plan, t, lang),
            calendar=sections.calendar(plan, t, lang),
        ),
        team=TeamView(
            members=[] if public else pitchviews.team(plan),
            budget=None if public else pitchviews.budget(plan, t, lang),
        ),
        next_steps=pitchviews.next_steps(plan, lang),
        stamp=stamp,
    )


# ---------------------------------------------------------------------------- pieces


def _kgi(plan: Plan, solution: Solution | None, lang: str, *, compact: bool = False) -> tuple[str, str]:
    """The KGI's name and target, in full (tables, cards) or compact (sentences: 300万円)."""
    if plan.kgi is None:
        return "", ""
    metric = knowledge().metric(plan.kgi.metric or "")
    label = plan.kgi.label or (metric.name(lang) if metric else plan.kgi.key)
    if solution:
        root = solution.root
        value, kind, unit = root.value, root.kind, root.unit
    else:
        kind = kinds.kind_of(metric.kind if metric else None, plan.kgi.unit)
        value, unit = (plan.kgi.target.value if plan.kgi.target else None), plan.kgi.unit
    return label, formatting.value(
        value, kind, unit, lang, compact=compact, metric=plan.kgi.metric, counter=plan.kgi.unit_label
    )


def _kgi_period(plan: Plan, solution: Solution | None) -> str | None:
    """The period a KGI's amount is counted over; a rate (a share of people) has none."""
    if plan.kgi is None:
        return None
    metric = knowledge().metric(plan.kgi.metric or "")
    kind = solution.root.kind if solution else (metric.kind if metric else None)
    return plan.kgi.per if kinds.kind(kind).over_period else None


def _baseline(plan: Plan, solution: Solution | None, lang: str) -> str:
    if not plan.kgi or plan.kgi.baseline is None:
        return ""
    metric = knowledge().metric(plan.kgi.metric or "")
    kind = solution.root.kind if solution else (metric.kind if metric else None)
    return formatting.value(
        plan.kgi.baseline.value,
        kind,
        plan.kgi.unit,
        lang,
        metric=plan.kgi.metric,
        counter=plan.kgi.unit_label,
    )


def _growth(plan: Plan, t: Labels) -> str:
    kgi = plan.kgi
    if not kgi or kgi.baseline is None or kgi.target is None or kgi.baseline.value <= 0:
        return ""
    ratio = kgi.target.value / kgi.baseline.value
    return t("times", x=f"{ratio:.1f}".rstrip("0").rstrip("."))


def _period(plan: Plan, t: Labels, lang: str) -> str:
    if not plan.period:
        return ""
    p = plan.period
    return t(
        "period_value",
        start=formatting.month(p.start, lang),
        months=p.months,
        end=formatting.month(p.end, lang),
    )


def _row(node: SolvedNode, lang: str, t: Labels, depth: int) -> Row:
    metric = None if node.custom else knowledge().metric(node.key)
    platform = knowledge().platforms[node.platform].name(lang) if node.platform else ""
    return Row(
        label=node.label,
        value=node.shown(lang),
        computed=node.computed,
        platform=platform,
        depth=depth,
        relation=t.of("op", node.op) if node.op else "",
        definition=metric.definition(lang) if metric else "",
        basis=node.basis or "",
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
    plan: Plan,
    solution: Solution | None,
    t: Labels,
    lang: str,
    kgi: str,
    platforms: list[str],
    purpose: Purpose | None,
) -> str:
    target = _kgi(plan, solution, lang, compact=True)[1]  # a sentence says 300万円, not 3,000,000円
    names = formatting.spoken_list(platforms, lang) or t.not_set
    kb = knowledge()
    purpose_name = (
        business.purpose_name(purpose, business.business_of(plan, kb), lang) if purpose else t.not_set
    )
    if lang == "en":  # inside a sentence, common nouns are lower case ("leads and sales")
        purpose_name, kgi = formatting.in_sentence(purpose_name), formatting.in_sentence(kgi)
    persona = plan.persona.summary if plan.persona and plan.persona.summary else ""
    if persona and kgi and target and plan.kgi and plan.kgi.by:
        return t(
            "summary_sentence",
            persona=persona.rstrip("。."),
            platforms=names,
            purpose=purpose_name,
            by=formatting.month(plan.kgi.by, lang),
            kgi=kgi,
            target=formatting.with_period(target, _kgi_period(plan, solution), lang, sentence=True),
        )
    return t("summary_sentence_short", platforms=names, purpose=purpose_name, kgi=kgi or t.not_set)


def computed_badge(t: Labels) -> Markup:
    return Markup(f'<span class="proposal-computed">{md(t.computed)}</span>')
