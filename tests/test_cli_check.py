"""`proposals check` as a user runs it: exit codes, output shapes, no tracebacks."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import PROPOSALS, REPO, run_proposals

BROKEN = {
    "wrong-type": ("client: {name: Acme}\nperiod: {start: 2027-01, months: many}\n", 2),
    "misspelt-key": ("client: {name: Acme}\nkgi: {metirc: ec_revenue}\n", 2),
    "yaml-syntax": ("client: {name: Acme\nkgi: [\n", 2),
    "alias-bomb": (
        "client: {name: Acme}\n"
        + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)),
        1,
    ),
    "python-tag": ("client: {name: Acme}\nnotes: !!python/object/apply:os.system ['touch PWNED']\n", 2),
    # 100,000 nested brackets once crashed libyaml's recursive composer; the depth check runs first.
    "deep-nesting": ("client: {name: Acme}\nx: " + "[" * 100_000 + "]" * 100_000 + "\n", 2),
    "huge-file": ("client: {name: Acme}\nnotes: |\n" + ("  " + "y" * 98 + "\n") * 210_000, 1),
    "invalid-utf8": (b"client:\n  name: \xff\xfe broken\n", 2),
}


def test_example_plans_check_clean():
    result = run_proposals("check", "proposals/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(list(PROPOSALS.glob('*.yaml')))} plans checked: 0 unreadable, 0 errors" in result.stdout


def test_check_defaults_to_the_workspace_proposals(tmp_path):
    shutil.copytree(PROPOSALS, tmp_path / "proposals")
    result = run_proposals("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "plans checked" in result.stdout


def test_config_file_option_picks_the_workspace(tmp_path):
    workspace = tmp_path / "agency"
    (workspace / "plans").mkdir(parents=True)
    shutil.copy(PROPOSALS / "mimosa-hair.yaml", workspace / "plans")
    (workspace / "mkdocs.yml").write_text(
        "site_name: Agency\nplugins:\n  - search\n  - proposals:\n      proposals_dir: plans\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    result = run_proposals("-f", str(workspace / "mkdocs.yml"), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 plan checked" in result.stdout


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_plans_exit_2_fast_with_file_and_line(tmp_path, case):
    text, line = BROKEN[case]
    (tmp_path / "proposals").mkdir()
    target = tmp_path / "proposals" / "broken.yaml"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = run_proposals("check", "proposals/broken.yaml", cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    assert elapsed < 5  # includes interpreter start; the check itself is milliseconds
    assert "Traceback" not in result.stderr + result.stdout
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"proposals/broken.yaml:{line}:"), first
    assert not (tmp_path / "PWNED").exists()


def test_one_broken_plan_does_not_hide_the_others(tmp_path):
    folder = tmp_path / "proposals"
    shutil.copytree(PROPOSALS, folder)
    (folder / "zz-broken.yaml").write_text("client: {name: X}\nlanguage: fr\n", encoding="utf-8")
    result = run_proposals("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    plans = json.loads(result.stdout)["plans"]
    assert len(plans) == len(list(PROPOSALS.glob("*.yaml"))) + 1
    broken = next(p for p in plans if p["slug"] == "zz-broken")
    assert broken["tree"] is None
    assert broken["errors"][0]["line"] == 2
    assert broken["errors"][0]["path"] == "language"
    assert all("errors" not in p for p in plans if p["slug"] != "zz-broken")


def test_json_output_shape():
    result = run_proposals("check", "--format", "json", "proposals/lumiere-cosmetics.yaml")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    [plan] = document["plans"]
    assert plan["file"] == "proposals/lumiere-cosmetics.yaml"
    assert plan["slug"] == "lumiere-cosmetics"
    assert isinstance(plan["findings"], list)
    tree = plan["tree"]
    assert tree["metric"] == "ec_revenue"
    assert tree["value"] == 1_980_000
    assert tree["unit"] == "JPY"
    assert tree["op"] == "product"
    assert tree["label"] == "SNS経由のEC売上"
    assert [c["metric"] for c in tree["children"]] == ["sns_sessions", "ec_cvr", "average_order_value"]
    cvr = tree["children"][1]
    assert cvr["value"] == pytest.approx(0.01)
    for node in _walk(tree):
        assert set(node) >= {"label", "value", "unit", "computed", "op", "children"}
        assert ("metric" in node) != ("id" in node)
        assert isinstance(node["computed"], bool)


def _walk(node: dict) -> list[dict]:
    return [node, *(n for child in node["children"] for n in _walk(child))]


def test_missing_path_is_a_usage_error(tmp_path):
    result = run_proposals("check", "nowhere/", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_schema_command_prints_the_committed_schema():
    result = run_proposals("schema")
    assert result.returncode == 0
    assert result.stdout == (REPO / "schema" / "plan.schema.json").read_text(encoding="utf-8"), (
        "schema/plan.schema.json is stale: run `make schema`"
    )


def test_version():
    result = run_proposals("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("proposals, version ")


def test_text_output_is_uncoloured_when_piped(write_plan: object) -> None:
    result = run_proposals("check", "proposals/")
    assert "\x1b[" not in result.stdout


def test_check_accepts_several_paths(tmp_path: Path) -> None:
    result = run_proposals(
        "check", str(PROPOSALS / "mimosa-hair.yaml"), str(PROPOSALS / "northfield-coffee.yaml"), cwd=tmp_path
    )
    assert result.returncode == 0
    assert "2 plans checked" in result.stdout
