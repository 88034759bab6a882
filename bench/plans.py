"""A seeded generator of realistic, varied plans for `make bench`.

Every purpose and both languages, KPI trees of 5–25 nodes, 1–4 platforms. Metrics,
platforms and their KPIs come from the knowledge base, so the plans stay valid as the
catalogue grows. Trees are built from leaf values upwards and then partly blanked, so
the solver has real work to do (forwards and backwards) without the plans being wrong.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.knowledge import knowledge
from generator.knowledge.vocab import PURPOSE_IDS

MIN_NODES, MAX_NODES = 5, 25

# Typical monthly ranges by role in a funnel; rates as fractions.
_RATES = {
    "link_ctr": (0.004, 0.03),
    "landing_rate": (0.6, 0.95),
    "ec_cvr": (0.005, 0.03),
    "lead_cvr": (0.01, 0.05),
    "reservation_cvr": (0.02, 0.08),
    "application_rate": (0.01, 0.05),
    "signup_rate": (0.02, 0.1),
}
_AOV = {"JPY": (3000, 20000), "USD": (30, 200)}
_TRAFFIC = ("sns_sessions", "recruiting_page_visits")
_EXPOSURE = ("views", "reach", "impressions", "video_views")

_POOLS = yaml.safe_load(Path(__file__).with_name("pools.yaml").read_text(encoding="utf-8"))
_CLIENTS, _PERSONA, _NOTES = _POOLS["clients"], _POOLS["persona"], _POOLS["notes"]


@dataclass
class _Node:
    metric: str
    platform: str | None = None
    op: str | None = None
    children: list[_Node] | None = None
    value: float | None = None

    def size(self) -> int:
        return 1 + sum(c.size() for c in self.children or [])


class PlanGenerator:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.kb = knowledge()
        self.metrics = dict(self.kb.metrics)
        self.platforms = dict(self.kb.platforms)
        self.purposes = dict(self.kb.purposes)

    # ------------------------------------------------------------------------ a whole plan

    def plan(self, index: int) -> tuple[str, dict[str, Any]]:
        rng = random.Random(f"{self.seed}:{index}")
        purpose = PURPOSE_IDS[index % len(PURPOSE_IDS)]
        language = "ja" if index % 3 else "en"
        currency = "JPY" if language == "ja" else "USD"
        platforms = rng.sample(sorted(self.platforms), rng.randint(1, 4))
        kgi_metric = rng.choice(self.purposes[purpose].kgis)
        budget = rng.randint(MIN_NODES, MAX_NODES)
        tree, kgi_value = self._tree(rng, kgi_metric, platforms, budget, currency)
        name = self._client_name(rng, language)
        start_month = rng.randint(1, 12)
        months = rng.choice([6, 12, 12, 18, 24])
        end_index = 2027 * 12 + start_month - 1 + months - 1
        plan: dict[str, Any] = {
            "schema": 1,
            "client": {
                "name": name,
                "industry": rng.choice(_CLIENTS[language]["industry"]),
                "website": f"https://client{index}.example",
            },
            "language": language,
            "prepared": {
                "by": "Bench Agency",
                "author": "Bench",
                "date": f"2026-{rng.randint(1, 12):02d}-15",
            },
            "access": rng.choice(["internal", "internal", "client", "public"]),
            "period": {"start": f"2027-{start_month:02d}", "months": months},
            "purpose": purpose,
            "persona": self._persona(rng, language, platforms),
            "kgi": self._kgi(rng, kgi_metric, kgi_value, currency, end_index),
            "kpi_tree": tree,
            "platforms": _agreeing(tree, [self._platform(rng, p, i) for i, p in enumerate(platforms)]),
            "measurement": {
                "landing_url": f"https://client{index}.example/lp",
                "utm": {"medium": "social", "campaign": f"2027_{purpose}_{index}"},
                "tools": sorted({self.platforms[p].analytics for p in platforms} | {"ga4"}),
                "review": rng.choice(["weekly", "monthly"]),
            },
            "notes": _NOTES[language],
            "internal_notes": "Budget under discussion." if language == "en" else "予算は調整中。",
        }
        return f"bench-{index:04d}-{purpose}", plan

    def write(self, folder: Path, count: int) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for index in range(count):
            slug, plan = self.plan(index)
            path = folder / f"{slug}.yaml"
            path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
            written.append(path)
        return written

    # ------------------------------------------------------------------------ sections

    def _client_name(self, rng: random.Random, language: str) -> str:
        pool = _CLIENTS[language]
        space = " " if language == "en" else ""
        return f"{rng.choice(pool['prefix'])}{rng.choice(pool['stem'])}{space}{rng.choice(pool['suffix'])}"

    def _persona(self, rng: random.Random, language: str, platforms: list[str]) -> dict[str, Any]:
        pool = _PERSONA[language]
        age = rng.randint(19, 58)
        occupation = rng.choice(pool["occupation"])
        return {
            "summary": rng.choice(pool["summary"]).format(age=age, occupation=occupation),
            "age": age,
            "gender": rng.choice(pool["gender"]),
            "occupation": occupation,
            "location": rng.choice(pool["location"]),
            "habits": rng.sample(pool["habits"], rng.randint(2, 4)),
            "pains": rng.sample(pool["pains"], 2),
            "platforms": platforms,
        }

    def _kgi(self, rng: random.Random, metric: str, value: float, currency: str, end: int) -> dict[str, Any]:
        kind = self.metrics[metric].kind
        kgi: dict[str, Any] = {"metric": metric, "target": _fmt(value, kind)}
        if kind == "money":
            kgi["unit"] = currency
        kgi["per"] = "year" if kind == "rate" else "month"
        kgi["baseline"] = _fmt(value * rng.uniform(0.2, 0.7), kind)
        kgi["by"] = f"{end // 12}-{end % 12 + 1:02d}"
        if rng.random() < 0.25:
            kgi["curve"] = "linear"
        return kgi

    def _platform(self, rng: random.Random, platform: str, position: int) -> dict[str, Any]:
        info = self.platforms[platform]
        kpis = []
        for metric in rng.sample(info.kpis, min(len(info.kpis), rng.randint(1, 3))):
            kind = self.metrics[metric].kind
            kpi: dict[str, Any] = {"metric": metric, "target": _fmt(_sample(rng, metric, kind), kind)}
            if kind == "count":
                kpi["per"] = "month"
            kpis.append(kpi)
        cadence_format = next(
            (f for f in info.formats if f in ("posts", "reels", "videos", "stories", "messages")), "posts"
        )
        return {
            "id": platform,
            "role": "primary" if position == 0 else "secondary",
            "kpis": kpis,
            "cadence": {f"{cadence_format}_per_week": rng.randint(1, 7)},
        }

    # ------------------------------------------------------------------------ KPI tree

    def _tree(
        self, rng: random.Random, kgi: str, platforms: list[str], budget: int, currency: str
    ) -> tuple[dict[str, Any], float]:
        metric = self.metrics[kgi]
        rate = next(
            (d for d in metric.drivers if d in _RATES and self.metrics[d].stage == "conversion"), None
        )
        traffic = next((d for d in metric.drivers if d in _TRAFFIC), None)
        if rate and traffic:
            root = _Node(kgi, op="product", children=[_Node(traffic), _Node(rate)])
            if metric.kind == "money":
                root.children.append(_Node("average_order_value"))
            self._grow_funnel(rng, root, platforms, budget)
        else:
            root = _Node(kgi, op="drivers", children=[])
            self._grow_drivers(rng, root, kgi, platforms, budget)
        self._values(rng, root, currency)
        return self._emit(rng, root, currency, is_root=True), root.value or 0.0

    def _grow_funnel(self, rng: random.Random, root: _Node, platforms: list[str], budget: int) -> None:
        traffic = root.children[0]  # type: ignore[index]
        expandable = [traffic]
        while expandable:
            node = expandable.pop(0)
            expansion = self._expand(rng, node, platforms)
            if expansion is None or root.size() + len(expansion[1]) > budget:
                continue
            node.op, grown = expansion
            node.children = grown
            expandable += [c for c in grown if c.metric in _TRAFFIC + _EXPOSURE]
        while root.size() < MIN_NODES:
            root.children.append(_Node("landing_rate"))  # type: ignore[union-attr]

    def _expand(
        self, rng: random.Random, node: _Node, platforms: list[str]
    ) -> tuple[str, list[_Node]] | None:
        """How a funnel node splits: by platform (sum) or into exposure × rates (product)."""
        if node.metric in _TRAFFIC and node.platform is None and len(platforms) > 1:
            return "sum", [_Node(node.metric, platform=p) for p in platforms]
        if node.metric in _TRAFFIC:
            platform = node.platform or platforms[0]
            exposure = [m for m in _EXPOSURE if platform in self.metrics[m].platforms] or ["views"]
            return "product", [
                _Node(rng.choice(exposure), platform=platform),
                _Node("link_ctr", platform=platform),
                _Node("landing_rate", platform=platform),
            ]
        if node.metric in _EXPOSURE and node.platform:
            return "product", [
                _Node("posts", platform=node.platform),
                _Node("views_per_post", platform=node.platform),
            ]
        return None

    def _grow_drivers(
        self, rng: random.Random, root: _Node, kgi: str, platforms: list[str], budget: int
    ) -> None:
        drivers = [d for d in self.metrics[kgi].drivers if self.metrics[d].kind != "money"]
        candidates = [(d, p) for p in platforms for d in drivers if p in self.metrics[d].platforms]
        candidates += [(d, None) for d in drivers if not self.metrics[d].platforms]
        rng.shuffle(candidates)
        for metric, platform in candidates:
            if root.size() >= budget:
                break
            child = _Node(metric, platform=platform)
            root.children.append(child)  # type: ignore[union-attr]
            if platform and root.size() + 2 <= budget and rng.random() < 0.4:
                extra = [
                    p
                    for p in self.platforms[platform].kpis
                    if p != metric and self.metrics[p].kind != "money"
                ]
                child.op = "drivers"
                child.children = [_Node(m, platform=platform) for m in rng.sample(extra, min(2, len(extra)))]
        while root.size() < MIN_NODES:
            root.children.append(_Node("posts", platform=platforms[len(root.children) % len(platforms)]))  # type: ignore[union-attr]

    def _values(self, rng: random.Random, node: _Node, currency: str) -> float:
        kind = self.metrics[node.metric].kind
        if node.op in ("product", "sum") and node.children:
            values = [self._values(rng, c, currency) for c in node.children]
            total = sum(values) if node.op == "sum" else _product(values)
            # A sum stays exact: rounding it would push the whole error into whichever
            # part the solver works out backwards, far beyond the 1 % tolerance.
            node.value = total if node.op == "sum" else _round(total, kind)
        else:
            for child in node.children or []:
                self._values(rng, child, currency)
            node.value = _round(_sample(rng, node.metric, kind, currency), kind)
        return node.value

    def _emit(
        self, rng: random.Random, node: _Node, currency: str, *, is_root: bool = False
    ) -> dict[str, Any]:
        kind = self.metrics[node.metric].kind
        out: dict[str, Any] = {} if is_root else {"metric": node.metric}
        if node.platform:
            out["platform"] = node.platform
        # Leaves keep their values; products are left for the solver a third of the time. Sums
        # keep theirs: working a small part out of a large rounded total is not a fair test.
        solvable = node.op == "product"
        if not is_root and (not solvable or rng.random() < 0.67) and node.value is not None:
            out["target"] = _fmt(node.value, kind)
            if kind == "money":
                out["unit"] = currency
        if node.children:
            out["op"] = node.op
            out["children"] = [self._emit(rng, c, currency) for c in node.children]
        return out


def _agreeing(tree: dict[str, Any], platforms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A platform KPI the tree also holds is left to the tree: the doctor (and the gate before
    a PDF or a deck) refuses two targets for one metric on one platform."""
    held: set[tuple[str, str]] = set()

    def visit(node: dict[str, Any], platform: str | None) -> None:
        here = node.get("platform", platform)
        if node.get("metric") and here:
            held.add((node["metric"], here))
        for child in node.get("children", []):
            visit(child, here)

    visit(tree, None)
    for platform in platforms:
        platform["kpis"] = [k for k in platform["kpis"] if (k["metric"], platform["id"]) not in held]
    return platforms


