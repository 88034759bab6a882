"""The plan doctor: each rule is a small function from a loaded plan to findings.

Rules ask the knowledge base what is true of a metric, a purpose or a platform; the
wording of every finding comes from ``knowledge/pitfalls.yaml`` in the plan's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.analysis.findings import Finding
from generator.analysis.kpitree import Solution, SolvedNode, solve
from generator.errors import dotted
from generator.knowledge import Knowledge, knowledge
from generator.plans.load import LoadedPlan
from generator.plans.model import Kpi, Month, Plan
from generator.render import formatting
from generator.render.i18n import labels

Path = tuple[str | int, ...]


@dataclass
class Context:
    """What every rule may look at: the plan, its solved tree, the workspace's UTM lists."""

    loaded: LoadedPlan
    solution: Solution | None
    kb: Knowledge
    utm_allowed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        return self.loaded.plan

    @property
    def lang(self) -> str:
        return self.plan.language

    def finding(self, rule: str, path: Path, message: str, hint: str = "", **values: Any) -> Finding:
        pitfall = self.kb.pitfalls[rule]
        text = pitfall.messages[message](self.lang).format(**values)
        hint_text = pitfall.messages[hint](self.lang).format(**values) if hint else ""
        return Finding(
            rule=rule,
            severity=pitfall.severity,  # type: ignore[arg-type]
            path=dotted(path),
            line=self.loaded.line(path),
            message=text,
            hint=hint_text,
        )

    def word(self, rule: str, key: str) -> str:
        return self.kb.pitfalls[rule].messages[key](self.lang)

    def metric_name(self, metric_id: str) -> str:
        metric = self.kb.metric(metric_id)
        return metric.name(self.lang) if metric else metric_id

    def join(self, items: Iterable[str]) -> str:
        """A list in the plan's language: 「、」 in Japanese, ", " in English."""
        return labels(self.lang).list_sep.join(items)

    def names(self, ids: list[str] | tuple[str, ...], limit: int = 6) -> str:
        return self.join(self.metric_name(m) for m in list(ids)[:limit])

    def purpose_names(self) -> str:
        return self.join(self.kb.purposes[p].name(self.lang) for p in self.plan.purposes)


