"""One cell of an export, as a number: ``1,234``, ``1.2K``, ``1.2万``, ``12%``; ``-``,
``undefined`` and blanks are missing (never zero)."""

from __future__ import annotations

import math
import re

MAX_VALUE = 1e15
"""Larger than any count or sum of money an account's export holds (a 400-digit "count" is
damage, and would print as infinity and break every calculation after it)."""
MISSING = frozenset({"", "-", "—", "–", "undefined", "n/a", "na", "null", "none", "--"})
_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9, "万": 1e4, "億": 1e8, "千": 1e3}
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([kKmMbB万億千]?)\s*(%?)$")


class CellError(ValueError):
    """A cell that is neither a number nor a known way of saying 'no data'."""


def number(cell: str, *, signed: bool = False) -> float | None:
    """The cell's number (a rate for ``12%``), or None when the export says there is none.
    Only a ``signed`` column (a day's change in followers) may go below zero."""
    if cell.isascii() and cell.isdigit() and len(cell) <= 15:  # most cells: a plain count, read fast
        return float(cell)
    text = cell.strip().replace("\u00a0", "").replace("，", ",").replace("％", "%")
    if text.lower() in MISSING:
        return None
    found = _NUMBER.match(text)
    if found is None:
        raise CellError(f"'{cell[:40]}' is not a number")
    sign, whole, fraction, scale, percent = found.groups()
    value = float(whole.replace(",", "") + (f".{fraction}" if fraction else ""))
    value *= _SCALES.get(scale.lower() if scale.isascii() else scale, 1.0)
    if percent:
        value /= 100
    if not math.isfinite(value) or value > MAX_VALUE:
        raise CellError(f"'{cell[:40]}' is larger than any figure an export holds")
    if sign == "-" and signed:
        return -value
    if sign == "-":
        raise CellError(f"'{cell[:40]}' is negative; an export never counts below zero")
    return value
