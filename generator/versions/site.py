"""What a build shows of each proposal's sent versions: the version line on its pages and
documents, draft/sent/approved on the agency's home, the client's "What changed" page, the
approved plan that progress is measured against, and the months held for review."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.analysis.report import PlanReport, analyse
from generator.inputs.versioned import Versioned, VersionNote
from generator.locale.labels import labels
from generator.settings import Settings
from generator.versions.canonical import plan_sha256, short
from generator.versions.diff import diff_text, plan_diff
from generator.versions.store import Held, SentVersion, Versions


def stamp(version: SentVersion, language: str) -> str:
    return labels(language)("version_stamp", version=version.name, hash=short(version.plan_sha256))


def pending_stamp(number: int, digest: str, language: str) -> str:
    """The line of a version being sent (its record is written once its files are)."""
    return labels(language)("version_stamp", version=f"v{number}", hash=short(digest))


@dataclass(frozen=True)
class Sending:
    """The version `proposals send` is making: its record is written after its files, so its
    pages are told what they are."""

    stamp: str
    note: str
    date: str

    @property
    def name(self) -> str:
        """The version's folder name (v3): the stamp's first word in English, its start in
        Japanese, where 「v3(計画ハッシュ …)」 has no space to split at."""
        found = re.match(r"v\d+", self.stamp)
        return found.group(0) if found else self.stamp.split(" ", 1)[0]


def versioned(
    root: Path, report: PlanReport, *, history: bool = True, sending: Sending | None = None
) -> Versioned:
    """What rendering needs of one proposal's versions (nothing for a plan never sent)."""
    versions = Versions(root, report.slug)
    held = tuple(Held(versions).months())
    sent = versions.sent()
    for version in sent:  # every build shows them, so every build checks them first
        version.verify(report.plan.language)
    plan = report.plan
    pending = (report, sending) if sending else None
    if not sent:
        if sending is None:
            return Versioned(status="draft", held=held)
        return Versioned(
            stamp=sending.stamp, status="sent", history=notes([], plan.language, pending), held=held
        )
    digest = plan_sha256(plan)
    match = versions.matching(digest)
    approved_number = versions.approved(plan.approved)
    approved = None
    if approved_number is not None:
        approved_version = versions.get(approved_number)
        approved = report if approved_version.plan_sha256 == digest else analyse(approved_version.plan())
    line = sending.stamp if sending else (stamp(match, plan.language) if match else "")
    return Versioned(
        stamp=line,
        approved_name=f"v{approved_number}" if approved_number is not None else "",
        status="approved" if approved_number is not None else "sent",
        changed_since_sent=sending is None and sent[-1].plan_sha256 != digest,
        history=notes(sent, plan.language, pending) if history else (),
        approved=approved,
        held=held,
    )


def notes(
    sent: list[SentVersion], language: str, pending: tuple[PlanReport, Sending] | None = None
) -> tuple[VersionNote, ...]:
    """Each sent version (and the one being sent) with what changed since the one before,
    newest first."""
    t = labels(language)
    reports = [analyse(v.plan()) for v in sent]
    entries = [(v.name, v.date, v.note, stamp(v, language)) for v in sent]
    if pending is not None:
        report, sending = pending
        reports.append(report)
        entries.append((sending.name, sending.date, sending.note, sending.stamp))
    found = []
    for i, (name, date, note, line) in enumerate(entries):
        lines = tuple(diff_text(plan_diff(reports[i - 1], reports[i]), t)) if i else (t.first_version,)
        found.append(VersionNote(name, date, note, line, lines))
    return tuple(reversed(found))


def site_versions(
    root: Path, reports: list[PlanReport], standalone: str | None, sending: Sending | None, access: str
) -> tuple[tuple[str, Versioned], ...]:
    """Each proposal's sent versions as a site shows them (none on a public site)."""
    found: list[tuple[str, Versioned]] = []
    if access == "public":
        return ()
    for report in reports:
        if report.loaded is None:
            continue
        mine = sending if standalone == report.slug else None
        history = standalone is not None  # a proposal's own site; a home needs its status only
        found.append((report.slug, versioned(root, report, history=history, sending=mine)))
    return tuple(found)


def sending(settings: Settings) -> Sending | None:
    """The version being sent, as `proposals send` tells the engine through the options."""
    if not settings.version_stamp:
        return None
    day = (settings.today or dt.date.today()).isoformat()
    return Sending(settings.version_stamp, settings.version_note or "", day)


def measured_against(root: Path, report: PlanReport) -> PlanReport:
    """The plan whose targets actuals are compared with: the approved version's, once there
    is one, never a later draft's."""
    versions = Versions(root, report.slug)
    number = versions.approved(report.plan.approved)
    if number is None:
        return report
    version = versions.get(number)
    version.verify(report.plan.language)
    return report if version.plan_sha256 == plan_sha256(report.plan) else analyse(version.plan())
