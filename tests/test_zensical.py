"""`proposals render --format zensical` writes a project that Zensical 0.0.73 builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_workspace, run_proposals


def test_the_zensical_export_builds_with_zensical(tmp_path):
    root = copy_workspace(tmp_path / "ws")
    result = run_proposals("render", "--format", "zensical", "--out", "zx", cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    project = root / "zx"
    assert (project / "mkdocs.yml").is_file() and (project / "overrides" / "main.html").is_file()
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "proposals:" not in config and "assets/proposals/proposals.css" in config
    zensical = Path(sys.executable).with_name("zensical")
    built = subprocess.run([str(zensical), "build"], cwd=project, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="ja"' in home and "ルミエール" in home
    kpi = (site / "lumiere-cosmetics" / "kpi" / "index.html").read_text(encoding="utf-8")
    # The diagram is inline SVG in a figure (dark mode restyles it), never an <img>.
    assert '<figure class="proposal-diagram">' in kpi and '<svg class="kpi-tree-diagram"' in kpi
    assert '<img src="kpi-tree.svg"' not in kpi
    assert "proposals.css" in kpi
    english = (site / "northfield-coffee" / "index.html").read_text(encoding="utf-8")
    assert "Northfield" in english
    assert (site / "guide" / "index.html").is_file() and (site / "en" / "guide" / "index.html").is_file()
