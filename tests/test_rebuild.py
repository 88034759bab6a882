"""Rebuilds cost what the edit costs, and never serve anything stale.

Real `proposals build` runs on a small workspace (PDFs off: they are tested elsewhere).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import material
import pytest

from generator.cache.templates import SharedBytecodeCache
from generator.engine.run import _visible_templates
from tests.conftest import run_proposals, workspace_with

KEEP = ("mimosa-hair", "northfield-coffee")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return workspace_with(tmp_path / "ws", KEEP, pdf=False)


def build(root: Path, *args: str) -> str:
    result = run_proposals("build", *args, cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def edit(root: Path, slug: str, old: str, new: str) -> None:
    plan = root / "proposals" / f"{slug}.yaml"
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")


def inode(path: Path) -> int:
    return path.stat().st_ino


def test_an_edit_off_the_card_rebuilds_one_site_and_keeps_the_home(small):
    build(small)
    home, other = small / "site" / "index.html", small / "site" / "northfield-coffee" / "index.html"
    before = (inode(home), inode(other))
    edit(small, "mimosa-hair", "notes: |\n", "notes: |\n  A sentence added today.\n")
    assert "built 1, reused 1" in build(small)
    assert (inode(home), inode(other)) == before
    assert "A sentence added today." in (small / "site" / "mimosa-hair" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "built 0, reused 2" in build(small)


def test_a_card_change_rebuilds_the_home(small):
    build(small)
    edit(small, "northfield-coffee", "name: Northfield Coffee Roasters", "name: Northfield Tea House")
    assert "built 1, reused 1" in build(small)
    assert "Northfield Tea House" in (small / "site" / "index.html").read_text(encoding="utf-8")


def test_a_deleted_plan_takes_its_site_and_card_with_it(small):
    build(small)
    (small / "proposals" / "northfield-coffee.yaml").unlink()
    assert "built 0, reused 1" in build(small)
    assert not (small / "site" / "northfield-coffee").exists()
    assert "northfield-coffee/" not in (small / "site" / "index.html").read_text(encoding="utf-8")
    assert not list(small.glob(".site.building-*")) and not list(small.glob(".site.old-*"))


def test_damaged_summaries_are_read_again(small):
    build(small)
    summaries = list((small / ".cache" / "sns-proposals" / "plans").iterdir())
    assert len(summaries) == len(KEEP)
    for summary in summaries:
        summary.write_text("{not json", encoding="utf-8")
    assert "built 0, reused 2" in build(small)


def test_a_broken_edit_is_refused_although_the_plan_was_summarised(small):
    build(small)
    edit(small, "mimosa-hair", "language: ja", "language: de")
    result = run_proposals("build", cwd=small, timeout=600)
    assert result.returncode == 2
    assert "language: 'de' is not one of" in result.stderr


def test_each_output_folder_keeps_its_own_keys(small):
    build(small, "--out", "a")
    build(small, "--out", "b")
    edit(small, "mimosa-hair", "notes: |\n", "notes: |\n  Only in b.\n")
    assert "built 1, reused 1" in build(small, "--out", "b")
    # Folder a still holds the old page: it must be rebuilt, not trusted.
    assert "built 1, reused 1" in build(small, "--out", "a")
    assert "Only in b." in (small / "a" / "mimosa-hair" / "index.html").read_text(encoding="utf-8")


def test_a_theme_asset_added_between_builds_is_published(small):
    build(small)
    (small / "theme" / "assets" / "brand" / "extra.txt").write_text("new", encoding="utf-8")
    build(small)
    assert (small / "site" / "assets" / "brand" / "extra.txt").read_text(encoding="utf-8") == "new"


# ---------------------------------------------------------------------------- shared compile caches


def test_compiled_templates_follow_the_source_and_the_syntax_settings(tmp_path):
    (tmp_path / "page.md").write_text("{% if true %}\nyes\n{% endif %}\n", encoding="utf-8")

    def render(**settings: bool) -> str:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(tmp_path)),
            bytecode_cache=SharedBytecodeCache(tmp_path / "cache"),
            **settings,
        )
        return env.get_template("page.md").render()

    assert render() == "\nyes\n"
    assert render(trim_blocks=True) == "yes\n"  # same file, other settings: compiled again
    (tmp_path / "page.md").write_text("changed\n", encoding="utf-8")
    assert render() == "changed"


def test_the_theme_listing_equals_what_mkdocs_would_keep(tmp_path):
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "icon.svg").write_text("x", encoding="utf-8")
    (tmp_path / "assets" / ".cache").mkdir(parents=True)
    (tmp_path / "assets" / ".cache" / "x.js").write_text("x", encoding="utf-8")
    (tmp_path / "assets" / "app.js").write_text("x", encoding="utf-8")
    (tmp_path / "assets" / ".keep").write_text("", encoding="utf-8")
    dirs = (str(tmp_path), str(Path(material.__file__).parent / "templates"))
    everything = jinja2.FileSystemLoader(list(dirs)).list_templates()
    visible = [name for name in everything if not name.startswith(".") and "/." not in name]
    assert _visible_templates(dirs, False) == visible
    assert "assets/app.js" in visible


def test_a_home_site_deleted_by_hand_is_built_again(small):
    build(small)
    (small / "site" / "index.html").unlink()
    assert "built 0, reused 2" in build(small)
    assert (small / "site" / "index.html").is_file()


def test_a_cache_that_cannot_be_written_only_costs_speed(small):
    cache = small / ".cache" / "sns-proposals"
    cache.mkdir(parents=True)
    # Files where the cache wants folders: every write there fails (root ignores chmod).
    for name in ("plans", "builds", "diagrams", "jinja"):
        (cache / name).write_text("not a folder", encoding="utf-8")
    assert "built 2, reused 0" in build(small)
    # Reuse is proven by the output folder's own manifest, not by the cache.
    assert "built 0, reused 2" in build(small)
    assert (small / "site" / "mimosa-hair" / "index.html").is_file()
