"""Worker processes for the work a build spreads out (one site, one PDF per worker), with
their start method named rather than left to the platform's default.

``fork`` is taken where the platform has it: a forked worker starts with everything this
process has loaded (plans, templates, WeasyPrint), which is most of a small job's cost.
Elsewhere — and whenever ``PROPOSALS_START_METHOD`` asks (``forkserver`` is Python 3.14's
default on Linux) — workers start empty and every job carries what it needs.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from generator.errors import ConfigError

START_METHOD_ENV = "PROPOSALS_START_METHOD"


def start_method() -> str:
    available = multiprocessing.get_all_start_methods()
    chosen = os.environ.get(START_METHOD_ENV)
    if chosen:
        if chosen not in available:
            ways = ", ".join(available)
            raise ConfigError(f"{START_METHOD_ENV}={chosen}: this system starts processes by {ways}")
        return chosen
    return "fork" if "fork" in available else "spawn"


def process_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(start_method()))
