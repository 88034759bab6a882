"""Page-level golden files: the Markdown each template produces for two example plans.

Run `pytest tests/test_golden_pages.py --update-goldens` after an intended change and
review the diff of tests/golden/ like any other code change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.render.site.pages import OPTIONAL, PAGES, RenderOptions, render_home, render_proposal
from tests.conftest import PROPOSALS, report_of

GOLDEN = Path(__file__).parent / "golden"
CASES = ["lumiere-cosmetics", "northfield-coffee"]
OPTIONS = RenderOptions(internal=False, today=dt.date(2027, 1, 15), standalone=True)


def _check(path: Path, actual: str, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing golden {path}; run with --update-goldens"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} changed; review and --update-goldens"


@pytest.mark.parametrize("slug", CASES)
@pytest.mark.parametrize("page", PAGES)
def test_proposal_page_matches_golden(slug, page, update_goldens):
    rendered = render_proposal(report_of(PROPOSALS / f"{slug}.yaml"), OPTIONS)
    if f"{page}.md" not in rendered.files:  # a section the plan does not have is no page
        assert page in OPTIONAL and not (GOLDEN / slug / f"{page}.md").exists()
        return
    _check(GOLDEN / slug / f"{page}.md", rendered.files[f"{page}.md"], update_goldens)


def test_home_matches_golden(update_goldens):
    plans = [report_of(PROPOSALS / f"{slug}.yaml") for slug in CASES]
    rendered = render_home(plans, RenderOptions(internal=True))
    _check(GOLDEN / "home.md", rendered.files["index.md"], update_goldens)


def test_internal_notes_only_in_internal_renders():
    loaded = report_of(PROPOSALS / "lumiere-cosmetics.yaml")
    internal = render_proposal(loaded, RenderOptions(internal=True, standalone=True)).files["index.md"]
    client = render_proposal(loaded, RenderOptions(internal=False, standalone=True)).files["index.md"]
    assert "TikTok に懐疑的" in internal
    assert "懐疑的" not in client


def test_expired_plan_renders_only_a_notice():
    loaded = report_of(PROPOSALS / "lumiere-cosmetics.yaml")  # expires 2027-03-31
    rendered = render_proposal(
        loaded, RenderOptions(internal=False, standalone=True, today=dt.date(2027, 4, 1))
    )
    assert list(rendered.files) == ["index.md"]
    assert "公開期限は終了しました" in rendered.files["index.md"]
    assert "300" not in rendered.files["index.md"]
