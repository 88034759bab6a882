"""`proposals new`: a starter plan for one purpose (and kind of business), from the knowledge base.

The plan is built as data, checked like any other plan, and written only if the file
does not exist yet. Placeholders are valid values, so the starter checks without
errors; the comments say what to fill in.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import PlanError, StarterError
from generator.knowledge import kinds, knowledge, vocab
from generator.locale.labels import labels
from generator.plans.load import SLUG, parse_plan
from generator.plans.values import Month


def starter_plan(
    slug: str, purpose: str | None, language: str, today: dt.date | None = None, business: str | None = None
) -> str:
    """The starter text; a business brings its own tree (reservations for a restaurant, demo
    requests for B2B) when the purpose is the one it is usually planned for."""
    if not SLUG.match(slug):
        raise StarterError(f"'{slug}' cannot be a page address: use lowercase letters, digits, '-' or '_'")
    kb = knowledge()
    trade = kb.businesses[business] if business else None
    purpose = purpose or (trade.starter.purpose if trade else None)
    if purpose is None:
        raise StarterError(
            "say what the plan is for: --purpose awareness|branding|sales|recruiting, or --business"
        )
    info = kb.purposes[purpose]
    fitting = trade is not None and trade.starter.purpose == purpose
    starter = trade.starter if trade is not None and fitting else info.starter
    t = labels(language)
    currency = vocab.LANGUAGE_CURRENCY[language]
    today = today or dt.date.today()
    start = Month(today.year, today.month).plus(1)
    end = start.plus(11)

    def money(value: Any) -> Any:
        return value[currency] if isinstance(value, dict) else value

    kgi = {k: money(v) for k, v in starter.kgi.items()}
    metric = kb.metrics[str(kgi["metric"])]
    if kinds.kind(metric.kind).currency:
        kgi["unit"] = currency
    kgi["by"] = str(end)
    tree = _tree(starter.tree, money, currency)
    platforms: list[dict[str, Any]] = []
    for platform_id in starter.platforms:
        known = kb.platforms[platform_id]
        chosen = [m for m in known.kpis if purpose in kb.metrics[m].purposes][:3] or list(known.kpis[:2])
        platforms.append(
            {
                "id": platform_id,
                "role": "primary" if platform_id == starter.platforms[0] else "secondary",
                "kpis": [{"metric": m} for m in chosen],
                "cadence": _cadence(known.formats),
            }
        )
    tools = [kb.platforms[p].analytics for p in starter.platforms] + ["ga4"]
    client_business = f", business: {business}" if business else ""
    values = {
        "client": t.starter_client,
        "persona": t.starter_persona,
        "occupation": t.starter_occupation,
        "habits": t.starter_habits,
    }
    lines = [
        "# yaml-language-server: $schema=../schema/plan.schema.json",
        f"# {t.starter_header}",
        "schema: 1",
        f"client: {{name: {_q(values['client'])}{client_business}}}  # {t.starter_fill}",
        f"language: {language}",
        f"prepared: {{date: {today.isoformat()}}}",
        "access: internal",
        f"period: {{start: {start}, months: 12}}",
        f"purpose: {purpose}",
        f"persona:  # {t.starter_persona_hint}",
        f"  summary: {_q(values['persona'])}",
        "  age: 30",
        f"  occupation: {_q(values['occupation'])}",
        f"  habits: [{_q(values['habits'])}]",
        f"  platforms: [{', '.join(starter.platforms)}]",
        f"kgi: {_flow(kgi)}  # {t.starter_kgi_hint}",
        f"kpi_tree:  # {t.starter_tree_hint}",
        *_yaml_tree(tree, "  "),
        "platforms:",
    ]
    for platform in platforms:
        lines += [
            f"  - id: {platform['id']}",
            f"    role: {platform['role']}",
            f"    kpis:  # {t.starter_kpi_hint}",
            *[f"      - {_flow(k)}" for k in platform["kpis"]],
            f"    cadence: {_flow(platform['cadence'])}",
        ]
    lines += [
        "measurement:",
        f"  landing_url: https://example.com/  # {t.starter_fill}",
        f"  utm: {{medium: social, campaign: {start.year}_{slug.replace('-', '_')}}}",
        f"  tools: [{', '.join(dict.fromkeys(tools))}]",
        "  review: monthly",
    ]
    text = "\n".join(lines) + "\n"
    parse_plan(text, slug, f"proposals/{slug}.yaml")  # a starter that does not load is a bug
    return text


def write_starter(
    folder: Path, slug: str, purpose: str | None, language: str, business: str | None = None
) -> Path:
    target = folder / f"{slug}.yaml"
    if target.exists():
        raise StarterError(f"{target} already exists; choose another name (nothing was written)")
    try:
        text = starter_plan(slug, purpose, language, business=business)
    except PlanError as exc:  # pragma: no cover - guarded by tests over every purpose
        raise StarterError("\n".join(exc.lines())) from exc
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return target


def _tree(node: dict[str, Any], money: Callable[[Any], Any], currency: str) -> dict[str, Any]:
    out = {k: money(v) for k, v in node.items() if k != "children"}
    if isinstance(node.get("target"), dict):
        out["unit"] = currency
    if node.get("children"):
        out["children"] = [_tree(c, money, currency) for c in node["children"]]
    return out


def _yaml_tree(node: dict[str, Any], indent: str) -> list[str]:
    lines = [f"{indent}{k}: {_scalar(v)}" for k, v in node.items() if k != "children"]
    if node.get("children"):
        lines.append(f"{indent}children:")
        for child in node["children"]:
            if child.get("children"):
                sub = _yaml_tree(child, indent + "    ")
                lines.append(f"{indent}  - {sub[0].strip()}")
                lines += sub[1:]
            else:
                lines.append(f"{indent}  - {_flow(child)}")
    return lines


def _cadence(formats: tuple[str, ...]) -> dict[str, int]:
    preferred = {
        "reels": ("reels_per_week", 2),
        "videos": ("videos_per_week", 2),
        "posts": ("posts_per_week", 3),
        "stories": ("stories_per_week", 5),
        "shorts": ("shorts_per_week", 2),
        "messages": ("messages_per_month", 4),
        "updates": ("updates_per_week", 1),
        "pins": ("pins_per_week", 5),
        "articles": ("articles_per_month", 2),
    }
    return dict(preferred[f] for f in formats if f in preferred) or {"posts_per_week": 3}


def _flow(data: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in data.items()) + "}"


def _scalar(value: Any) -> str:
    if (
        isinstance(value, str)
        and value.replace("_", "").replace("-", "").isalnum()
        and not value[0].isdigit()
    ):
        return value
    if isinstance(value, str) and value.endswith("%"):
        return value
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return _q(str(value))


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
