"""Checks that need the knowledge base: metric ids, units by metric kind, tree limits.

These are reading errors, not doctor findings: a plan that names a metric the
catalogue does not know cannot be solved or rendered at all.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from generator.errors import KeyPath, Problem, say
from generator.knowledge import kinds, knowledge
from generator.knowledge.quantity import Quantity
from generator.plans.model import MAX_TREE_DEPTH, MAX_TREE_NODES, MetricRef, Plan, TreeNode
from generator.plans.yamldoc import Document

Add = Callable[..., None]
"""Records one problem: ``add(path, message, hint)``."""


def check_references(plan: Plan, doc: Document) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: KeyPath, message: str, hint: str = "", *, key: bool = False) -> None:
        problems.append(Problem(doc.where(path, key=key), path, message, hint))

    currency = plan.kgi.unit if plan.kgi else None
    if plan.kgi:
        _check_metric(plan.kgi, plan.kgi.target, ("kgi",), add, currency)
        _check_amount(plan.kgi, plan.kgi.baseline, ("kgi", "baseline"), add, currency)
    if plan.kpi_tree:
        _check_tree(plan, add, currency)
    seen_platforms: dict[str, int] = {}
    for i, platform in enumerate(plan.platforms):
        if platform.id in seen_platforms:
            add(
                ("platforms", i, "id"),
                say("'{platform}' is listed twice", platform=platform.id),
                say("merge it with platforms[{index}]", index=seen_platforms[platform.id]),
            )
        seen_platforms.setdefault(platform.id, i)
        for j, kpi in enumerate(platform.kpis):
            where = ("platforms", i, "kpis", j)
            _check_metric(kpi, kpi.target, where, add, currency)
            _check_amount(kpi, kpi.baseline, (*where, "baseline"), add, currency)
    _check_pitch(plan, add)
    return problems


def _check_pitch(plan: Plan, add: Add) -> None:
    """Currencies the tool can show, and rates within 100 % in the proposal's own sections."""
    kb = knowledge()
    if plan.budget and plan.budget.currency and plan.budget.currency not in kb.currencies:
        close = difflib.get_close_matches(plan.budget.currency, list(kb.currencies), n=1, cutoff=0.5)
        hint = (
            say("did you mean '{word}'?", word=close[0])
            if close
            else say("known: {choices}", choices=", ".join(kb.currencies))
        )
        add(
            ("budget", "currency"),
            say("'{unit}' is not a currency code we know", unit=plan.budget.currency),
            hint,
        )
    rates: list[tuple[KeyPath, float]] = []
    if plan.situation:
        for section in ("accounts", "competitors"):
            for i, account in enumerate(getattr(plan.situation, section)):
                if account.engagement_rate:
                    rates.append(
                        (("situation", section, i, "engagement_rate"), account.engagement_rate.value)
                    )
    if plan.content:
        rates += [
            (("content", "pillars", i, "share"), p.share.value)
            for i, p in enumerate(plan.content.pillars)
            if p.share
        ]
    for path, value in rates:
        if value > 1:
            add(
                path,
                say("a rate of {value:g} means {percent:g}%", value=value, percent=value * 100),
                say("write rates as 1.2% or 0.012"),
            )


