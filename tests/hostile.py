"""A plan with a hostile string in every text field, for escaping tests."""

from __future__ import annotations

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


def hostile_plan(text: str) -> dict[str, Any]:
    """Plan data with ``text`` in every field that takes free text."""
    return {
        "schema": 1,
        "title": text,
        "client": {"name": f"{text} client", "industry": text},
        "language": "ja",
        "prepared": {"by": text, "author": text},
        "access": "client",
        "period": {"start": "2027-01", "months": 12},
        "purpose": "sales",
        "persona": {
            "summary": text,
            "name": text,
            "age": text[:40] or "x",
            "gender": text[:200],
            "occupation": text[:200],
            "location": text[:200],
            "household": text[:200],
            "income": text[:200],
            "habits": [text, text],
            "interests": [text],
            "pains": [text],
            "platforms": ["instagram"],
        },
        "kgi": {
            "metric": "ec_revenue",
            "label": text[:200],
            "target": 1000000,
            "unit": "JPY",
            "per": "month",
            "by": "2027-12",
        },
        "kpi_tree": {
            "op": "product",
            "label": text[:200],
            "children": [
                {
                    "id": "custom_sessions",
                    "label": text[:200],
                    "op": "product",
                    "children": [
                        {"metric": "reach", "label": text[:200], "platform": "instagram"},
                        {"metric": "link_ctr", "target": "1%"},
                    ],
                },
                {"metric": "ec_cvr", "target": "2%", "label": text[:200]},
                {"metric": "average_order_value", "target": 5000, "unit": "JPY"},
            ],
        },
        "platforms": [
            {
                "id": "instagram",
                "role": "primary",
                "handle": text[:200],
                "kpis": [
                    {"id": "custom_kpi", "label": text[:200], "target": 10},
                    {"metric": "saves", "target": 100},
                ],
                "cadence": {"reels_per_week": 2},
                "notes": text,
            }
        ],
        "measurement": {
            "landing_url": "https://example.com/shop?a=1&b=<2>".replace("<2>", "2"),
            "utm": {
                "source": text[:200],
                "medium": "social",
                "campaign": text[:200],
                "content": text[:200],
                "term": text[:200],
            },
            "tools": ["ga4"],
            "review": "monthly",
        },
        "notes": text,
        "internal_notes": text,
    }


def hostile_yaml(text: str) -> str:
    return yaml.safe_dump(hostile_plan(text), allow_unicode=True, sort_keys=False)
