"""Which kind of business a plan is for, and which metrics and advice fit it.

A plan may say it (``client.business``); otherwise its KGI tells (store reservations: a
local business; demo requests: B2B). Pages and hints use this so that a B2B plan is never
told about online revenue, and nothing points at a platform the plan does not use.
"""

from __future__ import annotations

from generator.knowledge import Business, Knowledge, Metric, Purpose
from generator.plans.model import Plan


def business_of(plan: Plan, kb: Knowledge) -> Business | None:
    """The plan's own ``client.business``; else a clinic when it is governed by medical
    advertising law (its ``regulated`` or its industry's words); else what its KGI signals."""
    if plan.client.business:
        return kb.businesses[plan.client.business]
    who = f"{plan.client.industry or ''} {plan.client.name}"
    medical = plan.client.regulated == "medical" or (
        plan.client.regulated is None and kb.advertising.category_of(who) == "medical"
    )
    if medical and "clinic" in kb.businesses:
        return kb.businesses["clinic"]
    kgi = plan.kgi.metric if plan.kgi else None
    return next((b for b in kb.businesses.values() if kgi and kgi in b.signals), None)


def fits(metric: Metric, plan: Plan, business: Business | None, named: set[str] | None = None) -> bool:
    """Whether a catalogue metric belongs on this plan's pages as an example: a platform's
    own metric only when the plan uses that platform, a business result only when it is one
    for this kind of business (metrics the plan names — ``named``, when taken already —
    always fit)."""
    if metric.id in (plan_metrics(plan) if named is None else named):
        return True
    used = {p.id for p in plan.platforms}
    if metric.platforms and metric.measured_with is None and not used & set(metric.platforms):
        return False
    return business is None or metric.stage != "conversion" or metric.id in business.results


def plan_metrics(plan: Plan) -> set[str]:
    names = {plan.kgi.metric} if plan.kgi and plan.kgi.metric else set()
    if plan.kpi_tree is not None:
        names |= {node.metric for _, node in plan.kpi_tree.walk() if node.metric}
    names |= {k.metric for p in plan.platforms for k in p.kpis if k.metric}
    return names


def fitting(ids: tuple[str, ...], plan: Plan, kb: Knowledge, business: Business | None) -> list[str]:
    """The ids that fit, in order; all of them when none would (never an empty example)."""
    named = plan_metrics(plan)  # the tree is walked once, not once a metric
    kept = [m for m in ids if fits(kb.metrics[m], plan, business, named)]
    return kept or list(ids)


def purpose_name(purpose: Purpose, business: Business | None, language: str) -> str:
    text = business.purpose_names.get(purpose.id) if business else None
    return (text or purpose.name)(language)


def purpose_names(plan: Plan, kb: Knowledge, language: str) -> list[str]:
    """The plan's purposes in its business's words, primary first."""
    trade = business_of(plan, kb)
    return [purpose_name(kb.purposes[p], trade, language) for p in plan.purposes]


def aim(purpose: Purpose, business: Business | None, language: str) -> str:
    text = business.aims.get(purpose.id) if business else None
    return (text or purpose.aim)(language)


def fits_when(purpose: Purpose, business: Business | None, language: str) -> str:
    text = business.fits_when.get(purpose.id) if business else None
    return (text or purpose.fits_when)(language)


def content(purpose: Purpose, plan: Plan, business: Business | None, language: str) -> list[str]:
    """What to post for this purpose and business, leaving out ideas for platforms the plan
    does not use."""
    ideas = (business.content.get(purpose.id) if business else None) or purpose.content
    used = {p.id for p in plan.platforms}
    return [idea(language) for idea in ideas if not idea.platforms or used & set(idea.platforms)]
