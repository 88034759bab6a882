"""Run `proposals` and kill -9 it just before its Nth step of writing an output folder.

A step is a rename of a swap or an atomic write (manifest, journal) in
:mod:`generator.output.folder`. ``python -m tests.killer N ARGS…``; N = 0 counts the steps
instead and prints them on stderr as ``steps: K`` when the command ends.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys

from generator.output import folder as output

limit = int(sys.argv[1])
steps = 0


def _counted(real):  # type: ignore[no-untyped-def]
    def step(*args, **kwargs):  # type: ignore[no-untyped-def]
        global steps
        steps += 1
        if steps == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    return step


output.rename = _counted(output.rename)
output.write_atomic = _counted(output.write_atomic)
if limit == 0:
    atexit.register(lambda: print(f"steps: {steps}", file=sys.stderr))

from generator.cli import main  # noqa: E402

main(sys.argv[2:], prog_name="proposals")
