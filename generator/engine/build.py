"""`proposals build`: a home site plus one MkDocs site per proposal, built in parallel.

This module drives MkDocs (it is an adapter, like the plugin). Each site is rebuilt
only when something that feeds it changed (see :mod:`generator.output.buildcache`); changed
sites are built into a staging folder and swapped in only when every one succeeded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.analysis.gate import Made, Verdict, gate
from generator.analysis.report import plan_files
from generator.engine.run import captured, engine_failures, forget_theme_listing, load, run
from generator.errors import BuildError, OutputError, PlanErrors, shown
from generator.output.buildcache import HOME, PlanSummary, Snapshot
from generator.output.folder import MANIFEST, Manifest, OutputFolder, Site, say_on_stderr
from generator.output.hosting import ROBOTS, Inline, write_host_files
from generator.output.protect import LockBrand, Sealer, protect_site
from generator.output.secret import client_path, client_secret
from generator.plans.load import duplicate_slugs
from generator.plans.reserved import check_slugs
from generator.settings import Settings
from generator.versions.publish import add_sent_versions
from generator.workers import process_pool
from generator.workspace import Workspace

Job = dict[str, Any]
"""One engine run: config file, site folder, slug, access level, shared assets, date."""

DEFAULT_FOLDERS = {"internal": "site", "public": "public", "client": "clients"}
"""Each access level has its own folder; a build never writes into another level's."""
HOSTING = "_hosting"
"""The name, in an output folder's manifest, of the host configuration files at its top."""
ROOT = "_root"
"""The name, in a client folder's manifest, of the files at its top (robots.txt, index.html)."""


@dataclass
class BuildResult:
    out_dir: Path
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    seconds: float = 0.0
    share_path: str = ""
    notes: list[str] = field(default_factory=list)
    """What the user should know though nothing failed (expired plans, say)."""
    warnings: list[str] = field(default_factory=list)
    """The doctor's warnings on what a client or the public will see (errors refuse the build)."""


def _gated(chosen: list[PlanSummary], what: Made) -> list[str]:
    return gate((Verdict(s.slug, shown(s.path), s.findings, s.language) for s in chosen), what)


def build(
    workspace: Workspace,
    out_dir: Path | None = None,
    *,
    mode: str = "internal",
    client: str | None = None,
    jobs: int | None = None,
    today: dt.date | None = None,
    say: Callable[[str], None] | None = say_on_stderr,
    password: str | None = None,
) -> BuildResult:
    started = time.monotonic()
    forget_theme_listing()
    if workspace.config_file is None:
        raise BuildError(f"no mkdocs.yml in {workspace.root} (or pass -f path/to/mkdocs.yml)")
    today = today or workspace.today()
    # Everything that can be refused is refused before the output folder is touched.
    secret = client_secret() if mode == "client" else b""
    if password is not None and mode != "client":
        raise BuildError("a password protects one client's site: use it with --client SLUG")
    # The key is derived once (600,000 rounds) before anything is written.
    sealer = Sealer.for_password(password) if password is not None else None
    folder = OutputFolder(out_dir or workspace.root / DEFAULT_FOLDERS[mode], mode, workspace.sources())
    snapshot = Snapshot(workspace)
    files = plan_files([workspace.proposals_dir])
    duplicates = duplicate_slugs(files)
    summaries, errors = snapshot.summaries([f for f in files if f not in duplicates])
    errors += duplicates.values()
    errors += check_slugs(workspace.docs_dir, [s.path for s in summaries])
    if errors:
        raise PlanErrors(errors)
    result = BuildResult(folder.path)
    if mode == "client":
        chosen = _client_plan(workspace, summaries, client)
        result.warnings = _gated([chosen], "client_site")
        snapshot.versions(chosen.slug, chosen.language)  # a sent version changed by hand stops it here
        if chosen.expired(today):
            result.notes.append(f"{client}: expired on {chosen.expires}; its link shows only a notice")
        result.share_path = client_path(secret, chosen.slug) + "/"
        with folder.locked(say=say), _disk_full(folder.path):
            _build_client(workspace, folder, chosen, result, jobs, sealer)
    else:
        included = [s for s in summaries if mode == "internal" or s.access == "public"]
        if mode == "public":
            result.warnings = _gated(included, "public_site")
        result.notes += [
            f"{s.slug}: expired on {s.expires}; its pages show only a notice"
            for s in included
            if s.expired(today)
        ]
        with folder.locked(say=say), _disk_full(folder.path):
            _build_workspace(workspace, snapshot, included, folder, mode, jobs, result, today)
    result.seconds = time.monotonic() - started
    return result


