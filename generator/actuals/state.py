"""The state of a proposal's actuals folder, as a build records it: kept apart from the
readers of the exports so that a rebuild can ask whether the folder moved on without
loading them."""

from __future__ import annotations

import hashlib
from pathlib import Path


def folder_digest(folder: Path) -> str:
    """Names, sizes and modification times of everything in the folder (comments included):
    what decides whether a site that shows actuals must be built again."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = path.stat()
            digest.update(f"{path.relative_to(folder)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()
