"""One Graphviz process per build process, drawing diagram after diagram.

Starting `dot` costs 13 ms (it loads its plugins and fontconfig's view of the CJK fonts);
drawing a KPI tree costs under 2. A cold build of 100 proposals drew each tree in its own
process, so most of its diagram time was start-up. `dot` reads graph after graph from its
input and writes each drawing as soon as the graph is complete, so one process, kept for
the life of the build process, serves them all.

One thing differs: from its second graph on, `dot` names the drawing's outer group after the
page the previous graph ended on (``<g id="page0,1_tree"``); that prefix is taken off again.
The second drawing of every process is also drawn alone and compared: if a Graphviz draws
differently when it serves, the process is not used again and every drawing is made alone.

Anything unusual (no `dot`, a process that died, a drawing that does not end as an SVG does,
a slow answer) ends the process and returns None: the caller then draws alone, as before,
and says why in its own words. A forked worker never writes into its parent's process; it
starts its own.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import selectors
import shutil
import subprocess
import time
from collections.abc import Callable

_END = b"</svg>\n"
_TIMEOUT = 60.0

_PAGE_PREFIX = re.compile(rb'<g id="page\d+,\d+_')

_process: subprocess.Popen[bytes] | None = None
_served = 0
"""Drawings the kept process made; its first carries no page prefix."""
_trusted: bool | None = None
"""Whether this process's second drawing equalled the same drawing made alone (None: not
compared yet)."""


def draw_svg(dot: str, alone: Callable[[str], str]) -> str | None:
    """The SVG `dot -Tsvg` writes for ``dot``, or None when the kept process cannot say.
    ``alone`` draws one graph in a process of its own (the check of the second drawing)."""
    global _served, _trusted
    if _trusted is False:
        return None
    drawn = _serve(dot)
    if drawn is None:
        return None
    if _served:
        drawn = _PAGE_PREFIX.sub(b'<g id="', drawn, count=1)
    _served += 1
    text = drawn.decode("utf-8")
    if _served == 2 and _trusted is None:
        _trusted = text == alone(dot)
        if not _trusted:
            _stop()
            return None
    return text


def _serve(dot: str) -> bytes | None:
    global _process
    try:
        process = _process or _start()
        if process is None or process.stdin is None or process.stdout is None:
            return None
        _process = process
        process.stdin.write(dot.encode("utf-8") + b"\n")
        process.stdin.flush()
        drawn = _read_document(process)
    except (OSError, ValueError):
        drawn = None
    if drawn is None:
        _stop()
    return drawn


def _start() -> subprocess.Popen[bytes] | None:
    executable = shutil.which("dot")
    if executable is None:
        return None
    # Its warnings are not read while it draws (a full pipe would stall it); a failed drawing
    # is drawn again alone, which reports them.
    return subprocess.Popen(
        [executable, "-Tsvg"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )


def _read_document(process: subprocess.Popen[bytes]) -> bytes | None:
    assert process.stdout is not None
    fd = process.stdout.fileno()
    chunks: list[bytes] = []
    deadline = time.monotonic() + _TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:  # the process ended (a graph it could not read)
                return None
            chunks.append(chunk)
            if chunk.endswith(_END) or (len(chunks) > 1 and b"".join(chunks[-2:]).endswith(_END)):
                return b"".join(chunks)


def _stop() -> None:
    global _process, _served
    process, _process, _served = _process, None, 0
    if process is None:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        process.kill()
        process.wait(timeout=5)
    for pipe in (process.stdin, process.stdout):
        with contextlib.suppress(OSError, ValueError):
            if pipe is not None:
                pipe.close()


def _forget_in_child() -> None:
    """A forked worker holds copies of the parent's pipes: it closes them, never uses them."""
    global _process, _served
    process, _process, _served = _process, None, 0
    if process is not None:
        for pipe in (process.stdin, process.stdout):
            with contextlib.suppress(OSError, ValueError):
                if pipe is not None:
                    pipe.close()
        process.returncode = 0  # not ours to wait for


os.register_at_fork(after_in_child=_forget_in_child)
atexit.register(_stop)
