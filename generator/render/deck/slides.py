"""The slides of a pitch, in order, each with one message built from the plan's numbers.

A slide says its point in its title; the key figure, a short list or a small table carry
it; the detail goes to the speaker notes. Absent sections are no slide.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

from generator.analysis.kpitree import Solution, SolvedNode
from generator.analysis.report import PlanReport
from generator.locale import formatting
from generator.locale.labels import Labels
from generator.render.deck.slide import Slide, Table, continued
from generator.render.deck.wording import basis, plain, widest_gap
from generator.render.views.proposal import ProposalView

MAX_BULLETS = 6
"""More points than this on one slide go to a continuation slide."""
MERGED_POINTS = 3
"""Up to this many points share a slide with its table instead of a slide of their own."""
MAX_TREE_NODES = 12
"""A larger tree is shown as an overview (the goal and its parts) and a slide per branch."""


def build_slides(report: PlanReport, view: ProposalView) -> list[Slide]:
    """Every slide of the plan's deck, continuation slides included."""
    t = view.t
    makers = (
        _cover,
        _agenda,
        _situation,
        _purpose,
        _persona,
        _kgi,
        _tree,
        _platforms,
        _content,
        _roadmap,
        _measurement,
        _team,
        _fees,
        _next_steps,
    )
    slides: list[Slide] = []
    for make in makers:
        for slide in make(report, view, t):
            slides += continued(slide, t, MAX_BULLETS)
    agenda = next((s for s in slides if s.kind == "agenda"), None)
    if agenda is not None:  # filled last: it lists the sections that made it into the deck
        agenda.bullets = list(dict.fromkeys(s.kicker for s in slides if s.kind not in ("cover", "agenda")))
    return slides


