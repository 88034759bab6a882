"""What a client sees of their own site: their name as written, their agency, their language."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.conftest import copy_workspace, run_proposals

NAME = 'A&B Cosmetics "Lumière" <Tokyo>'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("sees") / "ws")
    for plan in (root / "proposals").glob("*.yaml"):
        if plan.stem not in ("lumiere-cosmetics", "northfield-coffee"):
            plan.unlink()
    plan = root / "proposals" / "lumiere-cosmetics.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "  name: 株式会社ルミエール化粧品", f"  name: '{NAME}'", 1
    )
    plan.write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "proposals_dir: proposals\n", "proposals_dir: proposals\n      pdf: false\n"
        )
    )
    result = run_proposals("build", cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_a_name_with_ampersand_and_quotes_is_escaped_exactly_once(site):
    page = (site / "lumiere-cosmetics" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'class="md-header__button md-logo"|title="([^"]*)"', page)
    shown = [html.unescape(t) for t in titles if t]
    assert NAME in shown, shown
    assert "&amp;amp;" not in page and "&amp;#34;" not in page
    assert "<Tokyo>" not in page  # never raw


def test_the_footer_names_the_plans_agency_and_the_description_its_language(site):
    ja = (site / "lumiere-cosmetics" / "index.html").read_text(encoding="utf-8")
    assert "Example Agency" not in ja and "© ミナトデジタル株式会社" in ja
    description = re.search(r'<meta name="description" content="([^"]*)"', ja)
    assert description and re.search(r"[ぁ-んァ-ン一-龥]", description.group(1)), description
    assert "YAML" not in description.group(1)
    en = (site / "northfield-coffee" / "index.html").read_text(encoding="utf-8")
    assert "Example Agency" not in en
    description = re.search(r'<meta name="description" content="([^"]*)"', en)
    assert description and "Northfield" in description.group(1)