@contextlib.contextmanager
def _disk_full(out: Path) -> Iterator[None]:
    """A full disk names the folder being built, not whichever file the engine was copying."""
    try:
        yield
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        raise OutputError(
            f"no space left on the disk while building into {shown(out)}/; free some space and build "
            "again (the folder still holds its last whole build)"
        ) from None


def _client_plan(workspace: Workspace, summaries: list[PlanSummary], client: str | None) -> PlanSummary:
    chosen = next((s for s in summaries if s.slug == client), None)
    if chosen is None:
        raise BuildError(f"no plan named '{client}' in {workspace.proposals_dir}")
    if chosen.access == "internal":
        raise BuildError(
            f"{chosen.path.name}: the plan says access: internal, so it is not built for a client "
            "(set access: client to share it)"
        )
    return chosen


def _build_client(
    workspace: Workspace,
    folder: OutputFolder,
    chosen: PlanSummary,
    result: BuildResult,
    jobs: int | None,
    sealer: Sealer | None = None,
) -> None:
    """One client's site in its secret folder; other clients' folders are left as they are."""
    name = result.share_path.rstrip("/")
    staging = folder.staging()
    try:
        result.notes += _run_jobs(
            [_job(workspace, chosen.slug, staging / name, "client", shared=False) | {"url_path": name}], jobs
        )
        # Each version sent, as it was sent, beside the live pages (mike's layout).
        add_sent_versions(workspace.paths.versions, chosen.slug, staging / name)
        protected = Inline()
        if sealer is not None:  # everything of the plan encrypted; the pages' scripts allowed by hash
            brand = _lock_brand(workspace, chosen, staging / name)
            protected = protect_site(staging / name, sealer, _language(staging / name), brand)
        # The client's folder says on its own that a client build made it (the shared
        # manifest never lists secret folders: it is uploaded with them).
        (staging / name / MANIFEST).write_bytes(Manifest("client").to_bytes())
        # Crawlers read robots.txt only at the top of a host, and a host that lists folders
        # would list every client: the top of clients/ gets both answers.
        (staging / "robots.txt").write_text(ROBOTS, encoding="utf-8")
        (staging / "index.html").write_text(_EMPTY_INDEX, encoding="utf-8")
        hosting, _ = write_host_files(staging, folder.path, "client", protected)
        built = {
            name: Site(None, [name], private=True),
            ROOT: Site(None, ["robots.txt", "index.html", *hosting]),
        }
        folder.commit(staging, built)
    except BaseException:
        folder.discard(staging)
        raise
    result.built.append(chosen.slug)


def _lock_brand(workspace: Workspace, chosen: PlanSummary, site: Path) -> LockBrand:
    """The client's and the agency's names and the site's logo, for its lock pages."""
    from generator.analysis.report import check_files
    from generator.analysis.settings import DoctorSettings

    (report,) = check_files([chosen.path], DoctorSettings.from_options(workspace.options))
    if report.loaded is None:
        return LockBrand()
    plan = report.plan
    agency = plan.prepared.by if plan.prepared and plan.prepared.by else ""
    logo = next((p for p in ("assets/brand/logo.svg", "assets/brand/logo.png") if (site / p).is_file()), "")
    return LockBrand(plan.client.name, agency, logo)


def _language(site: Path) -> str:
    """The language a built site says it is in (its lock pages ask in that language)."""
    head = (site / "index.html").read_text(encoding="utf-8", errors="replace")[:2000]
    found = re.search(r'<html[^>]*\blang="([a-z]{2})', head)
    return found[1] if found and found[1] in ("ja", "en") else "ja"


_EMPTY_INDEX = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">'
    "<title>Not found</title></head><body></body></html>\n"
)