def _cover(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    facts = [x for x in (p.prepared_by, p.date) if x]
    return [Slide("cover", p.client, p.title, bullets=facts, notes=p.summary)]


def _agenda(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    return [Slide("agenda", t.deck_agenda, t.deck_agenda_title)]


def _situation(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not p.situation.present:
        return []
    lang = p.language
    pair = widest_gap(p.situation.accounts)
    if pair is not None:
        mine, top = pair

        def followers(value: float | None) -> str:
            return formatting.value(value or 0, "count", None, lang, compact=True, metric="followers")

        title = t(
            "deck_situation_title",
            platform=mine.platform,
            own=followers(mine.followers_value),
            rival=top.name,
            top=followers(top.followers_value),
            issues=len(p.situation.issues),
        )
    else:
        title = t("deck_issues_title", issues=len(p.situation.issues))
    table = None
    if p.situation.accounts:
        table = Table(
            [t.account, t.platform, t.followers_col, t.posting],
            [[a.name, a.platform, a.followers, a.posts] for a in p.situation.accounts],
            [False, False, True, True],
        )
    slides = [Slide("situation", t.page_situation, title, table=table, notes=str(p.situation.summary))]
    if table is not None and 0 < len(p.situation.issues) <= MERGED_POINTS:
        # A few issues beside the accounts they come from: one full slide, not two half-empty ones.
        slides[0].bullets = list(p.situation.issues)
    elif p.situation.issues:
        slides.append(
            Slide(
                "issues",
                t.page_situation,
                t("deck_issues_title", issues=len(p.situation.issues)),
                bullets=p.situation.issues,
            )
        )
    return slides


def _purpose(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    info = p.purpose.info
    if not info:
        return []
    reason = plain(str(p.purpose.reason)) or str(info.aim)
    bullets = [str(x) for x in info.content][:3]
    return [
        Slide(
            "purpose",
            t.page_purpose,
            t("deck_purpose_title", purpose=info.name),
            bullets=[reason, *bullets],
            notes=str(info.fits_when),
        )
    ]


def _persona(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    persona = report.plan.persona
    if persona is None or not persona.summary:
        return []
    age = t("age_value", n=persona.age) if isinstance(persona.age, int) else (persona.age or "")
    title = (
        t("deck_persona_title", age=age, job=persona.occupation)
        if age and persona.occupation
        else t.page_persona
    )
    return [Slide("persona", t.page_persona, title, bullets=[persona.summary, *(persona.habits or [])[:4]])]


def _kgi(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not p.kgi.label or not p.kgi.amount:
        return []
    by = p.kgi.by or t.not_set
    if p.kgi.baseline and p.kgi.growth:
        title = t(
            "deck_kgi_title",
            by=by,
            kgi=p.kgi.label,
            target=p.kgi.amount,
            baseline=p.kgi.baseline,
            times=p.kgi.growth,
        )
    else:
        title = t("deck_kgi_title_short", by=by, kgi=p.kgi.label, target=p.kgi.amount)
    rows = [[r.label, r.value] for r in p.tree.headline]
    table = Table([t.metric, t.target], rows, [False, True]) if rows else None
    # A target with its reason is what a client wants to read: the basis beside the figure.
    bases = [basis(t, p.kgi.basis)] if p.kgi.basis else []
    bases += [basis(t, r.basis, r.label) for r in p.tree.headline if r.basis]
    return [
        Slide(
            "kgi",
            t.page_kpi,
            title,
            figure=p.kgi.amount,
            figure_label=p.kgi.label,
            bullets=bases,
            table=table,
        )
    ]


def _tree(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    solution = report.solution
    if solution is None or not solution.root.children:
        return []
    root = solution.root
    lang = p.language
    parts = [_part(child, lang) for child in root.children]
    key = {"product": "deck_tree_product", "sum": "deck_tree_sum"}.get(root.op or "", "deck_tree_drivers")
    joiner = {"product": " × ", "sum": " + "}.get(root.op or "", t.list_sep)
    title = t(key, target=root.shown(lang, compact=True), parts=joiner.join(parts))
    notes = "\n".join(f"{r.label}: {r.value}" for r in p.tree.rows)
    if len(root.walk()) <= MAX_TREE_NODES:
        return [Slide("tree", t.page_kpi, title, tree=solution, notes=notes)]
    overview = replace(root, children=[replace(child, children=[]) for child in root.children])
    slides = [Slide("tree", t.page_kpi, title, tree=Solution(overview), notes=notes)]
    for child in root.children:
        if child.children:
            branch = t("deck_tree_branch", branch=child.label, target=child.shown(lang, compact=True))
            slides.append(Slide("tree", t.page_kpi, branch, tree=Solution(child)))
    return slides


def _part(node: SolvedNode, lang: str) -> str:
    return f"{node.label} {node.shown(lang, compact=True)}" if node.value is not None else node.label


def _platforms(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    slides = []
    for pl in p.platforms:
        first = pl.kpis[0] if pl.kpis else None
        rhythm = t.list_sep.join(c.frequency for c in pl.cadence[:2]) if pl.cadence else ""
        if first is not None:
            title = t("deck_platform_title", platform=pl.name, kpi=first.label, target=first.value)
        else:
            title = t("deck_platform_title_plain", platform=pl.name)
        rows = [[r.label, r.value] for r in pl.kpis]
        table = Table([t.metric, t.target], rows, [False, True]) if rows else None
        bullets = [*pl.rewards[:3], *([t("deck_rhythm", rhythm=rhythm)] if rhythm else [])]
        bullets += [basis(t, r.basis, r.label) for r in pl.kpis if r.basis]
        slides.append(
            Slide(
                "platform",
                t.page_platforms,
                title,
                bullets=bullets,
                table=table,
                notes="\n".join(pl.watch_out),
            )
        )
    return slides


def _content(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not p.content.pillars:
        return []
    top = max(p.content.pillars, key=lambda pl: pl.share_value)
    title = t("deck_content_title", share=top.share, pillar=top.name) if top.share else t.page_content
    rows = [[pl.name, pl.share, pl.posts] for pl in p.content.pillars]
    table = Table([t.pillar, t.share, t.posts_a_month], rows, [False, True, True])
    notes = "\n".join(f"{pl.name}: {t.list_sep.join(pl.examples)}" for pl in p.content.pillars if pl.examples)
    return [Slide("content", t.page_content, title, table=table, notes=notes), *_calendar(p, t)]


def _calendar(p: ProposalView, t: Labels) -> list[Slide]:
    rows = p.content.calendar
    if not rows:
        return []
    title = t("deck_calendar_title", first=rows[0].when, n=len(rows))
    table = Table(
        [t.calendar_when, t.calendar_posts],
        [[r.when, t.list_sep.join(r.posts)] for r in rows],
        [False, False],
        weights=[1, 3],
    )
    return [Slide("calendar", t.page_content, title, table=table, stacked=True)]


def _roadmap(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not report.path or report.solution is None:
        return []
    lang = p.language
    root = report.solution.root
    third = report.path[min(2, len(report.path) - 1)]
    last = report.path[-1]
    title = t(
        "deck_roadmap_title",
        kgi=p.kgi.label,
        month=formatting.month(third.month, lang),
        early=root.shown(lang, formatting.round_target(third.value), compact=True),
        by=p.kgi.by or formatting.month(last.month, lang),
        target=root.shown(lang, compact=True),
    )
    months = formatting.axis_months([pt.month for pt in report.path], lang)
    chart = list(zip(months, [pt.value for pt in report.path], strict=True))
    phases = [f"{ph.name} ({ph.months}): {ph.focus}" for ph in p.roadmap.phases]
    notes = "\n".join([p.roadmap.path_note, *phases])
    slides = [
        Slide(
            "roadmap", t.page_roadmap, title, chart=chart, chart_format=chart_format(root, lang), notes=notes
        )
    ]
    if report.plan.roadmap and report.plan.roadmap.phases:  # the plan's own phases get a slide
        campaigns = any(ph.campaigns for ph in p.roadmap.phases)
        header = [t.phase, t.months_col, t.focus, *([t.campaigns] if campaigns else [])]
        rows = [
            [ph.name, ph.months, ph.focus, *([ph.campaigns] if campaigns else [])] for ph in p.roadmap.phases
        ]
        weights = [1, 1.2, 2.2, *([1.8] if campaigns else [])]
        title = t("deck_phases_title", n=len(rows))
        slides.append(
            Slide(
                "phases",
                t.page_roadmap,
                title,
                table=Table(header, rows, [False] * len(header), weights),
                stacked=True,
            )
        )
    return slides


def _measurement(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not p.measurement.tools:
        return []
    review = p.measurement.review or t.review_value_monthly
    title = t(
        "deck_measurement_title",
        tools=t.list_sep.join(p.measurement.tools[:3]),
        review=formatting.in_sentence(review) if p.language == "en" else review,
    )
    landing = p.measurement.landing_url
    bullets = [p.measurement.review_text, *([t("deck_landing", url=landing)] if landing else [])]
    links = p.measurement.utm_links
    if not links:
        return [Slide("measurement", t.page_measurement, title, bullets=bullets)]
    # The tags that tell the platforms apart in GA4, under the review rhythm: the full links
    # (too long for a slide) are in the notes and on the measurement page.
    tags = [parse_qs(urlsplit(u.url).query) for u in links]
    names = [k for k in ("utm_source", "utm_medium", "utm_content") if any(k in tag for tag in tags)]
    campaigns = sorted({v for tag in tags for v in tag.get("utm_campaign", [])})
    rows = [
        [u.platform, u.placement, *(tag.get(k, [""])[0] for k in names)]
        for u, tag in zip(links, tags, strict=True)
    ]
    table = Table(
        [t.platform, t.placement, *names],
        rows,
        [False] * (2 + len(names)),
        weights=[1.1, 1.3] + [1.0] * len(names),
    )
    bullets += [f"utm_campaign: {', '.join(campaigns)}"] if campaigns else []
    return [
        Slide(
            "measurement",
            t.page_measurement,
            title,
            bullets=bullets,
            table=table,
            stacked=True,
            notes="\n".join(u.url for u in links),
        )
    ]


def _team(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not p.team.members:
        return []
    rows = [[m.role, m.name, m.allocation] for m in p.team.members]
    people = sum(m.allocation.value for m in report.plan.team if m.allocation)
    title = t("deck_team_title", n=len(p.team.members), people=f"{people:.1f}".rstrip("0").rstrip("."))
    return [
        Slide(
            "team",
            t.page_team,
            title,
            table=Table([t.role, t.member, t.allocation], rows, [False, False, True]),
        )
    ]


def _fees(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    budget = p.team.budget
    if budget is None:
        return []
    title = t("deck_fees_title", monthly=budget.monthly, first=budget.first_month)
    rows = [[r.item, r.monthly, r.one_off] for r in budget.rows]
    rows.append([t.total, budget.monthly, budget.one_off])
    table = Table([t.item, t.monthly, t.one_off], rows, [False, True, True])
    notes = "\n".join(
        x for x in (t("period_total", months=budget.months) + ": " + budget.period_total, budget.tax) if x
    )
    return [
        Slide(
            "fees",
            t.page_team,
            title,
            figure=budget.period_total,
            figure_label=t("period_total", months=budget.months),
            table=table,
            notes=notes,
        )
    ]


def _next_steps(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not p.next_steps:
        return []
    first = p.next_steps[0]
    title = t("deck_next_title", date=first.date or t.not_set, what=first.what)
    bullets = [" — ".join(x for x in (s.date, s.what, s.who) if x) for s in p.next_steps]
    return [Slide("next_steps", t.next_steps, title, bullets=bullets)]


def chart_format(root: SolvedNode, lang: str) -> str:
    """The chart's axis as the pages write the KGI (a spreadsheet number format): a rate in
    per cent, money and counts with their unit where the pages put it (1,234円, ¥1,234, 45件)."""
    if root.kind == "rate":
        return "0%"
    sample = root.shown(lang, 1234567.0, compact=False)
    at = sample.find("1,234,567")
    if at < 0:
        return "#,##0"
    prefix, suffix = sample[:at], sample[at + len("1,234,567") :]

    def quoted(text: str) -> str:
        return f'"{text.replace(chr(34), "")}"' if text else ""

    return f"{quoted(prefix)}#,##0{quoted(suffix)}"
