"""Every command fails in one line, with the same findings `check` gives."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_proposals, workspace_with


@pytest.fixture
def one_plan(tmp_path: Path) -> Path:
    return workspace_with(tmp_path / "ws", ("mimosa-hair",))


def run(root: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.mark.parametrize("command", [("render", "--out", "md"), ("pdf",), ("build",)])
def test_without_graphviz_every_command_says_how_to_install_it(one_plan, tmp_path, command):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run(one_plan, *command, path=str(empty))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "apt-get install graphviz" in lines[0], result.stderr


def test_render_runs_the_doctor_with_the_workspaces_utm_lists(one_plan):
    config = one_plan / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "proposals_dir: proposals\n",
            "proposals_dir: proposals\n      utm: {sources: [ig], mediums: [social]}\n",
        ),
        encoding="utf-8",
    )
    check = run(one_plan, "check")
    assert "utm-naming" in check.stdout
    result = run(one_plan, "render", "--out", "md")
    assert result.returncode == 0, result.stderr
    pages = "".join(p.read_text(encoding="utf-8") for p in (one_plan / "md" / "mimosa-hair").glob("*.md"))
    assert "utm-naming" in html.unescape(pages)


@pytest.mark.parametrize("command", [("check",), ("build",), ("render", "--out", "md")])
def test_a_doctor_threshold_it_cannot_use_stops_every_command_in_one_line(one_plan, command):
    config = one_plan / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "proposals_dir: proposals\n",
            "proposals_dir: proposals\n      doctor: {max_monthly_growth: fast}\n",
        ),
        "utf-8",
    )
    result = run(one_plan, *command)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        "proposals: mkdocs.yml: plugins.proposals.doctor.max_monthly_growth: "
        "'fast' is not a number (write 1500, 1.2% or 0.012)"
    ]
    assert not (one_plan / "site").exists()


def test_the_workspace_threshold_changes_what_check_finds(one_plan):
    config = one_plan / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # Without its stated reason (basis:), mimosa's 12 % a month is past the default 10 %.
    plan = one_plan / "proposals" / "mimosa-hair.yaml"
    plan.write_text(
        "".join(line for line in plan.read_text("utf-8").splitlines(True) if not line.startswith("  basis:")),
        "utf-8",
    )
    result = run(one_plan, "check", "--strict")
    assert result.returncode == 1 and "unrealistic-target" in result.stdout
    config.write_text(
        text.replace(
            "proposals_dir: proposals\n",
            "proposals_dir: proposals\n      doctor: {max_monthly_growth: 15%}\n",
        ),
        "utf-8",
    )
    assert run(one_plan, "check", "--strict").returncode == 0


def test_a_command_ends_with_its_exit_code_its_whole_output_and_what_must_run_at_exit(tmp_path):
    """The command line skips the interpreter's teardown when a command ends: nothing it
    prints may be lost, no exit code changed, no exit handler skipped."""
    schema = run_proposals("schema")
    assert schema.returncode == 0 and json.loads(schema.stdout)["title"]  # all of it, flushed
    broken = tmp_path / "broken.yaml"
    broken.write_text("client: [\n", encoding="utf-8")
    result = run_proposals("check", str(broken))
    assert result.returncode == 2 and "broken.yaml" in result.stderr
    hook = tmp_path / "hook.py"
    hook.write_text(
        "import atexit, sys\n"
        "atexit.register(lambda: print('exit handler ran', file=sys.stderr))\n"
        "from generator.cli import main\n"
        "main(sys.argv[1:], prog_name='proposals')\n",
        encoding="utf-8",
    )
    ran = subprocess.run([sys.executable, str(hook), "schema"], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and "exit handler ran" in ran.stderr and json.loads(ran.stdout)
