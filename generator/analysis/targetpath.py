"""The month-by-month path from the KGI's baseline to its target.

Accounts grow slowly at first and faster later, so the default path follows a
quadratic ease-in: after a fraction ``x`` of the months, ``x²`` of the growth is
expected (a quarter of it at the halfway mark). ``kgi.curve: linear`` opts out.
After the deadline the path holds the target until the plan's period ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.plans.model import Plan
from generator.plans.values import Month


@dataclass(frozen=True)
class PathPoint:
    month: Month
    value: float
    share: float
    """Share of the planned growth reached by the end of this month (0–1)."""


def target_path(plan: Plan, *, whole: bool = False) -> list[PathPoint]:
    """The path; ``whole`` rounds every month to a whole number (a count: 16 demo requests,
    not 15.45). Rounding a non-decreasing path keeps it non-decreasing, and the first and
    last months stay the baseline's growth and the target."""
    kgi = plan.kgi
    if kgi is None or kgi.target is None or plan.period is None:
        return []
    start = plan.period.start
    last = plan.period.end
    deadline = kgi.by if kgi.by and kgi.by >= start else last
    steps = deadline.index() - start.index() + 1
    baseline = kgi.baseline.value if kgi.baseline else 0.0
    target = kgi.target.value
    points = []
    for i in range(max(last.index(), deadline.index()) - start.index() + 1):
        x = min(1.0, (i + 1) / steps)
        share = x if kgi.curve == "linear" else x * x
        value = baseline + (target - baseline) * share
        points.append(PathPoint(start.plus(i), float(round(value)) if whole else value, share))
    return points
