"""`proposals catalogue`: the knowledge base for people (text) and for scripts (JSON).

Every benchmark comes with its source, year and method; every threshold says whether it
is cited or the agency's default. Nothing here is computed from a plan.
"""

from __future__ import annotations

import json
from typing import Any

from generator.knowledge import Benchmark, Bilingual, Knowledge, Metric, Platform, knowledge
from generator.knowledge.quantity import Quantity
from generator.locale import formatting


def catalogue_data(kb: Knowledge | None = None) -> dict[str, Any]:
    kb = kb or knowledge()
    return {
        "metrics": [_plain(m) for m in kb.metrics.values()],
        "platforms": [_plain(p) for p in kb.platforms.values()],
        "tools": [_plain(t) for t in kb.tools.values()],
        "purposes": [_plain(p, skip={"starter"}) for p in kb.purposes.values()],
        "businesses": [_plain(b, skip={"starter"}) for b in kb.businesses.values()],
        "thresholds": [_plain(t) for t in kb.rules.thresholds.values()],
    }


def catalogue_json() -> str:
    return json.dumps(catalogue_data(), ensure_ascii=False, indent=2) + "\n"


def catalogue_text(language: str) -> str:
    kb = knowledge()
    lines: list[str] = []
    lines.append(_heading("Metrics" if language == "en" else "指標"))
    for metric in kb.metrics.values():
        lines += _metric_lines(metric, kb, language)
    lines.append(_heading("Platforms" if language == "en" else "媒体"))
    for platform in kb.platforms.values():
        lines += _platform_lines(platform, kb, language)
    lines.append(_heading("Tools" if language == "en" else "計測ツール"))
    lines += [f"{tool.id}  {tool.name(language)}" for tool in kb.tools.values()]
    lines.append(_heading("Purposes" if language == "en" else "運用目的"))
    for purpose in kb.purposes.values():
        lines += [f"{purpose.id}  {purpose.name(language)}", f"    {purpose.aim(language)}"]
        lines.append(f"    KGI: {', '.join(purpose.kgis)}")
    lines.append(_heading("Businesses" if language == "en" else "業種"))
    for business in kb.businesses.values():
        lines.append(f"{business.id}  {business.name(language)}  ({', '.join(business.results)})")
    lines.append(_heading("Thresholds" if language == "en" else "しきい値"))
    for threshold in kb.rules.thresholds.values():
        keyed = [*threshold.by_platform.items(), *threshold.by_format.items()]
        per = "".join(f" {k}={v:g}" for k, v in keyed)
        lines.append(f"{threshold.id} = {threshold.value:g}{per}  [{threshold.origin}]")
        lines.append(f"    {threshold.why(language)}")
    return "\n".join(lines) + "\n"


def _metric_lines(metric: Metric, kb: Knowledge, language: str) -> list[str]:
    flags = [metric.kind, metric.stage, *(["KGI"] if metric.can_be_kgi else [])]
    lines = [
        f"{metric.id}  {metric.name(language)}  [{', '.join(flags)}]",
        f"    {metric.definition(language)}",
    ]
    if metric.formula:
        lines.append(f"    = {metric.formula(language)}")
    for key, text in metric.variants.items():
        lines.append(f"    variant {key}: {text(language)}")
    for platform, native in metric.platforms.items():
        lines.append(f"    {kb.platforms[platform].name(language)}: {native(language)}")
    lines += [f"    * {_benchmark(b, metric, kb, language)}" for b in metric.benchmarks]
    return lines


def _benchmark(bench: Benchmark, metric: Metric, kb: Knowledge, language: str) -> str:
    low, high = formatting.cited_rate(bench.low.value), formatting.cited_rate(bench.high.value)
    figure = low if low == high else f"{low}–{high}"
    where = kb.platforms[bench.platform].name(language) + " " if bench.platform else ""
    base = f" ({metric.variants[bench.variant](language)})" if bench.variant else ""
    tier = f" [{bench.tier}]" if bench.tier else ""
    return f"{where}{figure}{base}{tier} — {bench.source(language)}, {bench.year}: {bench.method(language)}"


def _platform_lines(platform: Platform, kb: Knowledge, language: str) -> list[str]:
    utm = f"utm_source={platform.utm_source}" + (
        f", utm_medium={platform.utm_medium}" if platform.utm_medium else ""
    )
    lines = [
        f"{platform.id}  {platform.name(language)}  ({utm} → {platform.ga4_channel})",
        f"    {kb.tools[platform.analytics].name(language)}; KPIs: {', '.join(platform.kpis)}",
    ]
    lines += [f"    + {reward(language)}" for reward in platform.rewards]
    lines.append(f"      ({platform.rewards_said(language)})")
    return lines


def _heading(text: str) -> str:
    return f"\n== {text} =="


def _plain(model: Any, skip: set[str] | None = None) -> Any:
    """Knowledge as JSON data: texts as {ja, en}, numbers as numbers."""
    if isinstance(model, Quantity):
        return float(f"{model.value:.12g}")  # 0.47 % is 0.0047, not 0.004699999999999999
    if isinstance(model, Bilingual):
        return {"ja": model.ja, "en": model.en}
    if isinstance(model, dict):
        return {str(k): _plain(v) for k, v in model.items()}
    if isinstance(model, list | tuple | frozenset):
        return [_plain(v) for v in model]
    if hasattr(type(model), "model_fields"):
        return {
            name: _plain(getattr(model, name))
            for name in type(model).model_fields
            if name not in (skip or set())
        }
    return model
