"""The editor schema: valid JSON Schema, in sync, accepting every example and rejecting typos."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest
import yaml

from generator.knowledge import knowledge
from generator.plans.schema import plan_schema
from tests.conftest import PROPOSALS, REPO

EXAMPLES = sorted(PROPOSALS.glob("*.yaml"))


def _as_editor_sees_it(value: Any) -> Any:
    """yaml-language-server treats unquoted dates as strings."""
    if isinstance(value, dict):
        return {k: _as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees_it(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_schema_matches_the_models():
    committed = json.loads((REPO / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    assert committed == plan_schema(), "schema/plan.schema.json is stale: run `make schema`"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_is_valid(validator, path):
    data = _as_editor_sees_it(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_carries_the_modeline(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/plan.schema.json"


def test_schema_rejects_a_misspelt_key(validator):
    errors = list(validator.iter_errors({"client": {"name": "Acme", "industy": "x"}}))
    assert any("industy" in e.message for e in errors)


def test_schema_completes_catalogue_metrics(validator):
    assert not list(validator.iter_errors({"client": {"name": "A"}, "kgi": {"metric": "ec_revenue"}}))
    assert list(validator.iter_errors({"client": {"name": "A"}, "kgi": {"metric": "revenue_total"}}))
    node_metric = plan_schema()["$defs"]["TreeNode"]["properties"]["metric"]
    assert set(node_metric["enum"]) == set(knowledge().metrics)


def test_schema_accepts_rates_and_rejects_words(validator):
    base = {"client": {"name": "A"}}
    assert not list(validator.iter_errors({**base, "kgi": {"metric": "ec_cvr", "target": "1.2%"}}))
    assert not list(validator.iter_errors({**base, "kgi": {"metric": "ec_cvr", "target": 0.012}}))
    assert list(validator.iter_errors({**base, "kgi": {"metric": "ec_cvr", "target": "lots"}}))
