"""`make bench-quick`: the build figures of `make bench` at 10 and 100 plans, in a few
minutes, and a guard: it fails when a figure is more than a quarter worse than its goal, so
a change that slows builds cannot land unseen. The figures come from the same measurements
as the full run (bench/run.py); the full run alone writes bench/results.json."""

from __future__ import annotations

import sys
import time

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

SLACK = 1.25
"""How much worse than its goal a figure may come out before the guard fails: a shared
machine's timings wander by about a tenth from run to run, a slowdown by more."""


def guard(figure: Figure) -> bool:
    """True when ``figure`` is within :data:`SLACK` of its goal (or has none)."""
    if not figure.target:
        return True
    op, limit = figure.target.split(" ", 1)
    goal = float(limit)
    if op == "≤":
        return figure.value <= goal * SLACK if goal > 0 else figure.value <= goal
    return figure.value >= goal / SLACK


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
    print(f"\n`make bench-quick` in {time.monotonic() - started:.0f} s; a figure fails when more than")
    print(f"{SLACK - 1:.0%} worse than its goal:")
    width = max(len(f.label) for f in report.figures)
    slipped = []
    for f in report.figures:
        fine = guard(f)
        slipped += [] if fine else [f.label]
        mark = "" if not f.target else ("ok" if f.ok else ("near" if fine else "SLIPPED"))
        print(f"  {f.label:<{width}}  {f.value:>10.2f} {f.unit:<2}  goal {f.target:<10} {mark}")
    if slipped:
        print(f"\nbench-quick: {len(slipped)} figure(s) slipped: {'; '.join(slipped)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
