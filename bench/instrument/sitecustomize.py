"""Counts MkDocs builds for `make bench` (on PYTHONPATH only in the bench's counting runs)."""

import os

if os.environ.get("BENCH_COUNT_DIR"):
    import mkdocs.commands.build as _build

    _real_build = _build.build

    def _counting_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        with open(os.path.join(os.environ["BENCH_COUNT_DIR"], "mkdocs"), "a") as log:
            log.write("build\n")
        return _real_build(*args, **kwargs)

    _build.build = _counting_build
