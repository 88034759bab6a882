"""The slides of a pitch, in order, each with one message built from the plan's numbers.

A slide says its point in its title; the key figure, a short list or a small table carry
it; the detail goes to the speaker notes. Absent sections are no slide.
"""

from __future__ import annotations

from generator.analysis.report import PlanReport
from generator.locale import formatting
from generator.locale.labels import Labels
from generator.render.deck.slide import Bar, Bars, Card, Slide, Table, continued
from generator.render.deck.slides_run import (
    fees_slides,
    measurement_slides,
    next_steps_slides,
    roadmap_slides,
    team_slides,
)
from generator.render.deck.slides_tree import tree_slides
from generator.render.deck.wording import basis, plain, widest_gap
from generator.render.views.proposal import ProposalView

MAX_BULLETS = 6
"""More points than this on one slide go to a continuation slide."""
MAX_FIGURES = 4
"""Up to this many targets on a platform's slide are shown as figures, more as a table."""
MERGED_POINTS = 3
"""Up to this many points share a slide with its table instead of a slide of their own."""


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
        tree_slides,
        _platforms,
        _content,
        roadmap_slides,
        measurement_slides,
        team_slides,
        fees_slides,
        next_steps_slides,
    )
    slides: list[Slide] = []
    for make in makers:
        for slide in make(report, view, t):
            slides += continued(slide, t, MAX_BULLETS)
    agenda = next((s for s in slides if s.kind == "agenda"), None)
    if agenda is not None:  # filled last: it lists the sections that made it into the deck
        sections = dict.fromkeys(s.kicker for s in slides if s.kind not in ("cover", "agenda"))
        agenda.cards = [Card(name, f"{i:02d}") for i, name in enumerate(sections, 1)]
        agenda.columns = 1 if len(agenda.cards) <= 4 else 2
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
    bars = _followers(p, t)
    if p.situation.accounts and bars is None:
        table = Table(
            [t.account, t.platform, t.followers_col, t.posting],
            [[a.name, a.platform, a.followers, a.posts] for a in p.situation.accounts],
            [False, False, True, True],
        )
    slides = [
        Slide("situation", t.page_situation, title, table=table, bars=bars, notes=str(p.situation.summary))
    ]
    if (table is not None or bars is not None) and 0 < len(p.situation.issues) <= MERGED_POINTS:
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


def _followers(p: ProposalView, t: Labels) -> Bars | None:
    """The accounts' followers as bars, one scale per platform: 4,200 beside 52,000 on
    Instagram says the gap; beside TikTok's 18,000 it would say nothing."""
    accounts = [a for a in p.situation.accounts if a.followers_value is not None]
    if len(accounts) < 2:
        return None
    groups: dict[str, list[Bar]] = {}
    for a in accounts:
        bar = Bar(a.handle or a.name, a.followers_value or 0.0, a.followers, a.posts)
        groups.setdefault(a.platform, []).append(bar)
    return Bars(list(groups.items()), caption=t.followers_col)


def _purpose(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    info = p.purpose.info
    if not info:
        return []
    reason = plain(str(p.purpose.reason)) or str(info.aim)
    return [
        Slide(
            "purpose",
            t.page_purpose,
            t("deck_purpose_title", purpose=info.name),
            lead=reason,
            cards=[Card(str(x)) for x in info.content][:3],
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
    habits = [Card(h) for h in (persona.habits or [])[:4]]
    return [Slide("persona", t.page_persona, title, lead=persona.summary, cards=habits)]


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
    # The goal's parts as figures beside it; a long list as a table.
    figures = [Card(r.value, r.label) for r in p.tree.headline] if len(rows) <= MAX_FIGURES else []
    table = Table([t.metric, t.target], rows, [False, True]) if rows and not figures else None
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
            cards=figures,
            columns=1,
        )
    ]


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
        # A few targets as figures people read across the room; more as a table.
        figures = [Card(r.value, r.label) for r in pl.kpis] if len(pl.kpis) <= MAX_FIGURES else []
        table = Table([t.metric, t.target], rows, [False, True]) if rows and not figures else None
        bullets = [*pl.rewards[:3], *([t("deck_rhythm", rhythm=rhythm)] if rhythm else [])]
        bullets += [basis(t, r.basis, r.label) for r in pl.kpis if r.basis]
        slides.append(
            Slide(
                "platform",
                t.page_platforms,
                title,
                bullets=bullets,
                table=table,
                cards=figures,
                notes="\n".join(pl.watch_out),
            )
        )
    return slides


def _content(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not p.content.pillars:
        return []
    top = max(p.content.pillars, key=lambda pl: pl.share_value)
    title = t("deck_content_title", share=top.share, pillar=top.name) if top.share else t.page_content
    bars = [Bar(pl.name, pl.share_value, pl.share, pl.posts) for pl in p.content.pillars]
    notes = "\n".join(f"{pl.name}: {t.list_sep.join(pl.examples)}" for pl in p.content.pillars if pl.examples)
    chart = Bars([("", bars)], caption=f"{t.share} · {t.posts_a_month}")
    return [Slide("content", t.page_content, title, bars=chart, notes=notes), *_calendar(p, t)]


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
