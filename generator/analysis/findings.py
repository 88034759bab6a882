"""The doctor's unit of output: one finding about one place in a plan."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    path: str
    line: int
    message: str
    hint: str = ""

    def as_json(self) -> dict[str, object]:
        return asdict(self)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, SEVERITY_ORDER[self.severity], self.rule)

    def line_in(self, file: str, label: str | None = None) -> str:
        """The finding as every command prints it: ``file:line: severity rule: message (hint)``.
        ``label`` replaces the severity and rule (the terminal colours them)."""
        line = f"{file}:{self.line}: {label or f'{self.severity} {self.rule}'}: {self.message}"
        return f"{line} ({self.hint})" if self.hint else line
