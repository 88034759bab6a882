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
