"""Pictures a plan places on its pages and slides (``images:``), read once and checked.

A picture is plan input like any other: it must be a real PNG, JPEG, GIF or WebP (read back
by Pillow, not judged by its name), at most 5 MB and 40 megapixels, a plain file inside the
plan's workspace (no link on the way). Pages carry it inline (a data: URL, so the PDF, a
protected site and every host get the same bytes); the deck places the same bytes.
"""

from __future__ import annotations

import base64
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from generator.analysis.report import PlanReport
from generator.errors import UserError
from generator.inputs.reader import InputError, Reader

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
KINDS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


class ImageError(UserError):
    exit_code = 2


@dataclass(frozen=True)
class Picture:
    data: bytes
    mime: str
    width: int
    height: int
    alt: str

    @property
    def data_url(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def read_pictures(report: PlanReport, reader: Reader) -> dict[str, list[Picture]]:
    """The plan's pictures by where they go (cover, persona, content, situation)."""
    loaded = report.loaded
    if loaded is None or not loaded.plan.images:
        return {}
    folder = Path(loaded.file).parent
    found: dict[str, list[Picture]] = {}
    for i, image in enumerate(loaded.plan.images):
        line = loaded.line(("images", i, "path"))
        where = f"{loaded.file}:{line}: images[{i}].path"
        found.setdefault(image.where, []).append(_read(reader, folder, image.path, image.alt, where))
    return found


def _outside(relative: str) -> bool:
    return relative == ".." or relative.startswith(f"..{os.sep}")


def _read(reader: Reader, folder: Path, name: str, alt: str, where: str) -> Picture:
    from PIL import Image, UnidentifiedImageError

    # Inside the plan's folder, or beside it in the workspace (../assets/shop.png); the
    # folders the plans sit in are the workspace's own, links or not.
    wanted = os.path.normpath(folder / name)
    base = folder if not _outside(os.path.relpath(wanted, folder)) else folder.parent
    inside = os.path.relpath(wanted, base)
    if os.path.isabs(name) or _outside(inside):
        raise ImageError(f"{where}: {name} lies outside the workspace or is a link; copy the picture in")
    try:
        data = reader.read(base, inside, MAX_BYTES, "a picture")
    except InputError as exc:
        reason = str(exc).split(": ", 1)[-1]
        raise ImageError(f"{where}: {name}: {reason}") from None
    if data is None:
        raise ImageError(f"{where}: no picture at {name} (paths are relative to the plan's folder)")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it, and the limit is a global
            # setting: the size is judged here, before anything is decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                kind = picture.format or ""
                width, height = picture.size
                if width * height > MAX_PIXELS:
                    raise ImageError(
                        f"{where}: {name} is {width} × {height} pixels ({width * height / 1e6:.0f} "
                        f"megapixels); save a copy of at most {MAX_PIXELS // 1_000_000} megapixels"
                    )
                picture.verify()
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ImageError(
            f"{where}: {name} is not a PNG, JPEG, GIF or WebP picture that can be read"
        ) from None
    if kind not in KINDS:
        raise ImageError(f"{where}: {name} is {kind or 'no known format'}; use PNG, JPEG, GIF or WebP")
    return Picture(data, KINDS[kind], width, height, alt)