def _build_workspace(
    workspace: Workspace,
    snapshot: Snapshot,
    chosen: list[PlanSummary],
    folder: OutputFolder,
    mode: str,
    jobs: int | None,
    result: BuildResult,
    today: dt.date,
) -> None:
    """The home site and one site per proposal; only what changed is built, then swapped in.

    Every site is built into a staging folder first; the output folder is touched only once
    all of them succeeded, and then only by the journalled renames of :mod:`generator.output.folder`.
    A site is reused only when the folder's manifest proves that it holds that very build.
    """
    staging = folder.staging()
    built: dict[str, Site] = {}
    try:
        home_key = snapshot.home_key(chosen, mode, folder.path, today)
        home = folder.key(HOME) != home_key
        if home:
            result.notes += _site(
                workspace, staging, scope=[s.slug for s in chosen], access=mode, today=today
            )
            built[HOME] = Site(home_key, sorted(entry.name for entry in staging.iterdir()))
        todo: list[Job] = []
        for summary in chosen:
            key = snapshot.site_key(summary, mode, folder.path, today)
            if folder.key(summary.slug) == key:
                result.reused.append(summary.slug)
            else:
                todo.append(
                    _job(workspace, summary.slug, staging / summary.slug, mode, shared=True, today=today)
                )
                built[summary.slug] = Site(key, [summary.slug])
        result.notes += _run_jobs(todo, jobs)
        names, key = write_host_files(staging, folder.path, mode)
        if folder.key(HOSTING) != key:
            built[HOSTING] = Site(key, names)
        else:  # unchanged: the folder holds them already
            for name in names:
                (staging / name).unlink()
        slugs = {s.slug for s in chosen}
        gone = {name for name in folder.manifest.sites if name not in (HOME, HOSTING) and name not in slugs}
        folder.commit(staging, built, gone)
    except BaseException:
        folder.discard(staging)
        raise
    result.built += [job["slug"] for job in todo]


# ---------------------------------------------------------------------------- MkDocs runs


def _job(
    workspace: Workspace,
    slug: str | None,
    site_dir: Path,
    access: str,
    *,
    shared: bool = False,
    today: dt.date | None = None,
) -> Job:
    return {
        "config_file": str(workspace.config_file),
        "site_dir": str(site_dir),
        "slug": slug,
        "access": access,
        "shared": shared,
        "today": (today or dt.date.today()).isoformat(),
    }


def _site(
    workspace: Workspace, site_dir: Path, *, scope: list[str], access: str, today: dt.date
) -> list[str]:
    """The home site: proposal cards and the guide, no proposal pages."""
    job = _job(workspace, None, site_dir, access, today=today)
    return _mkdocs_build(job, {"scope": scope, "proposal_pages": False})


def _run_jobs(jobs: list[Job], workers: int | None) -> list[str]:
    """Build every job; the notes they leave (PDF notices, say), in job order."""
    if not jobs:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        return [note for job in jobs for note in _proposal_build(job)]
    # Workers are forked from this process, with every plan and template it has loaded.
    # Frozen, those objects are left out of the workers' garbage collections, which
    # would otherwise walk them again and again (and copy their pages on write).
    gc.freeze()
    try:
        with process_pool(workers) as pool:
            return [
                note
                for future in [pool.submit(_proposal_build, job) for job in jobs]
                for note in future.result()
            ]
    finally:
        gc.unfreeze()


def client_pages(workspace: Workspace, slug: str, site_dir: Path, stamp: str, note: str) -> list[str]:
    """One client's pages, as a sent version: ``stamp`` on them, Material's version selector on."""
    job = _job(workspace, slug, site_dir, "client", shared=False)
    return _proposal_build(job | {"stamp": stamp, "note": note})


def _proposal_build(job: Job) -> list[str]:
    options: dict[str, Any] = {"standalone": job["slug"]}
    if job.get("stamp"):
        options |= {"version_stamp": job["stamp"], "version_note": job["note"] or None}
    if job["access"] == "client":
        options |= {"noindex": True}
    if job["shared"]:
        options |= {"shared_assets": ".."}
    return _mkdocs_build(job, options)


def _mkdocs_build(job: Job, plugin_options: dict[str, Any]) -> list[str]:
    """Run one engine build; return the notes our plugin logged (a failure raises BuildError)."""
    with captured() as capture:
        try:
            options = {"access": job["access"], **plugin_options}
            config = load(job["config_file"], options, site_dir=job["site_dir"])
            if job.get("url_path") and config.site_url:
                # A client's site lives under its secret path: its sitemap (and so Material's
                # instant navigation, which follows the sitemap's paths) says where.
                config.site_url = config.site_url.rstrip("/") + "/" + job["url_path"] + "/"
            plugin = config.plugins["proposals"]
            if plugin.config["today"] is None:
                plugin.config["today"] = Settings.check("today", job["today"])
            run(config)
        except engine_failures() as exc:
            where = f"proposal '{job['slug']}'" if job["slug"] else "home site"
            raise BuildError(f"building the {where} failed: {capture.reason(str(exc))}") from None
    return capture.notes
