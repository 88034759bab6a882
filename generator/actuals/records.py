"""What reading an actuals folder yields: figures by month and node, the files read, and
every file and row that could not be, with its reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.knowledge import knowledge
from generator.plans.values import Month


@dataclass(frozen=True)
class Origin:
    """Where a figure came from: the file, the table in it, the account, the days, the rows."""

    file: str
    table: str
    account: str
    first: dt.date | None
    last: dt.date | None
    rows: int
    name: str = ""
    """The table's own name in the files list (``file.csv#2`` for a file's second table)."""

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "table": self.table,
            "account": self.account,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "rows": self.rows,
        }


@dataclass(frozen=True)
class Post:
    """One post as its platform's per-post download tells it: for the month's top and bottom."""

    platform: str
    day: dt.date
    values: dict[str, float]
    caption: str = ""
    kind: str = ""
    link: str = ""
    file: str = ""


@dataclass(frozen=True)
class Observation:
    month: Month
    key: str
    """The node key: ``metric`` or custom ``id``, with ``@platform`` when it names one, or a
    tree node's place key (a row typed under the node's own label)."""
    value: float
    source: str
    """``manual``, or ``imported`` from a platform export."""
    file: str
    """The file (or files, comma-separated) the figure came from."""
    line: int
    origins: tuple[Origin, ...] = ()
    days: tuple[int, int] | None = None
    """(days covered, days in the month) when the figure covers part of the month only."""


@dataclass
class FileInfo:
    file: str
    format: str
    platform: str | None
    rows: int
    first: Month | None = None
    last: Month | None = None
    note: str = ""
    """What the reader did beyond reading: a dimension summed over, a range used, a cut-off list."""


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str
    """Said in the plan's language."""


@dataclass
class Read:
    files: list[FileInfo] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unused: list[FileInfo] = field(default_factory=list)
    """Recognised files that hold no monthly figure (TikTok's follower activity…)."""
    unplaced: list[tuple[str, int, str, str, str]] = field(default_factory=list)
    """Manual rows that could not be placed: (file, line, what the row says, reason key, detail)."""
    notes: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    """(rule, message, values) the reading itself found: a retired column, another account."""
    posts: list[Post] = field(default_factory=list)
    """Every post of the plan's own accounts the per-post downloads hold (latest copy)."""
    set_aside: dict[str, str] = field(default_factory=dict)
    """Tables none of whose figures was used, another source giving them: table → that source."""

    @property
    def nothing_read(self) -> bool:
        """Files were there, and not one figure of them could be read."""
        return bool(self.skipped or self.unplaced) and not self.observations and not self.unused

    def problems(self, language: str) -> list[str]:
        """Every file and row not read, one line each, in the plan's language."""
        lines = [f"{s.file}: {s.reason}" for s in self.skipped]
        for file, line, said, key, detail in self.unplaced:
            lines.append(f"{file}:{line}: {row_reason(key, language, said, detail)}")
        return lines


def row_reason(key: str, language: str, said: str, detail: str) -> str:
    """Why a manual row was not placed, in the plan's language."""
    template = knowledge().exports.reasons[key]
    return template(language).format(said=said, detail=detail)
