"""`make bench-quick`: the build figures of `make bench` at 10 and 100 plans, in a few
minutes, and a guard: it fails when a figure is more than a quarter worse than its goal, so
a change that slows builds cannot land unseen. The figures come from the same measurements
as the full run (bench/run.py); the full run alone writes bench/results.json.

A goal not reached yet is guarded by the figure the last full run recorded instead (a
ratchet): what main achieves may not slip by more than a quarter, and the guard tightens
by itself as results.json is renewed, up to the goal."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.run import (
    WORK,
    Figure,
    Report,
    add_overheads,
    measure_check,
    measure_rebuilds,
    measure_single_site,
    measure_size,
)

RESULTS = Path(__file__).with_name("results.json")
SLACK = 1.25
"""How much worse than its goal a figure may come out before the guard fails: a shared
machine's timings wander by about a tenth from run to run, a slowdown by more."""


def recorded() -> dict[str, float]:
    """The figures of the last full run (bench/results.json), by key; none when unreadable."""
    try:
        data = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: float(v) for k, v in data.items() if isinstance(v, (int, float))}


def reference(figure: Figure, last: dict[str, float]) -> float | None:
    """What ``figure`` is held to: its goal, or the last full run's figure where that is worse."""
    if not figure.target:
        return None
    op, limit = figure.target.split(" ", 1)
    goal = float(limit)
    before = last.get(figure.key)
    if before is None:
        return goal
    return max(goal, before) if op == "≤" else min(goal, before)


def guard(figure: Figure, last: dict[str, float]) -> bool:
    """True when ``figure`` is within :data:`SLACK` of what it is held to (or has no goal)."""
    held = reference(figure, last)
    if held is None:
        return True
    if figure.target.startswith("≤"):
        return figure.value <= held * SLACK if held > 0 else figure.value <= held
    return figure.value >= held / SLACK


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    report = Report()
    builds = {count: measure_size(report, count) for count in (10, 100)}
    hundred = builds[100]
    add_overheads(report, hundred)
    measure_rebuilds(report, 100)
    measure_single_site(report, 100, hundred)
    measure_check(report, 10, 100)
    last = recorded()
    print(f"\n`make bench-quick` in {time.monotonic() - started:.0f} s; a figure fails when more than")
    print(f"{SLACK - 1:.0%} worse than its goal (or than the last full run, for a goal not yet met):")
    width = max(len(f.label) for f in report.figures)
    slipped = []
    for f in report.figures:
        fine = guard(f, last)
        slipped += [] if fine else [f.label]
        mark = "" if not f.target else ("ok" if f.ok else ("held" if fine else "SLIPPED"))
        held = reference(f, last)
        against = f" (held to {held:.2f})" if mark == "held" and held is not None else ""
        print(f"  {f.label:<{width}}  {f.value:>10.2f} {f.unit:<2}  goal {f.target:<10} {mark}{against}")
    if slipped:
        print(f"\nbench-quick: {len(slipped)} figure(s) slipped: {'; '.join(slipped)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
