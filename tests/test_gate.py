"""The gate: a plan with an error-level finding reaches no client, in any form; warnings are
printed; a target whose size the strategist explains (basis:) goes through."""

from __future__ import annotations

import html
import subprocess
from pathlib import Path

import pytest

from tests.conftest import edit_file, run_proposals, workspace_with

SECRET = "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"


def proposals(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_proposals(*args, cwd=root, timeout=600, env={"PROPOSALS_SECRET": SECRET})


edit = edit_file


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """kurumi (a client plan) with a KGI that says not what it counts over; shimanami (public)
    with followers as its goal."""
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen", "shimanami-tourism"), pdf=False)
    edit(root / "proposals" / "kurumi-ramen.yaml", "  target: 2400\n  per: month\n", "  target: 2400\n")
    edit(
        root / "proposals" / "shimanami-tourism.yaml",
        "  metric: branded_search_volume\n  label: 「しまなみ サイクリング」の検索数\n",
        "  id: instagram_engagements\n  label: エンゲージメント数\n",
    )
    return root


@pytest.mark.parametrize(
    ("args", "plan", "rule", "folder"),
    [
        (("build", "--client", "kurumi-ramen"), "kurumi-ramen", "kgi-period-missing", "clients"),
        (("build", "--public"), "shimanami-tourism", "vanity-kgi", "public"),
        (("pdf", "kurumi-ramen"), "kurumi-ramen", "kgi-period-missing", "pdf"),
        (("deck", "kurumi-ramen", "--format", "pptx"), "kurumi-ramen", "kgi-period-missing", "deck"),
        (("report", "kurumi-ramen"), "kurumi-ramen", "kgi-period-missing", "reports"),
    ],
)
def test_an_error_refuses_everything_a_client_sees(broken, args, plan, rule, folder):
    result = proposals(broken, *args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    # Each error as `proposals check` lists it, then one line that says what was refused.
    assert any(line.startswith(f"proposals/{plan}.yaml:") and f"error {rule}:" in line for line in lines), (
        lines
    )
    # Said in the plan's language (both are Japanese plans).
    assert lines[-1].startswith("proposals: 中止しました:") and plan in lines[-1] and "エラー" in lines[-1]
    assert "Traceback" not in result.stderr
    assert not (broken / folder).exists(), "nothing is written before the gate"


def test_the_internal_build_is_the_agencys_own_and_is_not_gated(broken):
    result = proposals(broken, "build")
    assert result.returncode == 0, result.stderr


def test_a_stated_basis_lets_a_bold_target_through_and_warnings_are_printed(tmp_path):
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    plan = root / "proposals" / "kurumi-ramen.yaml"
    # Ten times the baseline within two months: beyond what a new account's slow start allows.
    edit(plan, "  baseline: 900\n  by: 2027-12\n", "  baseline: 90\n  by: 2027-02\n")
    refused = proposals(root, "build", "--client", "kurumi-ramen")
    assert refused.returncode == 2 and "error unrealistic-target" in refused.stderr
    edit(plan, "  by: 2027-02\n", "  by: 2027-02\n  basis: 2026年秋の整理券導入で月2,100件(店舗の実績)\n")
    assert "unrealistic-target" not in proposals(root, "check", "--strict").stdout.replace(
        "info unrealistic", ""
    )
    # A warning still reaches the terminal on the way through.
    edit(plan, "purpose: sales\n", "purpose: [sales, branding]\n")
    accepted = proposals(root, "build", "--client", "kurumi-ramen")
    assert accepted.returncode == 0, accepted.stderr
    assert "warning " in accepted.stderr


def test_the_basis_stands_beside_its_target_on_the_page_the_pdf_and_the_deck(tmp_path):
    from pptx import Presentation

    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    plan = root / "proposals" / "kurumi-ramen.yaml"
    basis = "2026年秋の整理券導入で月2,100件<b>(店舗の実績)"
    edit(plan, "  baseline: 900\n  by: 2027-12\n", f'  baseline: 900\n  by: 2027-12\n  basis: "{basis}"\n')
    assert proposals(root, "render").returncode == 0
    page = (root / "rendered" / "kurumi-ramen" / "index.md").read_text(encoding="utf-8")
    assert "<b>" not in page  # text, never markup
    assert f"根拠: {basis}" in html.unescape(page)
    assert proposals(root, "pdf", "kurumi-ramen").returncode == 0
    text = subprocess.run(
        ["pdftotext", str(root / "pdf" / "kurumi-ramen.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "2026年秋の整理券導入で月2,100件<b>(店舗の実績)" in text.replace("\n", "")
    assert proposals(root, "deck", "kurumi-ramen", "--format", "pptx").returncode == 0
    deck = Presentation(str(root / "deck" / "kurumi-ramen-deck.pptx"))
    words = [
        shape.text_frame.text.replace("\x0b", "")  # lines break between phrases, as written
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert any(basis in w and w.startswith("根拠") for w in words)
