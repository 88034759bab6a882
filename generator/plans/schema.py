"""The JSON Schema of plan format 1, for editors (yaml-language-server) and tests."""

from __future__ import annotations

import json
from typing import Any

from generator.knowledge import knowledge
from generator.plans.model import Plan

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict[str, Any]:
    schema = Plan.model_json_schema(by_alias=True, mode="validation")
    metrics = knowledge().metrics
    ids = sorted(metrics)
    for definition in schema.get("$defs", {}).values():
        props = definition.get("properties", {})
        if "metric" in props:
            props["metric"] = {
                "enum": ids,
                "description": "A metric id from the catalogue: "
                + ", ".join(f"{m} ({metrics[m].name.en})" for m in ids),
            }
    return {"$schema": SCHEMA_URI, "$id": "https://sns-proposals.invalid/schema/plan.schema.json", **schema}


def schema_text() -> str:
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
