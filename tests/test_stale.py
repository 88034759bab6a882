"""Nothing stale (issue 38): a rebuild after a picture, the deck's logo or a date changes —
with no edit to the plan — equals a fresh build, and only the proposals it touches are built
again."""

from __future__ import annotations

import filecmp
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import run_proposals, workspace_with

pytestmark = pytest.mark.slow

PLAN = "mimosa-hair"


def _png(path: Path, colour: str) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())


def _option(root: Path, line: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("proposals_dir: proposals\n", f"proposals_dir: proposals\n      {line}\n"), "utf-8"
    )


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ between two built proposal folders (by bytes), or are in one only."""
    differ: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        differ.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differ.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return differ


def _build(root: Path, out: str = "site") -> str:
    result = run_proposals("build", "--out", out, cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_picture_replaced_under_its_name_is_in_the_rebuilt_site(tmp_path):
    root = workspace_with(tmp_path / "ws", (PLAN, "kurumi-ramen"), pdf=False)
    plan = root / "proposals" / f"{PLAN}.yaml"
    plan.write_text(
        plan.read_text("utf-8") + "images:\n  - {path: shop.png, alt: 店の外観, where: cover}\n", "utf-8"
    )
    _png(root / "proposals" / "shop.png", "red")
    _build(root)
    shutil.copytree(root / "site" / PLAN, tmp_path / "before")
    _png(root / "proposals" / "shop.png", "blue")
    assert "built 1, reused 1 " in _build(root)  # the other proposal is not built again
    _build(root, "fresh")
    assert _same_tree(tmp_path / "before", root / "site" / PLAN) != []
    assert _same_tree(root / "site" / PLAN, root / "fresh" / PLAN) == []


def test_a_next_step_that_passes_shows_on_the_rebuilt_pages(tmp_path):
    root = workspace_with(tmp_path / "ws", (PLAN,), pdf=False)
    plan = root / "proposals" / f"{PLAN}.yaml"
    text = plan.read_text("utf-8")
    # An undated proposal: its next steps are judged against the day of the build.
    text = text.replace(", date: 2026-09-15}", "}")
    assert "prepared: {by:" in text and "2026-09-15" not in text
    plan.write_text(text + "next_steps:\n  - {what: 初回の打ち合わせ, date: 2027-02-01}\n", "utf-8")
    _option(root, "today: 2027-01-15")
    _build(root)
    shutil.copytree(root / "site" / PLAN, tmp_path / "before")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("today: 2027-01-15", "today: 2027-02-15"), "utf-8")
    check = run_proposals("check", f"proposals/{PLAN}.yaml", cwd=root)
    assert "next-step-past" in check.stdout + check.stderr
    _build(root)
    _build(root, "fresh")
    assert _same_tree(tmp_path / "before", root / "site" / PLAN) != []  # the pages say it now
    assert _same_tree(root / "site" / PLAN, root / "fresh" / PLAN) == []


def test_a_logo_or_template_replaced_under_its_name_is_on_the_rebuilt_deck(tmp_path):
    """One workspace with both (a deck build writes a PDF and a PowerPoint: slow enough)."""
    from pptx import Presentation

    root = workspace_with(tmp_path / "ws", (PLAN,))

    def template(mark: str) -> None:
        deck = Presentation()
        layout = deck.slide_layouts[1]
        scratch = deck.slides.add_slide(deck.slide_layouts[6])
        box = scratch.shapes.add_textbox(0, 0, 914400, 300000)
        box.text_frame.text = mark
        layout.shapes._spTree.append(box._element)
        deck.save(str(root / "agency.pptx"))

    def media(deck: Path) -> set[bytes]:
        with zipfile.ZipFile(deck) as archive:
            return {archive.read(n) for n in archive.namelist() if n.startswith("ppt/media/")}

    def masters(deck: Path) -> str:
        with zipfile.ZipFile(deck) as archive:
            return "".join(
                archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if "Layout" in n
            )

    _png(root / "logo.png", "red")
    _option(root, "deck_logo: logo.png")
    _build(root)
    _png(root / "logo.png", "green")
    assert "built 1, reused 0 " in _build(root)
    deck = next((root / "site" / PLAN).glob("*-deck.pptx"))
    assert (root / "logo.png").read_bytes() in media(deck)
    # The agency's own template (its cover has its own places: no logo of ours on it).
    template("FIRST-MASTER")
    _option(root, "deck_template: agency.pptx")
    _build(root)
    template("SECOND-MASTER")
    assert "built 1, reused 0 " in _build(root)
    _build(root, "fresh")
    rebuilt = next((root / "site" / PLAN).glob("*-deck.pptx"))
    assert "SECOND-MASTER" in masters(rebuilt) and "FIRST-MASTER" not in masters(rebuilt)
    assert rebuilt.read_bytes() == next((root / "fresh" / PLAN).glob("*-deck.pptx")).read_bytes()
    assert _same_tree(root / "site" / PLAN, root / "fresh" / PLAN) == []


def test_a_day_that_passes_rebuilds_only_the_proposal_it_changes(tmp_path):
    """The build's one clock: the day a next step passes, that proposal's pages say so, and
    the proposal the day changes nothing for is reused as it is."""
    import datetime as dt

    from generator.pipeline.build import build
    from generator.workspace import Workspace

    root = workspace_with(tmp_path / "ws", (PLAN, "kurumi-ramen"), pdf=False)
    plan = root / "proposals" / f"{PLAN}.yaml"
    text = plan.read_text("utf-8").replace(", date: 2026-09-15}", "}")
    plan.write_text(text + "next_steps:\n  - {what: 初回の打ち合わせ, date: 2027-02-01}\n", "utf-8")
    workspace = Workspace.find(root / "mkdocs.yml")
    first = build(workspace, root / "site", today=dt.date(2027, 1, 20), say=None, jobs=1)
    assert sorted(first.built) == sorted([PLAN, "kurumi-ramen"])
    shutil.copytree(root / "site" / PLAN, tmp_path / "before")
    again = build(workspace, root / "site", today=dt.date(2027, 1, 20), say=None, jobs=1)
    assert again.built == []
    later = build(workspace, root / "site", today=dt.date(2027, 2, 10), say=None, jobs=1)
    assert later.built == [PLAN] and later.reused == ["kurumi-ramen"]
    build(workspace, root / "fresh", today=dt.date(2027, 2, 10), say=None, jobs=1)
    assert _same_tree(tmp_path / "before", root / "site" / PLAN) != []
    assert _same_tree(root / "site" / PLAN, root / "fresh" / PLAN) == []
