"""The month's commentary drafted from the numbers, never invented: the KGI against its target
and where the pace leads, what moved it (the attribution the progress page shows), which KPIs
lag and by how much, and what to do next (the knowledge base's levers for those KPIs) — in
the plan's language, as a few short paragraphs the strategist edits before it is sent. Every
figure in it is one the month's JSON holds; none is worked out here."""

from __future__ import annotations

from generator.actuals.month import month_facts
from generator.actuals.progress import lower_is_better
from generator.actuals.report import Tracked
from generator.analysis.report import PlanReport
from generator.knowledge import knowledge
from generator.locale import formatting
from generator.locale.labels import Labels, labels
from generator.plans.values import Month
from generator.render.views.progress import moved_sentence, named, nodes_of, progress_view

LAGGING_SHOWN = 3
ACTIONS_SHOWN = 2


def draft_commentary(report: PlanReport, tracked: Tracked, month: Month) -> str:
    """The draft, or '' when the month has no figures."""
    view = progress_view(report, tracked, internal=False, month=month)
    if view is None:
        return ""
    lang = report.plan.language
    t = labels(lang)
    paragraphs = []
    if view.headline:
        paragraphs.append(_sentences([view.headline, view.forecast], lang))
    facts = month_facts(report, tracked, month)
    by_key = {n.key: n for n in nodes_of(report)}
    # The part that made most of the gap, and the one that worked against it, if any.
    main = [m for m in facts.moved if m.parent is None]
    chosen = main[:1] + [m for m in main[1:] if m.share < 0][:1]
    if chosen:
        paragraphs.append(
            ("" if lang == "ja" else " ").join(
                moved_sentence(m, facts.cells, by_key, t, lang) for m in chosen
            )
        )
    lagging = _lagging(report, tracked, month, t)
    if lagging:
        paragraphs.append(t("draft_lagging_line", items=formatting.listing(lagging, lang)))
    if view.actions:
        lines = [t.draft_next, ""]  # a list needs its blank line after the paragraph
        lines += [
            f"{i}. {a.label}: {a.steps[0]}" for i, a in enumerate(view.actions[:ACTIONS_SHOWN], 1) if a.steps
        ]
        paragraphs.append("\n".join(lines))
    return "\n\n".join(p for p in paragraphs if p).strip() + "\n" if paragraphs else ""


def _sentences(parts: list[str], lang: str) -> str:
    """Clauses as sentences, each closed the way the language closes one."""
    if lang == "ja":
        return "".join(p.rstrip("。") + "。" for p in parts if p)
    return " ".join(p.rstrip(".") + "." for p in parts if p)


def _lagging(report: PlanReport, tracked: Tracked, month: Month, t: Labels) -> list[str]:
    """The month's KPIs below target, furthest behind first, each with its share of target,
    actual and target."""
    lang = report.plan.language
    cells = dict(tracked.progress.months).get(month, {})
    root = report.solution.root.place if report.solution else ""
    rules = knowledge().rules
    green, amber = rules.value("status_green"), rules.value("status_amber")
    rows = []
    for node in nodes_of(report):
        cell = cells.get(node.key)
        if cell is None or node.key == root or cell.ratio is None:
            continue
        if cell.status(green, amber, lower_is_better(node.key)) not in ("red", "amber"):
            continue
        text = t(
            "draft_lag",
            node=named(node, lang),
            actual=node.shown(cell.actual, lang),
            target=node.shown(cell.target, lang),
            ratio=formatting.rate(cell.ratio),
        )
        rows.append((cell.score(lower_is_better(node.key)) or 0.0, text))
    rows.sort(key=lambda r: r[0])
    return [text for _, text in rows[:LAGGING_SHOWN]]
