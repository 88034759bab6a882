"""A plan's summary — what a build needs to know of it without reading it — and how plans
that have none yet are read, checked and summarised, in worker processes when there are
many (the first build of a workspace checks every plan)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.analysis.findings import Finding
from generator.cache.store import Store, fingerprint
from generator.plans.files import slug_for

if TYPE_CHECKING:
    from generator.analysis.report import PlanReport
    from generator.analysis.settings import DoctorSettings
    from generator.errors import PlanError


@dataclass(frozen=True)
class PlanSummary:
    """What a build needs to know of a valid plan without reading it."""

    slug: str
    path: Path
    content: str
    """Hash of the plan file's bytes."""
    access: str
    expires: str | None
    cards: dict[str, str]
    """Digest of the plan's home card, for internal and for public home pages."""
    findings: tuple[Finding, ...] = ()
    """The doctor's errors and warnings: what the gate needs without reading the plan again."""
    language: str = "ja"

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > dt.date.fromisoformat(self.expires)


def check(path: Path, settings: DoctorSettings) -> PlanReport:
    """One plan read and checked. The doctor is imported here, when a plan is read: a
    rebuild with nothing new needs none of it (nor pydantic, nor the knowledge base)."""
    from generator.analysis.report import check_files

    return check_files([path], settings)[0]


def summarise(report: PlanReport, path: Path, content: str) -> PlanSummary:
    from generator.render.site.home import proposal_card

    plan = report.plan
    cards = {
        name: hashlib.sha256(
            json.dumps(proposal_card(report, "", internal=internal), sort_keys=True).encode()
        ).hexdigest()
        for name, internal in (("internal", True), ("public", False))
    }
    expires = plan.expires.isoformat() if plan.expires else None
    gated = tuple(f for f in report.findings if f.severity != "info")
    return PlanSummary(report.slug, path, content, plan.access, expires, cards, gated, plan.language)


def stored_summary(raw: bytes | None, path: Path, content: str) -> PlanSummary | None:
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        return PlanSummary(
            slug_for(path),
            path,
            content,
            str(data["access"]),
            data["expires"],
            {"internal": str(data["cards"]["internal"]), "public": str(data["cards"]["public"])},
            tuple(Finding(**item) for item in data["findings"]),
            str(data["language"]),
        )
    except (ValueError, KeyError, TypeError):
        return None  # damaged: read the plan again


def summary_bytes(summary: PlanSummary) -> bytes:
    data = {
        "access": summary.access,
        "expires": summary.expires,
        "cards": summary.cards,
        "findings": [f.as_json() for f in summary.findings],
        "language": summary.language,
    }
    return (json.dumps(data, sort_keys=True) + "\n").encode("utf-8")


def report_key(summary_key: str) -> str:
    return fingerprint("report", summary_key)


PARALLEL_FROM = 8
"""Fewer plans to read than this are read here: starting workers would cost more."""


@dataclass(frozen=True)
class Unread:
    """A plan without a summary: where its summary goes, and what it was read as."""

    slot: int
    path: Path
    raw: bytes
    content: str
    key: str


def read_plans(
    plans: list[Unread], settings: DoctorSettings, store: Store, jobs: int | None
) -> list[tuple[PlanSummary | PlanError, bool]]:
    """Each plan read, checked, summarised and kept: its summary, or the error that stops it,
    in order, and whether a worker read it (its report is then in the store, not in this
    process). Many plans are read by worker processes, a share each."""
    workers = min(jobs or os.cpu_count() or 1, len(plans))
    if len(plans) < PARALLEL_FROM or workers < 2 or store.root is None:
        return [(_read(plan.path, plan.content, plan.key, settings, store), False) for plan in plans]
    # The doctor is loaded before the workers are forked (they and the site workers forked
    # after start with it).
    from generator.analysis import report as _  # noqa: F401
    from generator.workers import process_pool

    jobs_of = [(plan.path, plan.content, plan.key, settings, store.root) for plan in plans]
    with process_pool(workers) as pool:
        summaries = list(pool.map(_read_in_worker, jobs_of, chunksize=max(1, len(plans) // (workers * 4))))
    # A plan a worker could not summarise is read again here, where its error is told (and an
    # error, never pickled across, says exactly what a plan read here says).
    read: list[tuple[PlanSummary | PlanError, bool]] = []
    for plan, summary in zip(plans, summaries, strict=True):
        if summary is None:
            read.append((_read(plan.path, plan.content, plan.key, settings, store), False))
        else:
            read.append((summary, True))
    return read


def _read_in_worker(job: tuple[Path, str, str, DoctorSettings, Path]) -> PlanSummary | None:
    path, content, key, settings, cache_dir = job
    read = _read(path, content, key, settings, Store(cache_dir))
    return read if isinstance(read, PlanSummary) else None  # the error is told where it is read again


def _read(
    path: Path, content: str, key: str, settings: DoctorSettings, store: Store
) -> PlanSummary | PlanError:
    """The plan read and checked; its summary kept with its report for the next build (and
    this build's sites), or the error that stops it."""
    report = check(path, settings)
    if report.error:
        return report.error
    summary = summarise(report, path, content)
    store.put("plans", key, summary_bytes(summary))
    store.put("reports", report_key(key), pickle.dumps(report, pickle.HIGHEST_PROTOCOL))
    return summary
