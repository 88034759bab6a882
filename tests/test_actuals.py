"""Actuals, first part: the reading rules, the manual format, the month-by-month comparison
with the plan (targets, statuses, values worked out through the tree) and the findings —
numbers checked against a hand calculation."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from generator.actuals.cells import CellError, number
from tests.conftest import copy_workspace, run_proposals


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,234", 1234.0),
        ("1.2K", 1200.0),
        ("1.2万", 12000.0),
        ("12%", 0.12),
        ("3億", 3e8),
        ("0.5", 0.5),
        ("-", None),
        ("undefined", None),
        ("", None),
        (" 2,500 ", 2500.0),
    ],
)
def test_cells_read_as_exports_write_them(cell, value):
    assert number(cell) == pytest.approx(value) if value is not None else number(cell) is None


@pytest.mark.parametrize("cell", ["-5", '=HYPERLINK("x")', "+cmd", "@SUM(A1)", "12 apples"])
def test_a_cell_that_is_no_number_is_an_error_not_a_zero(cell):
    with pytest.raises(CellError):
        number(cell)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return copy_workspace(tmp_path / "ws")


def actuals(root: Path, *slugs: str) -> dict:
    result = run_proposals("actuals", "--format", "json", *slugs, cwd=root)
    assert result.returncode == 0, result.stderr
    return {a["slug"]: a for a in json.loads(result.stdout)["actuals"]}


def write(root: Path, slug: str, name: str, data: bytes) -> Path:
    folder = root / "actuals" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


LUMIERE = """month,metric,value,platform
2027-01,sns_sessions,3800,instagram
2027-01,sns_sessions,700,tiktok
2027-01,ec_cvr,0.9%,
2027-01,average_order_value,7200,
2027-02,sns_sessions,4600,instagram
2027-02,sns_sessions,900,tiktok
2027-02,ec_cvr,1.0%,
2027-02,average_order_value,7400,
"""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp932-ja"])
def test_the_manual_format_gives_what_a_hand_calculation_gives(ws, encoding):
    text = LUMIERE
    if encoding == "cp932-ja":
        text = text.replace("month,metric,value,platform", "月,指標,値,媒体")
        data = text.encode("cp932")
    else:
        data = text.encode(encoding)
    for old in (ws / "actuals" / "lumiere-cosmetics").glob("*"):
        old.unlink()
    write(ws, "lumiere-cosmetics", "figures.csv", data)
    result = actuals(ws, "lumiere-cosmetics")["lumiere-cosmetics"]
    january, february = (m["nodes"] for m in result["months"])
    # sessions 3,800 + 700; revenue 4,500 × 0.9 % × ¥7,200 — worked out through the tree
    assert (
        january["sns_sessions"]["actual"] == pytest.approx(4500)
        and january["sns_sessions"]["source"] == "computed"
    )
    assert january["ec_revenue"]["actual"] == pytest.approx(291_600)
    # the month's KGI target follows the plan's path: 400,000 + 2,600,000 × (1/12)²
    assert january["ec_revenue"]["target"] == pytest.approx(400_000 + 2_600_000 / 144)
    assert january["ec_revenue"]["status"] == "red" and february["ec_revenue"]["status"] == "amber"
    assert february["ec_revenue"]["actual"] == pytest.approx(5500 * 0.01 * 7400)
    # an average keeps its final target every month; a count ramps up with the path
    assert february["average_order_value"]["target"] == pytest.approx(7500)
    assert 0 < february["saves@instagram"]["target"] < 1500
    assert result["kgi"]["month"] == "2027-02" and result["kgi"]["forecast"] == pytest.approx(
        3_000_000 * february["ec_revenue"]["ratio"]
    )


def test_findings_for_gaps_unknown_metrics_and_months_outside_the_period(ws):
    write(
        ws,
        "ledgerly-b2b",
        "more.csv",
        b"month,metric,value,platform\n2027-01,lead_cvr,2%,\n2027-03,lead_cvr,2%,\n"
        b"2027-02,reach,5000,instgram\n2030-01,lead_cvr,2%,\n",
    )
    result = actuals(ws, "ledgerly-b2b")["ledgerly-b2b"]
    rules = {f["rule"]: f for f in result["findings"]}
    assert {"actuals-unmapped", "actuals-outside-period"} <= set(rules)
    assert "reach@instgram" in rules["actuals-unmapped"]["message"]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("export.csv", b"Post ID,Foo,Bar\n1,2,3\n", "unknown export (header: Post ID, Foo, Bar)"),
        ("neg.csv", b"month,metric,value\n2027-01,orders,-4\n", "neg.csv:2: '-4' is negative"),
        ("bad.csv", b"month,metric,value\n2027-13,orders,4\n", "bad.csv:2:"),
        ("sheet.xlsx", b"PK", "not a CSV or ZIP export"),
    ],
)
def test_a_file_it_cannot_read_is_one_line_and_exit_2(ws, name, data, words):
    write(ws, "mimosa-hair", name, data)
    result = run_proposals("actuals", "mimosa-hair", cwd=ws)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert words in line, line


def test_hostile_archives_are_refused(ws):
    folder = ws / "actuals" / "mimosa-hair"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "escape.zip", "w") as archive:
        archive.writestr("../../outside.csv", "month,metric,value\n")
    result = run_proposals("actuals", "mimosa-hair", cwd=ws)
    assert result.returncode == 2 and "outside itself" in result.stderr
    (folder / "escape.zip").unlink()
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.csv", "0" * 20_000_000)
    result = run_proposals("actuals", "mimosa-hair", cwd=ws)
    assert result.returncode == 2 and "inflates" in result.stderr
    (folder / "bomb.zip").unlink()
    with open(folder / "huge.csv", "wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    result = run_proposals("actuals", "mimosa-hair", cwd=ws)
    assert result.returncode == 2 and "exports are read up to" in result.stderr


def test_the_examples_carry_a_few_months_of_figures():
    from tests.conftest import REPO

    root = REPO
    result = actuals(root, "lumiere-cosmetics", "ledgerly-b2b")
    assert len(result["lumiere-cosmetics"]["months"]) == 3 and len(result["ledgerly-b2b"]["months"]) == 2
    assert result["lumiere-cosmetics"]["kgi"]["ratio"] > 1  # March on track
