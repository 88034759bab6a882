"""The gate: nothing with an error-level finding reaches a client.

Every command that makes something a client sees (a client or public build, the PDF, the
deck, the monthly report, a sent version) asks here first. Errors refuse the command before
any file is written, each listed as `proposals check` lists it; warnings are printed and let
through. A target with a stated ``basis:`` was already turned into a note by the doctor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from generator.analysis.findings import Finding
from generator.errors import GateError


@dataclass(frozen=True)
class Verdict:
    """What the gate says of one plan."""

    slug: str
    file: str
    findings: tuple[Finding, ...]
    language: str = "en"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def warning_lines(self) -> list[str]:
        return [f.line_in(self.file) for f in self.warnings]


Made = Literal["client_site", "public_site", "pdf", "deck", "monthly_report", "version"]
"""What the gate can refuse to make (each has its ``made_*`` label)."""


def gate(verdicts: Iterable[Verdict], what: Made) -> list[str]:
    """The warning lines to print; raises :class:`GateError` when any plan has an error.
    ``what`` names what is refused (``client_site``, ``public_site``, ``pdf``, ``deck``,
    ``monthly_report``, ``version``), said in the plans' language."""
    from generator.locale.labels import labels

    verdicts = list(verdicts)
    blocked = [v for v in verdicts if v.errors]
    if blocked:
        lines = [f.line_in(v.file) for v in blocked for f in v.errors]
        names = ", ".join(v.slug for v in blocked)
        count = sum(len(v.errors) for v in blocked)
        languages = {v.language for v in blocked}
        t = labels(languages.pop() if len(languages) == 1 else "en")
        lines.append(
            "proposals: "
            + t(
                "gate_refused" if count == 1 else "gate_refused_many",
                what=t.of("made", what),
                names=names,
                count=count,
            )
        )
        raise GateError("\n".join(lines))
    return [line for v in verdicts for line in v.warning_lines()]
