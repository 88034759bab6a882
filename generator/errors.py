"""Errors a user can cause, carried as data until the boundary prints them."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path

KeyPath = tuple[str | int, ...]
"""Where a value sits in a plan: its keys and list indexes, e.g. ("kpi_tree", "children", 0)."""


def shown(path: Path) -> str:
    """A path as the user typed it: relative to the current directory when inside it."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """Text for a terminal line: control characters (ESC, BEL, CR, bidi overrides) shown as
    escapes, so plan or export text can neither move the cursor nor forge output."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def system_problem(exc: OSError) -> str:
    """What the operating system refused, in one line that names the file."""
    where = shown(Path(exc.filename)) if isinstance(exc.filename, str | Path) else "a file"
    if exc.errno == errno.ENOSPC:
        return f"no space left on the disk while writing {where}; free some space and run the command again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{where}: permission denied; make it readable (and writable where output goes)"
    if exc.errno == errno.EROFS:
        return f"{where}: the file system is read-only"
    return f"{where}: {exc.strerror or exc}"


class UserError(Exception):
    """A problem the user can fix; the message is meant for them, one line per problem.

    Every command prints it as it is (``proposals: …`` when it names no plan) and exits 1;
    a plan that cannot be read exits 2. Never a traceback.
    """

    exit_code = 1


class OutputError(UserError):
    """An output folder that a build must not write, or cannot."""


class BuildError(UserError):
    """A build that cannot go ahead (the engine stopped, a plugin is missing)."""


class PdfError(UserError):
    """WeasyPrint could not make a faithful PDF; the message says what was missing."""


class DiagramError(UserError):
    """Graphviz is missing or failed; the message says how to fix it."""


class SecretError(UserError):
    """No usable client secret."""


class PreviewError(UserError):
    """The preview cannot start (a busy address, no mkdocs.yml)."""


class ConfigError(UserError):
    """A workspace setting (mkdocs.yml) the generator cannot use."""


class ActualsError(UserError):
    """An export or comment in ``actuals/`` that cannot be read or recognised."""

    exit_code = 2


class GateError(UserError):
    """A plan with an error-level finding was about to reach a client. Its lines are the
    findings themselves (``file:line: error rule: message``) and a last line that says what
    was refused."""

    exit_code = 2


class StarterError(UserError):
    """A starter plan that cannot be written (a bad name, a file already there)."""


class Said(str):
    """A message in English that remembers the template and values it was made from, so
    that it can be said again in the plan's language (``generator/plans/messages.yaml``)."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, values: dict[str, object]) -> Said:
        said = super().__new__(cls, template.format(**values))
        said.template, said.values = template, values
        return said


def say(template: str, /, **values: object) -> Said:
    """``say("unknown key '{key}'", key=k)``: the English text, translatable later."""
    return Said(template, values)


@dataclass(frozen=True, order=True)
class Location:
    """1-based line and column in a plan file."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan file, pinned to where it is."""

    location: Location
    path: KeyPath
    message: str
    hint: str = ""

    @property
    def dotted(self) -> str:
        return dotted(self.path)

    def format(self, file: str) -> str:
        """The one-line form: ``file:line:col: path: message (hint)``."""
        where = f"{file}:{self.location.line}:{self.location.column}"
        what = f"{self.dotted}: {self.message}" if self.path else self.message
        return f"{where}: {what} ({self.hint})" if self.hint else f"{where}: {what}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.dotted,
            "line": self.location.line,
            "column": self.location.column,
            "message": self.message,
            "hint": self.hint,
        }


class PlanError(UserError, ValueError):
    """A plan that cannot be read; holds every problem found, in file order."""

    exit_code = 2

    def __init__(self, problems: list[Problem], file: str = "") -> None:
        self.problems = sorted(problems, key=lambda p: p.location)
        self.file = file
        super().__init__(self.lines()[0] if self.problems else "invalid plan")

    def lines(self) -> list[str]:
        return [p.format(self.file or "<plan>") for p in self.problems]

    def for_file(self, file: str) -> PlanError:
        return PlanError(self.problems, file)


class PlanErrors(UserError):
    """Several plans that cannot be read: one line per problem, file by file."""

    exit_code = 2

    def __init__(self, errors: list[PlanError]) -> None:
        self.errors = errors
        super().__init__("\n".join(line for e in errors for line in e.lines()))


def dotted(path: tuple[str | int, ...]) -> str:
    """``("kpi_tree", "children", 0, "target")`` → ``kpi_tree.children[0].target``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
