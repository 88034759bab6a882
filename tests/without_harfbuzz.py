"""Run `proposals` as on a machine without libharfbuzz-subset0 (WeasyPrint falls back to
fontTools and logs a notice): ``python -m tests.without_harfbuzz ARGS…``."""

from __future__ import annotations

import sys
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from weasyprint.pdf import fonts

fonts.harfbuzz_subset = None  # what WeasyPrint sets when the library cannot be loaded

from generator.cli import main  # noqa: E402

main(sys.argv[1:], prog_name="proposals")
