"""Sent versions beside a client's live pages, laid out as mike lays out versions: each in
its own folder (``v1/``, ``v2/`` …) as it was sent, and ``versions.json`` above them for the
version selector Material and Zensical read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.versions.store import SITE_FOLDER, Versions, mike_versions


def add_sent_versions(root: Path, slug: str, site: Path) -> list[str]:
    """Copy each sent version's pages into ``site`` (checked against its record first: a
    version changed after it was sent refuses the build); the names of the folders added."""
    versions = Versions(root, slug)
    sent = versions.sent()
    if not sent:
        return []
    for version in sent:
        version.verify()
    language = sent[-1].plan().plan.language
    for version in sent:
        source = version.folder / SITE_FOLDER
        if source.is_dir():
            shutil.copytree(source, site / version.name, symlinks=False)
    text = json.dumps(mike_versions(sent, language), ensure_ascii=False, indent=2) + "\n"
    (site / "versions.json").write_text(text, encoding="utf-8")
    return [v.name for v in sent]
