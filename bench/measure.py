"""Run a command and measure it: wall time, peak memory of its whole process tree, and
how many `dot` processes and MkDocs builds it started.

Peak memory is the largest sum of PSS over the process and all its descendants, sampled
every few milliseconds; PSS splits pages that forked workers share, so a pool of workers
is not counted as N copies of its parent.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

INSTRUMENT = Path(__file__).with_name("instrument")


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    dot_processes: int | None = None
    mkdocs_builds: int | None = None
    stdout: str | None = None


def run(
    command: list[str],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    count: bool = False,
    capture: bool = False,
    ok: tuple[int, ...] = (0,),
) -> Measured:
    """Run ``command``; with ``count`` also count `dot` runs and MkDocs builds (not timed:
    the counting hooks cost a little start-up, so timed runs go without them)."""
    environment = {**os.environ, **(env or {})}
    counts = Path(tempfile.mkdtemp(prefix="bench-counts-")) if count else None
    if counts is not None:
        environment["BENCH_COUNT_DIR"] = str(counts)
        environment["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(INSTRUMENT), environment.get("PYTHONPATH")])
        )
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = _PeakSampler(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    if process.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}) in {cwd}:\n{stderr[-3000:]}")
    measured = Measured(seconds, sampler.peak_kb / 1024, stdout=stdout)
    if counts is not None:
        measured.dot_processes = _lines(counts / "dot")
        measured.mkdocs_builds = _lines(counts / "mkdocs")
    return measured


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


class _PeakSampler(threading.Thread):
    def __init__(self, root: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _tree(self.root)))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    """The process and its descendants, from the kernel's per-thread child lists (cheap
    enough to poll without slowing the two-core machine it measures)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in threads:
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    todo += [int(child) for child in f.read().split()]
            except OSError:
                continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_bytes(root: Path, *, skip_suffix: str | None = None) -> int:
    """Bytes on disk under ``root``, each hard-linked file counted once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in root.rglob("*"):
        if not path.is_file() or (skip_suffix and path.name.endswith(skip_suffix)):
            continue
        stat = path.stat()
        if (stat.st_dev, stat.st_ino) in seen:
            continue
        seen.add((stat.st_dev, stat.st_ino))
        total += stat.st_size
    return total
