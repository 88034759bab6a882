"""The canonical form of a plan: what a plan says, not how its file is written.

Two files that differ only in comments, key order, quoting or spacing have one canonical
form and one hash; any change to a value changes both. The hash names a sent version on
its PDF footer, its deck and its client page.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from generator.plans.model import Plan


def canonical_data(plan: Plan) -> dict[str, Any]:
    """The plan's values (the approval it may carry left out: approving a version does not
    change what was sent)."""
    return plan.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"approved"})


def canonical(plan: Plan) -> bytes:
    """The plan's values as sorted, compact JSON."""
    data = canonical_data(plan)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def plan_sha256(plan: Plan) -> str:
    return hashlib.sha256(canonical(plan)).hexdigest()


def short(digest: str) -> str:
    """The part of a hash printed on a page: 12 hex digits (48 bits) tell versions apart."""
    return digest[:12]
