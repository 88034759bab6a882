"""What changed between two versions of a plan, in the plan's terms.

Not a diff of text: the KGI's target and deadline, each tree node's target and solved value,
platforms added or dropped, their KPI targets and posting rhythm, content pillars and their
shares, the team's allocation, the fees, the next steps — each with the figure before and
after, written as the client's pages write it (月300万円, ¥3M). Edits that change wording only
collapse to one line per section.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from generator.analysis.report import PlanReport
from generator.knowledge import knowledge
from generator.locale.labels import Labels, labels
from generator.render.site.pages import PAGE_TITLES, SECTION_PAGES
from generator.render.views.proposal import ProposalView, proposal_view
from generator.versions.canonical import canonical_data

WORDING = {section: PAGE_TITLES[page] for section, page in SECTION_PAGES.items()}
WORDING["next_steps"] = "next_steps"
"""The label of the page each part of a plan is read on (the site's own map): a wording edit
is said once per page; the next steps, a block of the overview, are named as themselves."""
UNSHOWN = {"internal_notes", "access", "expires", "approved", "schema", "language"}
"""What a client never reads, or what is no part of the plan's content."""


@dataclass(frozen=True)
class Change:
    section: str
    """period, kgi, tree, platforms, kpis, rhythm, content, roadmap, pictures, team, fees,
    next_steps or wording."""
    item: str
    before: str
    after: str
    text: str

    def as_json(self) -> dict[str, str]:
        return asdict(self)


def plan_diff(old: PlanReport, new: PlanReport) -> list[Change]:
    """Every change from ``old`` to ``new``, in the language of ``new``, in page order."""
    t = labels(new.plan.language)
    a = proposal_view(old, internal=False)
    b = proposal_view(new, internal=False)
    changes: list[Change] = []
    changes += _period(a, b, t)
    changes += _kgi(a, b, t)
    changes += _tree(old, new, t)
    changes += _platforms(a, b, t)
    changes += _pillars(a, b, t)
    changes += _roadmap(a, b, t)
    changes += _pictures(old, new, t)
    changes += _team(a, b, t)
    changes += _fee_lines(a, b, t)
    changes += _fees(a, b, t)
    changes += _steps(a, b, t)
    changes += _wording(old, new, t, {c.section for c in changes})
    return changes


def _change(t: Labels, section: str, item: str, before: str, after: str) -> Change:
    if not before:
        text = t("diff_added", item=item, after=after)
    elif not after:
        text = t("diff_removed", item=item, before=before)
    else:
        text = t("diff_changed", item=item, before=before, after=after)
    return Change(section, item, before, after, text)


def _pairs(
    t: Labels, section: str, before: dict[str, str], after: dict[str, str], prefix: str = ""
) -> Iterable[Change]:
    """Items matched by name: changed values, then what was added, then what was dropped."""
    for name, value in after.items():
        old = before.get(name)
        if old is not None and old != value:
            yield _change(t, section, f"{prefix}{name}", old, value)
    for name, value in after.items():
        if name not in before:
            yield _change(t, section, f"{prefix}{name}", "", value or "✓")
    for name, value in before.items():
        if name not in after:
            yield _change(t, section, f"{prefix}{name}", value or "✓", "")


def _kgi(a: ProposalView, b: ProposalView, t: Labels) -> list[Change]:
    found = []
    before = a.kgi.amount + (t("diff_by", by=a.kgi.by) if a.kgi.by else "")
    after = b.kgi.amount + (t("diff_by", by=b.kgi.by) if b.kgi.by else "")
    if before != after or a.kgi.label != b.kgi.label:
        item = "KGI" if a.kgi.label == b.kgi.label else f"KGI ({a.kgi.label} → {b.kgi.label})"
        found.append(_change(t, "kgi", item, before, after))
    return found


def _tree(old: PlanReport, new: PlanReport, t: Labels) -> list[Change]:
    def values(report: PlanReport) -> dict[str, str]:
        if report.solution is None:
            return {}
        lang = new.plan.language
        platforms = knowledge().platforms
        out = {}
        for node in report.solution.nodes()[1:]:  # the root is the KGI, said above
            where = platforms[node.platform].name(lang) if node.platform in platforms else node.platform
            key = "diff_node" if where else "diff_node_plain"
            name = t(key, node=node.label, platform=where or "")
            shown = node.shown(lang)
            out[name] = shown if not node.computed else t("diff_solved", value=shown)
        return out

    return list(_pairs(t, "tree", values(old), values(new)))


def _platforms(a: ProposalView, b: ProposalView, t: Labels) -> list[Change]:
    found = list(
        _pairs(t, "platforms", {p.name: p.role for p in a.platforms}, {p.name: p.role for p in b.platforms})
    )
    olds = {p.name: p for p in a.platforms}
    for p in b.platforms:
        before = olds.get(p.name)
        if before is None:
            continue
        kpis = ({r.label: r.value for r in before.kpis}, {r.label: r.value for r in p.kpis})
        found += _pairs(t, "kpis", *kpis, f"{p.name} ")
        rhythm = (
            {c.format: c.frequency for c in before.cadence},
            {c.format: c.frequency for c in p.cadence},
        )
        found += _pairs(t, "rhythm", *rhythm, f"{p.name} {t.posting} ")
    return found


def _period(a: ProposalView, b: ProposalView, t: Labels) -> list[Change]:
    return [_change(t, "period", t.period, a.period, b.period)] if a.period != b.period else []


def _roadmap(a: ProposalView, b: ProposalView, t: Labels) -> list[Change]:
    """Each phase by its name: its months and its focus, as the roadmap page shows them."""

    def phases(view: ProposalView) -> dict[str, str]:
        return {
            p.name: " · ".join(x for x in (p.months, p.focus, p.campaigns) if x) for p in view.roadmap.phases
        }

    return list(_pairs(t, "roadmap", phases(a), phases(b), f"{t.page_roadmap} "))


def _pictures(old: PlanReport, new: PlanReport, t: Labels) -> list[Change]:
    """Each picture by its file: where it goes and what its words say."""

    pages = {
        "cover": t.diff_cover,
        "persona": t.page_persona,
        "content": t.page_content,
        "situation": t.page_situation,
    }

    def pictures(report: PlanReport) -> dict[str, str]:
        return {image.path: f"{pages[image.where]} · {image.alt}" for image in report.plan.images}

    return list(_pairs(t, "pictures", pictures(old), pictures(new), f"{t.diff_pictures} "))


def _fee_lines(a: ProposalView, b: ProposalView, t: Labels) -> list[Change]:
    """Each line of the fees by its item: its monthly and one-off amounts."""

    def lines(view: ProposalView) -> dict[str, str]:
        budget = view.team.budget
        if budget is None:
            return {}
        return {
            r.item: " · ".join(
                x
                for x in (
                    f"{t.monthly} {r.monthly}" if r.monthly else "",
                    f"{t.one_off} {r.one_off}" if r.one_off else "",
                )
                if x
            )
            for r in budget.rows
        }

    return list(_pairs(t, "fees", lines(a), lines(b), f"{t.fees} "))


def _pillars(a: ProposalView, b: ProposalView, t: Labels) -> list[Change]:
    def shares(view: ProposalView) -> dict[str, str]:
        return {p.name: " · ".join(x for x in (p.share, p.posts) if x) for p in view.content.pillars}

    return list(_pairs(t, "content", shares(a), shares(b), f"{t.pillar} "))


def _team(a: ProposalView, b: ProposalView, t: Labels) -> list[Change]:
    def allocation(view: ProposalView) -> dict[str, str]:
        return {f"{m.role} {m.name}".strip(): m.allocation for m in view.team.members}

    return list(_pairs(t, "team", allocation(a), allocation(b)))


def _fees(a: ProposalView, b: ProposalView, t: Labels) -> list[Change]:
    def fees(view: ProposalView) -> dict[str, str]:
        budget = view.team.budget
        if budget is None:
            return {}
        return {
            t.monthly: budget.monthly,
            t.first_month: budget.first_month,
            t("period_total", months=budget.months): budget.period_total,
            t.tax_label: budget.tax,
        }

    return list(_pairs(t, "fees", fees(a), fees(b), f"{t.fees} "))


def _steps(a: ProposalView, b: ProposalView, t: Labels) -> list[Change]:
    def steps(view: ProposalView) -> dict[str, str]:
        return {s.what: s.date for s in view.next_steps}

    return list(_pairs(t, "next_steps", steps(a), steps(b), f"{t.next_steps} "))


def _wording(old: PlanReport, new: PlanReport, t: Labels, said: set[str]) -> list[Change]:
    """Parts whose text changed beyond what the lines above said: one line per page."""
    a, b = canonical_data(old.plan), canonical_data(new.plan)
    pages: dict[str, None] = {}
    for key in sorted(set(a) | set(b)):
        if key in UNSHOWN or a.get(key) == b.get(key):
            continue
        if _only_said(key, a.get(key), b.get(key), said):
            continue
        pages[WORDING.get(key, "page_overview")] = None
    return [Change("wording", t(page), "", "", t("diff_wording", page=t(page))) for page in pages]


def _only_said(key: str, before: Any, after: Any, said: set[str]) -> bool:
    """Whether the lines above already cover every difference in this part (the KGI's figure,
    a budget line's amount): a figure's change is not also a wording change."""
    figures = {
        "kgi": ("kgi", {"target", "by", "per", "baseline", "unit"}),
        "budget": ("fees", {"items", "tax", "currency"}),
        "team": ("team", set()),
        "next_steps": ("next_steps", set()),
        "kpi_tree": ("tree", set()),
        "period": ("period", set()),
        "roadmap": ("roadmap", set()),
        "images": ("pictures", set()),
    }
    if key not in figures:
        return False
    section, fields = figures[key]
    if section not in said:
        return False
    if not fields:
        return True
    if not isinstance(before, dict) or not isinstance(after, dict):
        return False
    rest = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return rest <= fields


def diff_text(changes: list[Change], t: Labels) -> list[str]:
    return [c.text for c in changes] or [t.diff_none]
