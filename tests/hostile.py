"""A plan with a hostile string in every text field, for escaping tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

HOSTILE = [
    '<script>alert("xss1")</script>',
    "<img src=x onerror=alert('xss2')>",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    '" ] ; } digraph evil { a -> b } <TABLE><TR><TD>x</TD></TR></TABLE> \\" \\',
    "| pipe | table | --- |",
    "[click me](javascript:alert('xss3')) <javascript:alert(1)>",
    "**bold** _em_ `code` :smile: {: .evil onclick=alert(1) } !!! danger",
    '# Heading\n\n- list item\n\n    indented code\n\n=== "Tab"',
    "&amp; &lt;b&gt; &#60;script&#62; &NotANamedEntity;",
    "\u202eRTL override\u200b zero-width \ufeff BOM \x07 bell",
    "--> <!-- comment --> ]]> <![CDATA[ x ]]>",
    "*[HTML]: abbreviation ^^insert^^ ==mark== ~~del~~ H~2~O [^1]",
]


def hostile_plan(text: str | Callable[[], str]) -> dict[str, Any]:
    """Plan data with hostile text in every free-text field: one string, or one per field."""
    supply = text if callable(text) else (lambda: text)

    def short(limit: int = 200) -> str:
        return supply()[:limit] or "x"

    def long() -> str:
        return supply() or "x"

    return {
        "schema": 1,
        "title": short(),
        "client": {"name": f"{short(190)} client", "industry": short()},
        "language": "ja",
        "prepared": {"by": short(), "author": short()},
        "access": "client",
        "period": {"start": "2027-01", "months": 12},
        "purpose": "sales",
        "persona": {
            "summary": long(),
            "name": short(),
            "age": short(40),
            "gender": short(200),
            "occupation": short(200),
            "location": short(200),
            "household": short(200),
            "income": short(200),
            "habits": [long(), long()],
            "interests": [long()],
            "pains": [long()],
            "platforms": ["instagram"],
        },
        "kgi": {
            "metric": "ec_revenue",
            "label": short(200),
            "target": 1000000,
            "unit": "JPY",
            "per": "month",
            "by": "2027-12",
        },
        "kpi_tree": {
            "op": "product",
            "label": short(200),
            "children": [
                {
                    "id": "custom_sessions",
                    "label": short(200),
                    "op": "product",
                    "children": [
                        {"metric": "reach", "label": short(200), "platform": "instagram"},
                        {"metric": "link_ctr", "target": "1%"},
                    ],
                },
                {"metric": "ec_cvr", "target": "2%", "label": short(200)},
                {"metric": "average_order_value", "target": 5000, "unit": "JPY"},
            ],
        },
        "platforms": [
            {
                "id": "instagram",
                "role": "primary",
                "handle": short(200),
                "kpis": [
                    {"id": "custom_kpi", "label": short(200), "target": 10},
                    {"metric": "saves", "target": 100},
                ],
                "cadence": {"reels_per_week": 2},
                "notes": long(),
            }
        ],
        "measurement": {
            "landing_url": "https://example.com/shop?a=1&b=<2>".replace("<2>", "2"),
            "utm": {
                "source": short(200),
                "medium": "social",
                "campaign": short(200),
                "content": short(200),
                "term": short(200),
            },
            "tools": ["ga4"],
            "review": "monthly",
        },
        "notes": long(),
        "internal_notes": long(),
    }


def hostile_yaml(text: str | Callable[[], str]) -> str:
    return yaml.safe_dump(hostile_plan(text), allow_unicode=True, sort_keys=False)


def rotating(strings: list[str], offset: int) -> Callable[[], str]:
    """Field i of a plan gets strings[(offset + i) % len]: over len plans, every string meets every field."""
    state = {"i": 0}

    def next_text() -> str:
        text = strings[(offset + state["i"]) % len(strings)]
        state["i"] += 1
        return text if text.strip() else "x"

    return next_text