def _sample(rng: random.Random, metric: str, kind: str, currency: str = "JPY") -> float:
    if metric in _RATES:
        return rng.uniform(*_RATES[metric])
    if kind == "money":
        return rng.uniform(*_AOV[currency])
    if kind == "rate":
        return rng.uniform(0.01, 0.08)
    if kind == "seconds":
        return rng.uniform(8, 240)
    if metric == "posts":
        return rng.randint(8, 40)
    if metric == "views_per_post":
        return rng.uniform(300, 20000)
    return rng.uniform(500, 200000)


def _product(values: list[float]) -> float:
    total = 1.0
    for value in values:
        total *= value
    return total


def _round(value: float, kind: str) -> float:
    """Round as the plan will be written, so parents are computed from what the file says.

    Rates to 0.01 %; everything else to four significant figures, well inside the
    solver's 1 % tolerance even where a blank middle node sits between two given ones.
    """
    if kind == "rate":
        return round(value, 4)
    return float(_fmt(float(f"{value:.4g}"), kind))  # type: ignore[arg-type]


def _fmt(value: float, kind: str) -> object:
    if kind == "rate":
        return f"{value * 100:.2f}%"
    value = round(value, 2)
    return int(value) if value.is_integer() else value


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write N seeded benchmark plans into a folder.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    PlanGenerator(args.seed).write(args.folder, args.count)


if __name__ == "__main__":
    main()
