"""Values no plan needs are refused by `check`, with their line, before `build` can choke on them."""

from __future__ import annotations

import re
import time

import pytest

from tests.conftest import PROPOSALS, run_proposals

# A Japanese example, stated in English so that the messages below are the English ones
# (a `language: ja` plan hears them in Japanese: tests/test_load_language.py).
BASE = (PROPOSALS / "mimosa-hair.yaml").read_text(encoding="utf-8").replace("language: ja", "language: en", 1)


def kgi_target(value: str) -> str:
    return re.sub(r"(kgi:\n(?:  .*\n)*?  target: )\S+", lambda m: m.group(1) + value, BASE, count=1)


def with_notes(text: str) -> str:
    return BASE.replace("notes: |\n", "notes: |\n  " + text + "\n", 1)


CASES = {
    "a 400-digit integer": (kgi_target("9" * 400), r"kgi\.target: the number is larger than"),
    "1.0e+308": (kgi_target("1.0e+308"), r"kgi\.target: the number is larger than"),
    "1e308 without a dot": (kgi_target("1e308"), r"kgi\.target: the number is larger than"),
    "a rate of 5e-324": (kgi_target("5.0e-324"), r"kgi\.target: the number is too small"),
    "base-60": (kgi_target("190:20:30"), r"kgi\.target: '190:20:30' would be read as a base-60 number"),
    "year 9999": (
        BASE.replace("period: {start: 2026-10, months: 12}", "period: {start: 9999-12, months: 12}"),
        r"period\.start: '9999-12' is outside the years",
    ),
    "year 1": (
        BASE.replace("  by: 2027-09", "  by: 0001-01"),
        r"kgi\.by: '0001-01' is not a month|is outside",
    ),
    "150 nested quotes": (with_notes(">" * 150 + " deep"), r"notes: line 1 of the text nests"),
    "19,000 brackets": (with_notes("[" * 19000), r"notes: 19,000 '\[' characters"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_absurd_values_are_one_line_with_their_place(write_plan, name):
    text, expected = CASES[name]
    path = write_plan(text, "absurd.yaml")
    started = time.monotonic()
    result = run_proposals("check", str(path))
    assert time.monotonic() - started < 30
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.match(r".*absurd\.yaml:\d+:\d+: ", lines[0]), lines[0]
    assert re.search(expected, lines[0]), lines[0]


def test_a_control_character_is_reported_on_its_own_line(write_plan):
    path = write_plan(BASE.replace("notes: |\n", "notes: |\n  abc\x01def\n", 1), "control.yaml")
    line = next(
        i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "\x01" in text
    )
    result = run_proposals("check", str(path))
    assert result.returncode == 2
    assert f"control.yaml:{line}:6: the control character U+0001 cannot appear in a plan" in result.stderr


def test_numbers_written_with_an_exponent_are_read(write_plan):
    path = write_plan(kgi_target("4.5e2"), "exponent.yaml")
    result = run_proposals("check", str(path), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert '"value": 450.0' in result.stdout
