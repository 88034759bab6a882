"""What a host would serve from an output folder right now: whole sites, or what is missing.

Used between the steps of a killed build (tests.killer) and after it: at no moment may the
folder lack a site's page, the home page or its assets.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HOME_PARTS = ("index.html", "404.html", "assets", "search", "guide")
PROPOSAL_PARTS = ("index.html", "kpi/index.html")


def problems(folder: str | Path) -> str:
    """'' when the folder serves whole sites, else what is missing."""
    root = Path(folder)
    manifest = root / ".proposals-build.json"
    if not manifest.is_file():
        return "" if not root.exists() else "no manifest"
    sites = json.loads(manifest.read_text(encoding="utf-8"))["sites"]
    missing = []
    for name, site in sites.items():
        for entry in site["entries"]:
            if not os.path.lexists(root / entry):
                missing.append(f"{name}:{entry}")
        if name == "_home":
            missing += [f"home:{p}" for p in HOME_PARTS if not (root / p).exists()]
        elif name not in ("_root", "_hosting"):  # the top-level files of a folder, not a site
            missing += [f"{name}:{p}" for p in PROPOSAL_PARTS if not (root / name / p).exists()]
    return ", ".join(missing)
