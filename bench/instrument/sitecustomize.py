"""Counts engine builds and `dot` processes for `make bench` (on PYTHONPATH only in the
bench's counting runs).

Nothing the measured command reads is changed: the engine is the one `proposals` picks
(ProperDocs when installed) and `dot` is the installed one, found on the same PATH, so a
counting run builds exactly what a timed run builds.
"""

import os
import subprocess

if os.environ.get("BENCH_COUNT_DIR"):
    from generator.engine import use_engine

    use_engine()
    import mkdocs.commands.build as _build

    def _log(name: str) -> None:
        with open(os.path.join(os.environ["BENCH_COUNT_DIR"], name), "a") as log:
            log.write(f"{name}\n")

    _real_build = _build.build

    def _counting_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        _log("mkdocs")
        return _real_build(*args, **kwargs)

    _build.build = _counting_build

    _real_init = subprocess.Popen.__init__

    def _counting_init(self, args, *rest, **kwargs):  # type: ignore[no-untyped-def]
        program = args[0] if isinstance(args, list | tuple) and args else args
        if os.path.basename(os.fsdecode(program)) == "dot":
            _log("dot")
        _real_init(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = _counting_init  # type: ignore[method-assign]