def _check_tree(plan: Plan, add: Add, currency: str | None) -> None:
    assert plan.kpi_tree is not None
    nodes = plan.kpi_tree.walk()
    if len(nodes) > MAX_TREE_NODES:
        add(
            ("kpi_tree",),
            say("the tree has {count} nodes; the limit is {limit}", count=len(nodes), limit=MAX_TREE_NODES),
            say("split the plan or summarise branches"),
            key=True,
        )
        return
    root = plan.kpi_tree
    kgi_key = plan.kgi.key if plan.kgi else ""
    if root.key and kgi_key and root.key != kgi_key:
        add(
            ("kpi_tree", "metric" if root.metric else "id"),
            say("the root of the tree is the KGI ('{kgi}'), not '{root}'", kgi=kgi_key, root=root.key),
            say("leave metric out at the root, or match kgi.metric"),
            key=True,
        )
    if (
        root.target is not None
        and plan.kgi
        and plan.kgi.target is not None
        and abs(root.target.value - plan.kgi.target.value) > 1e-9 * max(1.0, plan.kgi.target.value)
    ):
        add(
            ("kpi_tree", "target"),
            say("the root's target differs from kgi.target"),
            say("set the goal once, in kgi.target"),
            key=True,
        )
    custom_ids: dict[str, KeyPath] = {}
    for path, node in nodes:
        depth = sum(1 for part in path if part == "children")
        if depth > MAX_TREE_DEPTH:
            add(
                path,
                say("the tree is deeper than {limit} levels", limit=MAX_TREE_DEPTH),
                say("flatten the lower levels"),
            )
            return
        if node is root and not node.key:
            continue
        if not node.key:
            add(
                path,
                say("this node names no metric"),
                say("add metric: <catalogue id>, or id + label for a custom one"),
            )
            continue
        if node.id:
            if node.id in custom_ids:
                add(
                    (*path, "id"),
                    say("the custom id '{id}' is used twice in the tree", id=node.id),
                    say("give each custom node its own id"),
                    key=True,
                )
            custom_ids.setdefault(node.id, path)
        _check_metric(_as_ref(node), node.target, path, add, currency)


def _as_ref(node: TreeNode) -> MetricRef:
    return MetricRef.model_construct(metric=node.metric, id=node.id, label=node.label, unit=node.unit)


def _check_metric(
    ref: MetricRef, target: Quantity | None, path: KeyPath, add: Add, currency: str | None
) -> None:
    kb = knowledge()
    if ref.unit and ref.unit not in kb.currencies:
        close = difflib.get_close_matches(ref.unit, list(kb.currencies), n=1, cutoff=0.5)
        hint = (
            say("did you mean '{word}'?", word=close[0])
            if close
            else say("known: {choices}", choices=", ".join(kb.currencies))
        )
        add((*path, "unit"), say("'{unit}' is not a currency code we know", unit=ref.unit), hint)
    if ref.metric is not None:
        metric = kb.metric(ref.metric)
        if metric is None:
            close = difflib.get_close_matches(ref.metric, list(kb.metrics), n=1, cutoff=0.6)
            hint = (
                say("did you mean '{word}'?", word=close[0])
                if close
                else say("see `proposals catalogue` for the metrics, or use id + label")
            )
            add(
                (*path, "metric"),
                say("'{metric}' is not a metric in the catalogue", metric=ref.metric),
                hint,
                key=True,
            )
            return
        if ref.unit and not kinds.kind(metric.kind).currency:
            add(
                (*path, "unit"),
                say("{metric} is a {kind}, which takes no unit", metric=ref.metric, kind=say(metric.kind)),
                say("rates are written with % (1.2%); only money has a currency"),
                key=True,
            )
        _check_amount(ref, target, (*path, "target"), add, currency)
    elif ref.id is not None and kb.metric(ref.id) is not None:
        add(
            (*path, "id"),
            say("'{id}' is a catalogue metric", id=ref.id),
            say("write metric: {id}", id=ref.id),
            key=True,
        )


def _check_amount(
    ref: MetricRef, amount: Quantity | None, path: KeyPath, add: Add, currency: str | None
) -> None:
    """Amounts follow the metric's kind: money has a currency, rates stay within 100 %."""
    if amount is None:
        return
    metric = knowledge().metric(ref.metric) if ref.metric else None
    kind = kinds.kind_of(metric.kind if metric else None, ref.unit)
    if kind is not None and not kinds.kind(kind).share and amount.percent:
        add(
            path,
            say("{key} is a {kind}, not a rate", key=ref.key, kind=say(kind)),
            say("write a plain number"),
        )
    if kinds.kind(kind).currency and not (ref.unit or currency):
        add(path, say("{key} is money and needs a currency", key=ref.key), say("add unit: JPY, USD, EUR…"))
    if kinds.kind(kind).share and not (metric and metric.unbounded) and amount.value > 1:
        add(
            path,
            say("a rate of {value:g} means {percent:g}%", value=amount.value, percent=amount.value * 100),
            say("write rates as 1.2% or 0.012"),
        )
