"""`proposals send`: freeze one proposal as the client receives it.

Everything is made into a scratch folder beside the versions, hashed, recorded in
``version.json`` and then renamed into ``v<N>/`` in one step: a version folder exists whole
or not at all, and a folder that exists is never written again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
from pathlib import Path

from generator.analysis.report import PlanReport
from generator.cache.store import file_sha256
from generator.errors import shown
from generator.inputs.versioned import Versioned
from generator.locale.labels import labels
from generator.pipeline.build import client_pages
from generator.render.deck.build import write_deck
from generator.render.print.pdf import write_pdfs
from generator.versions.canonical import plan_sha256
from generator.versions.site import pending_stamp
from generator.versions.store import (
    PLAN_FILE,
    SITE_FOLDER,
    VERSION_FILE,
    SentVersion,
    VersionError,
    Versions,
)
from generator.workspace import Workspace


def send(workspace: Workspace, report: PlanReport, *, by: str, note: str, today: dt.date) -> SentVersion:
    versions = Versions(workspace.paths.versions, report.slug)
    latest = versions.latest()
    digest = plan_sha256(report.plan)
    language = report.plan.language
    t = labels(language)
    if latest is not None:
        latest.verify(language)
        if latest.plan_sha256 == digest:
            raise VersionError(
                t("send_unchanged", slug=report.slug, version=latest.name, folder=shown(latest.folder))
            )
    number = latest.number + 1 if latest else 1
    stamp = pending_stamp(number, digest, report.plan.language)
    stamped = ((report.slug, Versioned(stamp=stamp)),)
    versions.folder.mkdir(parents=True, exist_ok=True)
    scratch = versions.folder / f".v{number}.sending"
    if scratch.exists():  # left by an interrupted send of this very version
        shutil.rmtree(scratch)
    scratch.mkdir()
    try:
        (scratch / PLAN_FILE).write_bytes(_plan_file(workspace, report.slug).read_bytes())
        from generator.pipeline.options import deck_options, pdf_options

        pdf = dataclasses.replace(pdf_options(workspace), versions=stamped)
        write_pdfs([report], scratch, pdf, jobs=1)
        deck = deck_options(workspace)
        write_deck(report, scratch, dataclasses.replace(deck, versions=stamped))
        client_pages(workspace, report.slug, scratch / SITE_FOLDER, stamp, note, today)
        files = {
            p.relative_to(scratch).as_posix(): file_sha256(p)
            for p in sorted(scratch.rglob("*"))
            if p.is_file()
        }
        record = SentVersion(
            number, today.isoformat(), by, note, digest, files, versions.folder / f"v{number}"
        )
        text = json.dumps(record.as_json(), ensure_ascii=False, indent=2) + "\n"
        (scratch / VERSION_FILE).write_text(text, encoding="utf-8")
        try:
            os.rename(scratch, record.folder)  # fails when the folder exists: a sent version stays
        except OSError:
            raise VersionError(t("send_exists", folder=shown(record.folder))) from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return record


def _plan_file(workspace: Workspace, slug: str) -> Path:
    from generator.plans.files import plan_file

    path = plan_file(workspace.proposals_dir, slug)
    if path is None:
        raise VersionError(f"no plan named '{slug}' in {shown(workspace.proposals_dir)}/")
    return path
