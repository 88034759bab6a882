"""Every link in every built file leads somewhere: internal, public and client builds, the
progress page's report button, sent versions and 404 pages included."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.output.secret import client_path
from tests.conftest import SECRET

_LINK = re.compile(r'\b(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def folders(every_level: Path) -> Path:
    return every_level


def broken(folder: Path, *, served_at_root: bool) -> list[str]:
    found = []
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for raw in _LINK.findall(text):
            url = html.unescape(raw)
            parts = urlsplit(url)
            if not parts.path or parts.scheme or parts.netloc or url.startswith("#"):
                continue
            path = unquote(parts.path)
            where = page.relative_to(folder).as_posix()
            if path.startswith("/"):
                # Only a home site's own 404 page, served at the host's root, may link from the root.
                if not (served_at_root and where == "404.html"):
                    found.append(f"{where}: {url} (from the host's root)")
                continue
            target = page.parent / path
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                found.append(f"{where}: {url}")
    return found


@pytest.mark.parametrize("build", ["site", "public", "client"])
def test_every_link_leads_somewhere(folders, build):
    folder = (
        folders / "clients" / client_path(SECRET, "lumiere-cosmetics")
        if build == "client"
        else folders / build
    )
    assert broken(folder, served_at_root=build != "client") == []


def test_the_progress_pages_report_button_opens_the_report(folders):
    for folder in (
        folders / "site" / "lumiere-cosmetics",
        folders / "clients" / client_path(SECRET, "lumiere-cosmetics"),
    ):
        page = (folder / "progress" / "index.html").read_text(encoding="utf-8")
        href = re.search(r'href="([^"]*-report-\d{4}-\d{2}\.pdf)"', page)
        assert href is not None, folder
        assert (folder / "progress" / href[1]).resolve().is_file()


def test_a_proposals_404_page_stands_alone(folders):
    page = (folders / "clients" / client_path(SECRET, "lumiere-cosmetics") / "404.html").read_text(
        encoding="utf-8"
    )
    assert 'href="/' not in page and 'src="/' not in page and "<style>" in page
    assert "ページが見つかりません" in page and "ルミエール" not in page
