"""The slides of how the work runs: the target path and the phases, measurement, the team,
the fees and the next steps."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from generator.analysis.kpitree import SolvedNode
from generator.analysis.report import PlanReport
from generator.knowledge import kinds
from generator.locale import formatting
from generator.locale.labels import Labels
from generator.render.deck.slide import Bar, Bars, Card, Slide, Table
from generator.render.views.proposal import ProposalView


def roadmap_slides(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
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
    start = report.plan.kgi.baseline.value if report.plan.kgi and report.plan.kgi.baseline else None
    baseline = (t("chart_baseline", value=root.shown(lang, start, compact=True)), start) if start else None
    slides = [
        Slide(
            "roadmap",
            t.page_roadmap,
            title,
            chart=chart,
            chart_format=chart_format(root, lang),
            chart_baseline=baseline,
            chart_caption=root.label,
            notes=notes,
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


def measurement_slides(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
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


def team_slides(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not p.team.members:
        return []
    people = sum(m.allocation.value for m in report.plan.team if m.allocation)
    title = t("deck_team_title", n=len(p.team.members), people=f"{people:.1f}".rstrip("0").rstrip("."))
    cards = [Card(m.name, m.role, m.allocation) for m in p.team.members]
    return [Slide("team", t.page_team, title, cards=cards)]


def fees_slides(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
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
    # Where the money goes each month, at a glance; one-off fees beside their line. The exact
    # table stays in the notes and on the page.
    monthly = [r for r in budget.rows if r.monthly_value]
    chart = None
    if len(monthly) >= 2:
        bars = [
            Bar(
                r.item,
                r.monthly_value or 0.0,
                r.monthly,
                t("deck_one_off", amount=r.one_off) if r.one_off else "",
            )
            for r in monthly
        ]
        once = [r for r in budget.rows if r.one_off and not r.monthly_value]
        footer = t.list_sep.join(
            [f"{t.total} {t.monthly} {budget.monthly}"]
            + ([f"{t.one_off} {budget.one_off}"] if budget.one_off else [])
            + [f"{r.item} {r.one_off}" for r in once]
        )
        chart = Bars([("", bars)], caption=t.monthly, footer=footer)
    notes = "\n".join([notes, *(" · ".join(x for x in row if x) for row in rows)])
    return [
        Slide(
            "fees",
            t.page_team,
            title,
            figure=budget.period_total,
            figure_label=t("period_total", months=budget.months),
            table=None if chart else table,
            bars=chart,
            notes=notes,
        )
    ]


def next_steps_slides(report: PlanReport, p: ProposalView, t: Labels) -> list[Slide]:
    if not p.next_steps:
        return []
    first = p.next_steps[0]
    title = t("deck_next_title", date=first.date or t.not_set, what=first.what)
    cards = [Card(s.what, s.date, s.who) for s in p.next_steps]
    return [Slide("next_steps", t.next_steps, title, cards=cards, columns=1 if len(cards) <= 5 else 2)]


def chart_format(root: SolvedNode, lang: str) -> str:
    """The chart's axis as the pages write the KGI (a spreadsheet number format): a rate in
    per cent, money and counts with their unit where the pages put it (1,234円, ¥1,234, 45件)."""
    if kinds.kind(root.kind).share:
        return "0%"
    sample = root.shown(lang, 1234567.0, compact=False)
    at = sample.find("1,234,567")
    if at < 0:
        return "#,##0"
    prefix, suffix = sample[:at], sample[at + len("1,234,567") :]

    def quoted(text: str) -> str:
        return f'"{text.replace(chr(34), "")}"' if text else ""

    return f"{quoted(prefix)}#,##0{quoted(suffix)}"
