"""The home page: one card per proposal."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from generator.actuals.progress import Cell, node_key
from generator.actuals.report import Tracked
from generator.analysis import business
from generator.analysis.report import PlanReport
from generator.knowledge import kinds, knowledge
from generator.locale import formatting
from generator.locale.labels import labels
from generator.render.renderset import NavItem, RenderOptions, RenderSet
from generator.render.text.templates import environment
from generator.render.views.progress import status_of


def proposal_card(
    report: PlanReport, href: str, *, internal: bool, home: str | None = None
) -> dict[str, object]:
    """A proposal's card: its own words in its language; what the home says of it (its
    language, access, status) in the home's (``home``, else the plan's)."""
    plan = report.plan
    kb = knowledge()
    lang = plan.language
    t = labels(lang)
    said = labels(home or lang)
    kgi = ""
    if report.solution is not None:
        root = report.solution.root
        amount = root.shown(lang, compact=True)
        per = plan.kgi.per if plan.kgi and kinds.kind(root.kind).over_period else None
        kgi = f"{root.label} {formatting.with_period(amount, per, lang)}"
    purpose = kb.purposes.get(plan.primary_purpose or "")
    trade = business.business_of(plan, kb)
    return {
        "href": href,
        "language": lang,
        "meta_language": home or lang,
        "language_name": formatting.language_in(lang, home or lang),
        "client": plan.client.name,
        "title": plan.title or t("default_title", client=plan.client.name),
        "purpose": business.purpose_name(purpose, trade, lang) if purpose else t.not_set,
        "kgi_caption": t.kgi_short,
        "kgi": kgi or t.not_set,
        "platforms": [kb.platforms[p.id].name(lang) for p in plan.platforms],
        "access": said.of("access", plan.access) if internal else "",
        "progress": None,
    }


def progress_card(
    report: PlanReport, found: Tracked | None, home: str | None = None
) -> dict[str, str] | None:
    """The latest month's KGI status for the agency's home page (in the home's language), or
    None without actuals."""
    if found is None:
        return None
    kgi = found.summary.kgi
    if kgi is None or kgi.ratio is None:
        return None
    lang = home or report.plan.language
    t = labels(lang)
    assert report.solution is not None  # a KGI with an actual is the root of a solved tree
    status = status_of(Cell(kgi.actual, kgi.target, "imported"), node_key(report.solution.root), t)
    month = formatting.month(kgi.month, lang)
    return {
        "status": status.status,
        "mark": status.mark,
        "word": status.word,
        "text": t("card_progress", month=month, ratio=formatting.rate(kgi.ratio)),
    }


def expired_card(report: PlanReport, href: str) -> dict[str, object]:
    """A card that says only that the proposal has expired, and when."""
    plan = report.plan
    t = labels(plan.language)
    return {
        "href": href,
        "language": plan.language,
        "meta_language": plan.language,
        "language_name": formatting.language_name(plan.language),
        "client": plan.client.name,
        "title": t.expired_notice,
        "purpose": t("expired_on", date=formatting.date(plan.expires, plan.language)) if plan.expires else "",
        "kgi_caption": "",
        "kgi": "",
        "platforms": [],
        "access": "",
        "progress": None,
    }


def render_home(
    reports: list[PlanReport], options: RenderOptions, env: jinja2.Environment | None = None
) -> RenderSet:
    env = env or environment(options.theme_dir, cache=options.template_cache)
    t = labels(options.home_language)
    cards = []
    for report in reports:
        if not report.plan.expired(options.today):
            home = options.home_language
            card = proposal_card(report, f"{report.slug}/", internal=options.internal, home=home)
            if options.internal and options.inputs.shows_actuals:
                card["progress"] = progress_card(report, options.inputs.tracked(report), home)
            if options.internal:  # draft, sent or approved, and whether it moved since it was sent
                versioned = options.versioned(report.slug)
                card["version"] = {
                    "status": t.of("version_status", versioned.status or "draft"),
                    "changed": t.changed_since_sent if versioned.changed_since_sent else "",
                }
            cards.append(card)
        elif options.internal:  # the agency still finds it, as the notice its client sees
            cards.append(expired_card(report, f"{report.slug}/"))
    portfolio = _portfolio(reports, options) if options.internal else None
    out = RenderSet()
    out.files["index.md"] = env.get_template("home.md").render(
        {"t": t, "cards": cards, "portfolio": portfolio}
    )
    out.nav.append(NavItem(t.proposals, "index.md"))
    return out


def _portfolio(reports: list[PlanReport], options: RenderOptions) -> dict[str, object] | None:
    """Every client's standing in the latest month any client has figures for: on track, at
    risk, waiting for review or data missing — as `proposals month` says it."""
    from generator.actuals.portfolio import standing

    inputs = options.inputs
    if not inputs.shows_actuals:
        return None
    found = []
    for report in reports:
        if report.plan.expired(options.today) or not inputs.has_actuals(report.slug):
            continue
        versioned = options.versioned(report.slug)
        measured = versioned.approved or report
        item = inputs.tracked(measured)
        if item is not None:
            found.append((report, measured, item, versioned.held))
    months = [m for _, _, t, _ in found for m in t.months]
    if not months:
        return None
    month = max(months)
    t = labels(options.home_language)
    rows = []
    for report, measured, item, held in found:
        draft = inputs.comment(report.slug, month).draft if month in item.months else False
        state = standing(measured, item, month, held=str(month) in held, draft=draft)
        lang = report.plan.language
        notes = [
            t(key, count=len(items))
            for key, items in (
                ("portfolio_behind", state.behind),
                ("portfolio_unread", state.unread),
                ("portfolio_set_aside", state.set_aside),
                ("portfolio_partial", state.partial),
                ("portfolio_disagree", state.disagree),
            )
            if items
        ]
        review = t.month_status_waiting if state.held else "—"
        if state.held and state.draft:
            review += f"({t.draft_badge})"
        rows.append(
            {
                "client": report.plan.client.name,
                "href": Markup(f"{report.slug}/progress/" if item.months else f"{report.slug}/"),
                "status": state.status,
                "figures": Markup(state.figures.replace("_", "-")),  # one of four fixed words
                "word": t.of("month_status", state.figures),
                "review": review,
                "kgi": formatting.rate(state.kgi_ratio) if state.kgi_ratio is not None else "—",
                "notes": formatting.listing(notes, options.home_language) if notes else "—",
                "language": lang,
            }
        )
    return {"month": formatting.month(month, options.home_language), "rows": rows}
