"""Run `proposals` and kill -9 it just before its Nth step of writing an output folder.

A step is a rename or an exchange of a swap, or an atomic write (manifest, journal,
scratch register) in :mod:`generator.output`. ``python -m tests.killer N ARGS…``; N = 0
counts the steps instead and prints them on stderr as ``steps: K`` when the command ends.
With ``KILLER_CHECK`` set to a folder, each step first runs ``python -m tests.served_check``
on it, which fails the run (exit 3) when the folder does not serve whole sites.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys

from generator.output import folder, swap

limit = int(sys.argv[1])
steps = 0
check = os.environ.get("KILLER_CHECK")


def _counted(real):  # type: ignore[no-untyped-def]
    def step(*args, **kwargs):  # type: ignore[no-untyped-def]
        global steps
        steps += 1
        if check:
            from tests.served import problems

            found = problems(check)
            if found:
                print(f"step {steps}: {found}", file=sys.stderr)
                os._exit(3)
        if steps == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    return step


swap.rename = _counted(swap.rename)
swap.exchange = _counted(swap.exchange)
folder.write_atomic = _counted(folder.write_atomic)
swap.write_atomic = _counted(swap.write_atomic)
if limit == 0:
    atexit.register(lambda: print(f"steps: {steps}", file=sys.stderr))

from generator.cli import main  # noqa: E402

main(sys.argv[2:], prog_name="proposals")
