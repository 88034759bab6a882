"""One build's view of the workspace's files besides its plans, read through one reader.

Rendering is handed an :class:`Inputs` and asks it for data — a plan's pictures, its
actuals, a month's comment, the deck's logo and template — and never opens a file of its
own (tests/test_architecture.py holds it to that). Each file is read once a build, through
:class:`Reader`, and recorded with its digest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.actuals.report import Tracked, tracked
from generator.analysis.report import PlanReport
from generator.errors import shown
from generator.inputs.comments import COMMENT_BYTES, Said, comment_name, draft_state
from generator.inputs.pictures import Picture, read_pictures
from generator.inputs.reader import ABSENT, Reader, folder_key, folder_state
from generator.plans.values import Month
from generator.settings import Paths

LOGO_BYTES = 5 * 1024 * 1024
TEMPLATE_BYTES = 50 * 1024 * 1024


@dataclass
class Inputs:
    """What a build may read besides its plans. ``actuals`` None: this build shows no actuals
    (a public one) and reads none."""

    actuals: Path | None = None
    date_order: str | None = None
    """How to read dates like 1/7/2027 that an export cannot settle, unless its folder says."""
    deck_logo: Path | None = None
    deck_template: Path | None = None
    reader: Reader = field(default_factory=Reader)
    _pictures: dict[str, dict[str, list[Picture]]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, paths: Paths, date_order: str | None, *, actuals: bool = True) -> Inputs:
        """A workspace's inputs; ``actuals`` False for a build that must show none (public)."""
        return cls(paths.actuals if actuals else None, date_order, paths.deck_logo, paths.deck_template)

    @property
    def shows_actuals(self) -> bool:
        return self.actuals is not None

    def pictures(self, report: PlanReport) -> dict[str, list[Picture]]:
        """The plan's pictures by where they go; read and checked once a build."""
        if report.file not in self._pictures:
            self._pictures[report.file] = read_pictures(report, self.reader)
        return self._pictures[report.file]

    def has_actuals(self, slug: str) -> bool:
        """Whether the proposal has an actuals folder (a link is none); its state is recorded."""
        if self.actuals is None:
            return False
        return self._state(slug) != ABSENT

    def _state(self, slug: str) -> str:
        """The state of the proposal's actuals folder, taken once a build and recorded."""
        assert self.actuals is not None
        folder = self.actuals / slug
        name = folder_key(folder)
        if name not in self.reader.record:
            self.reader.record[name] = folder_state(folder)
        return self.reader.record[name]

    def tracked(self, report: PlanReport) -> Tracked | None:
        """The plan's actuals (None when this build shows none or the plan has no folder)."""
        if self.actuals is None or not self.has_actuals(report.slug):
            return None
        return tracked(report, self.actuals / report.slug, self.date_order, self._state(report.slug))

    def folder_name(self, slug: str) -> str:
        """The proposal's actuals folder, as messages name it."""
        return shown(self.actuals / slug) if self.actuals is not None else slug

    def comment(self, slug: str, month: Month) -> Said:
        """The agency's comment on a month, as its file says it (empty without one)."""
        if self.actuals is None:
            return Said()
        folder = self.actuals / slug
        data = self.reader.read(folder, comment_name(month), COMMENT_BYTES, "a comment")
        if data is None:
            return Said()
        text, draft, untouched = draft_state(data.decode("utf-8", "replace"))
        return Said(text, draft, untouched, shown(folder / comment_name(month)))

    def logo(self) -> bytes | None:
        return self._file(self.deck_logo, LOGO_BYTES, "the deck's logo")

    def template(self) -> bytes | None:
        return self._file(self.deck_template, TEMPLATE_BYTES, "the deck's template")

    def _file(self, path: Path | None, limit: int, what: str) -> bytes | None:
        if path is None:
            return None
        return self.reader.read(path.parent, path.name, limit, what)
