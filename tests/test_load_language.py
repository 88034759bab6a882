"""A plan that says `language: ja` is told what is wrong with it in Japanese, at the same
file:line:col as in English; a plan that states no language, or English, hears English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.errors import PlanError
from generator.plans import load
from generator.plans.load import load_plan
from generator.plans.messages import catalogue, fields

REPO = Path(__file__).resolve().parent.parent
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

BROKEN = {
    "unknown key and enum": "client: {{name: A}}\nlanguage: {lang}\npurpose: salse\nclient_x: 1\n",
    "bad month": "client: {{name: A}}\nlanguage: {lang}\nperiod: {{start: 2027-13, months: 12}}\n",
    "missing client": "language: {lang}\npurpose: sales\n",
    "not a number": "client: {{name: A}}\nlanguage: {lang}\nkgi: {{metric: orders, target: lots}}\n",
    "negative": "client: {{name: A}}\nlanguage: {lang}\nkgi: {{metric: orders, target: -5}}\n",
    "unknown metric": "client: {{name: A}}\nlanguage: {lang}\nkgi: {{metric: ordrs, target: 5}}\n",
    "rate above 100 %": "client: {{name: A}}\nlanguage: {lang}\nkgi: {{metric: orders, target: 5}}\n"
    "kpi_tree:\n  op: product\n  children:\n    - {{metric: sns_sessions}}\n    - {{metric: lead_cvr, target: 150}}\n",
    "money without currency": "client: {{name: A}}\nlanguage: {lang}\nkgi: {{metric: ec_revenue, target: 5000}}\n",
    "duplicate key": "client: {{name: A}}\nlanguage: {lang}\nlanguage: {lang}\n",
    "yaml syntax": "language: {lang}\nclient: {{name: [a\n",
    "tab indent": "language: {lang}\nclient:\n\tname: A\n",
    "children without op": "client: {{name: A}}\nlanguage: {lang}\nkgi: {{metric: orders, target: 5}}\n"
    "kpi_tree:\n  children:\n    - {{metric: sns_sessions}}\n",
}


def lines(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "proposals" / "plan.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(path, "proposals/plan.yaml")
    return caught.value.lines()


def where(line: str) -> str:
    return ":".join(line.split(":")[:3])


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_japanese_plan_hears_japanese_at_the_same_place(tmp_path, case):
    english = lines(tmp_path, BROKEN[case].format(lang="en"))
    japanese = lines(tmp_path, BROKEN[case].format(lang="ja"))
    assert [where(x) for x in japanese] == [where(x) for x in english]
    for en, ja in zip(english, japanese, strict=True):
        message = ja.split(": ", 1)[1]
        assert JAPANESE.search(message), ja
        assert not JAPANESE.search(en), en


def test_a_plan_that_states_no_language_hears_english(tmp_path):
    (line,) = lines(tmp_path, "client: {name: A}\npurpose: salse\n")
    assert "is not one of" in line and "did you mean 'sales'?" in line


def test_every_message_the_reader_can_say_has_japanese_words():
    """Scan the code that reads plans for say("…") templates; each one is in the catalogue
    with the same placeholders (a new message without a translation fails here)."""
    said: set[str] = set()
    sources = [*(REPO / "generator" / "plans").glob("*.py"), REPO / "generator" / "knowledge" / "quantity.py"]
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "say" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    said.add(first.value)
    said |= {*load._MESSAGES.values(), *load._HINTS.values()}
    assert len(said) > 60
    missing = sorted(said - set(catalogue()))
    assert not missing, missing
    for english, japanese in catalogue().items():
        assert fields(english) == fields(japanese), english
