"""Only a problem that changes the document fails a PDF; engine notices are reported."""

from __future__ import annotations

import dataclasses
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.print.pdf import PdfError, write_pdf
from tests.conftest import PROPOSALS, REPO, pdf_options, report_of, workspace_with

FALLBACK = "Using fontTools instead of HarfBuzz-Subset"


def without_harfbuzz(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.without_harfbuzz", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.fixture
def one_plan(tmp_path: Path) -> Path:
    # Subsetting CJK fonts with fontTools takes seconds a document: one proposal is enough.
    return workspace_with(tmp_path / "ws", ("mimosa-hair",))


def test_without_harfbuzz_subset_the_build_makes_every_pdf_and_says_why(one_plan):
    result = without_harfbuzz(one_plan, "build")
    assert result.returncode == 0, result.stderr
    for name in ("mimosa-hair.pdf", "mimosa-hair-deck.pdf"):
        assert (one_plan / "site" / "mimosa-hair" / name).read_bytes().startswith(b"%PDF")
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert any(FALLBACK in line and "mimosa-hair.yaml" in line for line in notes), result.stderr
    assert "Traceback" not in result.stderr


def test_without_harfbuzz_subset_the_pdf_command_succeeds_with_a_note(one_plan):
    result = without_harfbuzz(one_plan, "pdf", "mimosa-hair")
    assert result.returncode == 0, result.stderr
    assert (one_plan / "pdf" / "mimosa-hair.pdf").is_file()
    assert FALLBACK in result.stderr
    assert "PDF" not in result.stderr.replace("HarfBuzz", "")  # no progress bar outside a terminal


def test_a_notice_never_fails_a_pdf_but_an_error_does(tmp_path, monkeypatch):
    import weasyprint

    real = weasyprint.HTML.write_pdf
    level = {"value": logging.WARNING}

    def logging_write_pdf(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        logging.getLogger("weasyprint").log(level["value"], "Some engine notice: %s", "deprecated feature")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", logging_write_pdf)
    loaded = report_of(PROPOSALS / "mimosa-hair.yaml")
    notes: list[str] = []
    cached = dataclasses.replace(pdf_options(), cache_dir=tmp_path / "cache")
    target = write_pdf(loaded, tmp_path / "a.pdf", cached, notes)
    assert target.read_bytes().startswith(b"%PDF")
    assert any("Some engine notice: deprecated feature" in note for note in notes)
    # The same document again comes from the cache, and says the notice it left again.
    again: list[str] = []
    write_pdf(loaded, tmp_path / "a2.pdf", cached, again)
    assert (tmp_path / "a2.pdf").read_bytes() == target.read_bytes() and again == notes
    level["value"] = logging.ERROR
    with pytest.raises(PdfError, match="Some engine notice"):
        write_pdf(loaded, tmp_path / "b.pdf", dataclasses.replace(pdf_options(), cache_dir=None))
    assert not (tmp_path / "b.pdf").exists()