Rule = Callable[[Context], Iterator[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


def run_rules(
    loaded: LoadedPlan, utm_allowed: dict[str, list[str]] | None = None, solution: Solution | None = None
) -> list[Finding]:
    solved = solution if solution is not None else solve(loaded.plan)
    context = Context(loaded, solved, knowledge(), utm_allowed or {})
    return [finding for check in RULES for finding in check(context)]


# ---------------------------------------------------------------------------- purpose and KGI


@rule
def multiple_purposes(c: Context) -> Iterator[Finding]:
    if len(c.plan.purposes) > 1:
        names = labels(c.lang).list_sep.join(c.kb.purposes[p].name(c.lang) for p in c.plan.purposes)
        yield c.finding(
            "multiple-purposes", ("purpose",), "chosen", "hint", n=len(c.plan.purposes), list=names
        )


@rule
def vanity_kgi(c: Context) -> Iterator[Finding]:
    kgi = c.plan.kgi
    metric = c.kb.metric(kgi.metric) if kgi and kgi.metric else None
    if metric is None or metric.can_be_kgi:
        return
    purpose = c.kb.purposes.get(c.plan.primary_purpose or "") or c.kb.purposes["sales"]
    yield c.finding(
        "vanity-kgi",
        ("kgi", "metric"),
        "vanity",
        "hint",
        metric=metric.name(c.lang),
        purpose=purpose.name(c.lang),
        examples=c.names(purpose.kgis, 3),
    )


@rule
def no_deadline(c: Context) -> Iterator[Finding]:
    if not (c.plan.kgi and c.plan.kgi.by) and c.plan.period is None:
        yield c.finding("no-deadline", ("kgi",) if c.plan.kgi else (), "missing", "hint")


# ---------------------------------------------------------------------------- KPIs


def _followed(c: Context) -> list[tuple[Path, str, str | None]]:
    """Every catalogue KPI the plan follows: (path, metric id, platform)."""
    found: list[tuple[Path, str, str | None]] = []
    if c.plan.kpi_tree:
        for path, node in c.plan.kpi_tree.walk()[1:]:
            if node.metric:
                found.append((path, node.metric, node.platform))
    for i, platform in enumerate(c.plan.platforms):
        for j, kpi in enumerate(platform.kpis):
            if kpi.metric:
                found.append((("platforms", i, "kpis", j), kpi.metric, platform.id))
    return found


FOLLOWER_METRICS = {"followers", "follower_growth", "follower_growth_rate"}


@rule
def follower_only(c: Context) -> Iterator[Finding]:
    followed = _followed(c)
    custom = any(kpi.id for p in c.plan.platforms for kpi in p.kpis)
    if followed and not custom and {m for _, m, _ in followed} <= FOLLOWER_METRICS:
        purpose = c.kb.purposes.get(c.plan.primary_purpose or "") or c.kb.purposes["awareness"]
        yield c.finding("follower-only", followed[0][0], "only", "hint", examples=c.names(purpose.kpis, 4))


def _arithmetic_paths(c: Context) -> set[Path]:
    """Tree nodes joined to the KGI by product/sum all the way up: linked by the arithmetic."""
    linked: set[Path] = set()
    if c.solution is None:
        return linked

    def visit(node: SolvedNode) -> None:
        if node.op in ("product", "sum"):
            for child in node.children:
                linked.add(child.path)
                visit(child)

    visit(c.solution.root)
    return linked


@rule
def kpi_not_linked(c: Context) -> Iterator[Finding]:
    kgi = c.plan.kgi
    kgi_metric = c.kb.metric(kgi.metric) if kgi and kgi.metric else None
    purposes = set(c.plan.purposes)
    if not purposes and kgi_metric is None:
        return
    drivers = set(kgi_metric.drivers) if kgi_metric else set()
    arithmetic = _arithmetic_paths(c)
    for path, metric_id, platform in _followed(c):
        metric = c.kb.metric(metric_id)
        if metric is None or metric_id in drivers or metric_id == (kgi and kgi.metric):
            continue
        # A factor of the tree's arithmetic is linked by construction, except a reaction such as
        # likes: an engagement count never multiplies out into visits, sales or applications.
        if path in arithmetic and metric.stage != "interest":
            continue
        if purposes & set(metric.purposes):
            continue
        if platform and metric_id in c.kb.platforms[platform].kpis:
            continue  # what the platform's ranking rewards keeps the account seen at all
        suggestions = kgi_metric.drivers if kgi_metric else c.kb.purposes[c.plan.purposes[0]].kpis
        yield c.finding(
            "kpi-not-linked",
            path,
            "unlinked",
            "hint",
            metric=metric.name(c.lang),
            purpose=c.purpose_names() or "—",
            kgi=kgi_metric.name(c.lang) if kgi_metric else (kgi.label if kgi and kgi.label else "—"),
            examples=c.names(suggestions, 5),
        )


# ---------------------------------------------------------------------------- targets

SLOW_START_MONTHS = 6
"""Accounts show results after about half a year; a KGI due sooner from nothing ignores that."""
MAX_MONTHLY_GROWTH = 0.5
"""Above 50 % compound growth every month for the whole plan is not a plan, it is a hope."""
NEAR_ZERO = 0.02
"""A baseline below 2 % of the target counts as starting from nothing."""


def _months_to_deadline(plan: Plan) -> int | None:
    """Months from the start (the period, else the proposal's date) to the KGI's deadline."""
    start = plan.period.start if plan.period else None
    if start is None and plan.prepared and plan.prepared.date:
        start = Month(plan.prepared.date.year, plan.prepared.date.month).plus(1)
    if plan.kgi and plan.kgi.by and start:
        return plan.kgi.by.index() - start.index() + 1
    if plan.period:
        return plan.period.months
    return None


@rule
def unrealistic_target(c: Context) -> Iterator[Finding]:
    kgi = c.plan.kgi
    months = _months_to_deadline(c.plan)
    if kgi and kgi.target and months and months > 0 and c.solution:
        root = c.solution.root
        target = kgi.target.value
        baseline = kgi.baseline.value if kgi.baseline else 0.0

        def show(value: float) -> str:
            return formatting.value(value, root.kind, root.unit, c.lang)

        if baseline <= target * NEAR_ZERO and months < SLOW_START_MONTHS and root.kind != "rate":
            yield c.finding(
                "unrealistic-target",
                ("kgi", "target"),
                "slow_start",
                "slow_start_hint",
                months=months,
                target=show(target),
            )
        elif baseline > 0 and months > 1 and target > baseline:
            rate = (target / baseline) ** (1 / months) - 1
            if rate > MAX_MONTHLY_GROWTH:
                yield c.finding(
                    "unrealistic-target",
                    ("kgi", "target"),
                    "growth",
                    "growth_hint",
                    baseline=show(baseline),
                    target=show(target),
                    months=months,
                    rate=formatting.rate(rate),
                    limit=formatting.rate(MAX_MONTHLY_GROWTH),
                )
    yield from _follower_growth(c)


def _follower_growth(c: Context) -> Iterator[Finding]:
    """Follower KPIs with a baseline: monthly growth against the platform's benchmark ceiling."""
    months = c.plan.period.months if c.plan.period else None
    for i, platform in enumerate(c.plan.platforms):
        info = c.kb.platforms[platform.id]
        for j, kpi in enumerate(platform.kpis):
            rate = _implied_follower_rate(kpi, months)
            if rate is not None and rate > info.growth.ceiling.value:
                yield c.finding(
                    "unrealistic-target",
                    ("platforms", i, "kpis", j, "target"),
                    "followers",
                    "followers_hint",
                    platform=info.name(c.lang),
                    rate=formatting.rate(rate),
                    low=formatting.rate(info.growth.low.value),
                    high=formatting.rate(info.growth.high.value),
                    source=f"{info.growth.source} ({info.growth.year})",
                )


def _implied_follower_rate(kpi: Kpi, months: int | None) -> float | None:
    if kpi.metric == "follower_growth_rate" and kpi.target:
        return kpi.target.value
    base = kpi.baseline.value if kpi.baseline else 0
    if not kpi.target or base <= 0:
        return None
    if kpi.metric == "followers" and months:
        return (kpi.target.value / base) ** (1 / months) - 1 if kpi.target.value > base else None
    if kpi.metric == "follower_growth" and kpi.per == "month":
        return kpi.target.value / base
    return None


# ---------------------------------------------------------------------------- persona


@rule
def vague_persona(c: Context) -> Iterator[Finding]:
    persona = c.plan.persona
    if persona is None:
        yield c.finding("vague-persona", (), "none", "hint")
        return
    missing = [
        key
        for key, value in (
            ("age", persona.age),
            ("occupation", persona.occupation),
            ("habits", persona.habits),
            ("platforms", persona.platforms),
        )
        if not value
    ]
    if missing:
        words = c.join(c.word("vague-persona", key) for key in missing)
        yield c.finding("vague-persona", ("persona",), "missing", "hint", missing=words)


# ---------------------------------------------------------------------------- measurement

TRACKED_PURPOSES = {"sales", "recruiting"}


@rule
def no_measurement(c: Context) -> Iterator[Finding]:
    kgi = c.plan.kgi
    metric = c.kb.metric(kgi.metric) if kgi and kgi.metric else None
    if (
        metric is None
        or not (TRACKED_PURPOSES & set(metric.purposes))
        or metric.stage not in ("action", "conversion")
    ):
        return
    m = c.plan.measurement
    utm = m.utm if m else None
    missing = []
    if not (m and m.landing_url):
        missing.append(c.word("no-measurement", "landing_url"))
    if not (utm and (utm.campaign or utm.source or utm.medium)):
        missing.append(c.word("no-measurement", "utm"))
    if missing:
        where: Path = ("measurement",) if m else ("kgi", "metric")
        yield c.finding(
            "no-measurement",
            where,
            "missing",
            "hint",
            kgi=metric.name(c.lang),
            missing=c.join(missing),
        )


_UPPER = re.compile(r"[A-Z]")


@rule
def utm_naming(c: Context) -> Iterator[Finding]:
    m = c.plan.measurement
    if not m or not m.utm:
        return
    rules = c.kb.utm
    for key in rules.keys:
        value = getattr(m.utm, key)
        if not value:
            continue
        path = ("measurement", "utm", key)
        fixed = re.sub(r"\s+", "_", value.strip()).lower()
        if _UPPER.search(value):
            yield c.finding("utm-naming", path, "case", "case_hint", key=key, value=value, fixed=fixed)
        if re.search(r"\s", value) and not (
            key == "medium" and value.lower() in rules.organic_social_mediums
        ):
            yield c.finding("utm-naming", path, "space", "space_hint", key=key, value=value, fixed=fixed)
        lowered = value.strip().lower()
        if lowered in rules.discouraged.get(key, ()):
            suggestion = rules.recommended.organic_medium if key == "medium" else _source_for(c, lowered)
            yield c.finding(
                "utm-naming",
                path,
                "discouraged",
                "discouraged_hint",
                key=key,
                value=value,
                suggestion=suggestion,
            )
        elif (
            key == "medium"
            and lowered not in rules.organic_social_mediums
            and not re.match(rules.paid_social_medium_pattern, lowered)
        ):
            yield c.finding("utm-naming", path, "medium", "medium_hint", value=value)
        if key == "campaign" and not re.match(rules.recommended.campaign_pattern, value):
            yield c.finding("utm-naming", path, "campaign", "campaign_hint", value=value)
        allowed = c.utm_allowed.get(f"{key}s") or c.utm_allowed.get(key)
        if allowed and value not in allowed:
            yield c.finding(
                "utm-naming",
                path,
                "allowed",
                "allowed_hint",
                key=key,
                value=value,
                allowed=", ".join(allowed),
            )


def _source_for(c: Context, value: str) -> str:
    aliases = {
        "fb": "facebook",
        "ig": "instagram",
        "insta": "instagram",
        "meta": "facebook or instagram",
        "tw": "x",
        "twitter.com": "x",
    }
    return aliases.get(value, ", ".join(p.utm_source for p in c.kb.platforms.values()))


# ---------------------------------------------------------------------------- tree


@rule
def tree_inconsistent(c: Context) -> Iterator[Finding]:
    if c.solution is None:
        return
    lang = c.lang
    for m in c.solution.mismatches:
        node = m.node

        def show(value: float, node: SolvedNode = node) -> str:
            return formatting.value(value, node.kind, node.unit, lang)

        how = c.word("tree-inconsistent", "multiply" if node.op == "product" else "add")
        diff = abs(m.actual - m.expected) / max(abs(m.expected), 1e-12)
        yield c.finding(
            "tree-inconsistent",
            node.path,
            "mismatch",
            "mismatch_hint",
            node=node.label,
            expected=show(m.expected),
            actual=show(m.actual),
            how=how,
            diff=formatting.rate(diff),
        )
    for bad in c.solution.bad_values:
        node = bad.node
        value = formatting.value(node.value, node.kind, node.unit, lang)
        key = "negative" if bad.reason == "negative" else "over_100"
        yield c.finding("tree-inconsistent", node.path, key, "bad_hint", node=node.label, value=value)
    for clash in c.solution.unit_clashes:
        key = clash.reason.replace("-", "_")
        yield c.finding(
            "tree-inconsistent",
            clash.node.path,
            key,
            "units_hint",
            node=clash.node.label,
            detail=clash.detail,
        )


@rule
def tree_underdetermined(c: Context) -> Iterator[Finding]:
    if c.solution is None:
        return
    for gap in c.solution.gaps:
        unknown = c.join(n.label for n in gap.unknown)
        yield c.finding(
            "tree-underdetermined", gap.node.path, "gap", "gap_hint", node=gap.node.label, unknown=unknown
        )
    for node in c.solution.loose:
        yield c.finding("tree-underdetermined", node.path, "loose", "loose_hint", node=node.label)
