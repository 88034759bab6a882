"""The outside security probe of version 3, item by item (issue 35: 6 and 10–14): each case
here failed before it was fixed. Publishing onto hostile targets is in test_publish_hostile.py,
ciphertext bound to its page and the plaintext refused in test_protect.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from generator.output.secret import client_path
from tests.conftest import PROPOSALS, edit_file, run_proposals, workspace_with
from tests.hosted import matches, read_rules

SECRET = "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"


def proposals(root: Path, *args: str, timeout: float = 300, **env: str | None) -> subprocess.CompletedProcess:
    given: dict[str, str | None] = {"PROPOSALS_SECRET": SECRET, "PROPOSALS_SENDER": "Tester", **env}
    return run_proposals(*args, cwd=root, timeout=timeout, env=given)


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    lines = [line for line in result.stderr.strip().splitlines() if line]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_6_a_comment_of_emphasis_marks_is_refused_at_once_not_laid_out_for_minutes(tmp_path):
    root = workspace_with(tmp_path / "ws", ("lumiere-cosmetics",))
    shutil.copytree(PROPOSALS.parent / "actuals", root / "actuals")
    comment = root / "actuals" / "lumiere-cosmetics" / "comments" / "2027-03.md"
    comment.write_text("*a" * 32768, encoding="utf-8")
    # Before the fix this ran past five minutes in the PDF engine; the limit answers at once.
    line = one_line(proposals(root, "report", "lumiere-cosmetics", "--month", "2027-03", timeout=120))
    assert "2027-03.md" in line and "1,000" in line


def test_6_thousands_of_autolinks_are_shown_as_text(tmp_path):
    from generator.render.text.notes import render_notes

    html = render_notes("<https://a.example/> " * 5000)
    assert html.count("<a ") == 0 and "https://a.example/" in html


def test_10_a_picture_above_40_megapixels_is_refused_in_one_line(tmp_path):
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    # 7,000 × 6,000: 42 megapixels, inside the band where Pillow only warns.
    Image.new("L", (7000, 6000), 200).save(root / "proposals" / "huge.png", optimize=True)
    plan = root / "proposals" / "kurumi-ramen.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8") + "images:\n  - {path: huge.png, alt: 外観, where: cover}\n", "utf-8"
    )
    line = one_line(proposals(root, "build"))
    assert "huge.png" in line and "42" in line and "40" in line


@pytest.fixture
def sent(tmp_path: Path) -> Path:
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    result = proposals(root, "send", "kurumi-ramen")
    assert result.returncode == 0, result.stderr
    built = proposals(root, "build")
    assert built.returncode == 0, built.stderr
    return root


def test_11_the_internal_build_checks_sent_versions_too(sent):
    page = sent / "versions" / "kurumi-ramen" / "v1" / "site" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("胡桃", "くるみ"), encoding="utf-8")
    line = one_line(proposals(sent, "build"))  # a no-op build: nothing else changed
    assert "v1/site/index.html" in line and "v1" in line


def test_11_a_version_record_naming_a_place_outside_is_no_record(sent, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("x", encoding="utf-8")
    record = sent / "versions" / "kurumi-ramen" / "v1" / "version.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["files"]["../../../../outside.txt"] = "0" * 64
    record.write_text(json.dumps(data), encoding="utf-8")
    line = one_line(proposals(sent, "build"))
    assert "version.json" in line and "outside.txt" in line


def test_12_no_inline_style_is_allowed_but_the_pages_own_and_client_bundles_are_cached(tmp_path):
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    assert proposals(root, "build", "--client", "kurumi-ramen").returncode == 0
    folder = root / "clients"
    rules = read_rules(folder)
    policy = dict(rules[0][1])["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    styles = policy.split("style-src ", 1)[1].split(";", 1)[0]
    assert "'unsafe-hashes'" in styles and "'sha256-" in styles  # the tables' text-align, by hash
    secret = client_path(SECRET, "kurumi-ramen")
    bundle = next((folder / secret / "assets" / "javascripts").glob("bundle.*.min.js")).name
    cached = [
        dict(pairs).get("Cache-Control")
        for pattern, pairs in rules
        if matches(pattern, f"/{secret}/assets/javascripts/{bundle}")
    ]
    assert any(c and "immutable" in c for c in cached)


def test_13_refused_builds_leave_no_lock_files(tmp_path):
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    (root / ".cache").mkdir(exist_ok=True)
    (root / "emptyfolder").mkdir()
    os.symlink(root / "emptyfolder", root / "emptylink")
    for out in (".cache", "proposals"):
        result = proposals(root, "build", "--out", out)
        assert result.returncode != 0, out
    proposals(root, "build", "--out", "emptylink")
    made = sorted(p.name for p in root.iterdir() if p.name.endswith(".lock"))
    assert made == []
    assert proposals(root, "build").returncode == 0
    assert sorted(p.name for p in root.iterdir() if p.name.endswith(".lock")) == []


def test_14_sending_an_unchanged_japanese_plan_is_refused_in_japanese(sent):
    line = one_line(proposals(sent, "send", "kurumi-ramen"))
    assert "送付" in line and "unchanged" not in line
    plan = sent / "proposals" / "kurumi-ramen.yaml"
    edit_file(plan, "by: 2027-12", "by: 2026-01")  # a deadline before the period: an error
    line = proposals(sent, "send", "kurumi-ramen").stderr.strip().splitlines()[-1]
    assert "送付版" in line and "エラー" in line
