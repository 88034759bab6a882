"""Numbers as strategists write them: ``1.2%``, ``0.012``, ``3,000,000`` or ``3000000``."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from generator.errors import say

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d{1,3})?$")
MAX_VALUE = 1e15
"""The largest number a plan may hold: a quadrillion (yen) leaves room for any real target."""
SMALLEST_VALUE = 1e-9
"""The smallest non-zero number: a rate below 0.0000001% means nothing in a plan."""


_TOO_LARGE = say("the number is larger than {limit:,.0f}, the largest a plan can hold", limit=MAX_VALUE)


@dataclass(frozen=True)
class Quantity:
    """A plan number; ``percent`` remembers that it was written with ``%``."""

    value: float
    percent: bool = False


def parse_quantity(raw: object) -> Quantity:
    """Read a YAML value as a number; raise ``ValueError`` with a readable reason."""
    if isinstance(raw, Quantity):
        return raw
    if isinstance(raw, bool) or raw is None:
        raise ValueError(say("expected a number such as 1500, 1.2% or 0.012"))
    if isinstance(raw, int) and abs(raw) > MAX_VALUE:
        raise ValueError(_TOO_LARGE)
    if isinstance(raw, int | float):
        value = float(raw)
        percent = False
    elif isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "")
        percent = text.endswith(("%", "％"))
        if percent:
            text = text[:-1]
        if not _NUMBER.match(text):
            raise ValueError(say("'{raw}' is not a number (write 1500, 1.2% or 0.012)", raw=raw))
        value = float(text.replace(",", ""))
        if percent:
            value /= 100
    else:
        raise ValueError(say("expected a number such as 1500, 1.2% or 0.012"))
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        raise ValueError(_TOO_LARGE)
    if value < 0:
        raise ValueError(say("the number must not be negative"))
    if 0 < value < SMALLEST_VALUE:
        raise ValueError(say("the number is too small to mean anything (below 0.0000001%)"))
    return Quantity(value, percent)
