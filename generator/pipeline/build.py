"""`proposals build`: a home site plus one MkDocs site per proposal, built in parallel.

This module drives MkDocs (it is an adapter, like the plugin). Each site is rebuilt
only when something that feeds it changed (see :mod:`generator.output.buildcache`); changed
sites are built into a staging folder and swapped in only when every one succeeded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import operator
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.analysis.gate import Made, Verdict, gate
from generator.engine import memo
from generator.errors import BuildError, OutputError, PlanErrors, shown
from generator.output.buildcache import HOME, Snapshot
from generator.output.folder import MANIFEST, Manifest, OutputFolder, Site, say_on_stderr
from generator.output.hosting import ROBOTS, Inline, write_host_files
from generator.output.secret import client_path, client_secret
from generator.output.summaries import PlanSummary
from generator.pipeline.jobs import Built, SiteJob, build_site, run_jobs, site_job
from generator.plans.files import duplicate_slugs, plan_files
from generator.plans.reserved import check_slugs
from generator.versions.publish import add_sent_versions
from generator.workspace import Workspace

if TYPE_CHECKING:
    from generator.output.protect import LockBrand, Sealer

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
    memo.forget()
    if workspace.config_file is None:
        raise BuildError(f"no mkdocs.yml in {workspace.root} (or pass -f path/to/mkdocs.yml)")
    today = today or workspace.today()
    # Everything that can be refused is refused before the output folder is touched.
    secret = client_secret() if mode == "client" else b""
    if password is not None and mode != "client":
        raise BuildError("a password protects one client's site: use it with --client SLUG")
    # The key is derived once (600,000 rounds) before anything is written.
    sealer = _sealer(password)
    folder = OutputFolder(out_dir or workspace.root / DEFAULT_FOLDERS[mode], mode, workspace.sources())
    snapshot = Snapshot(workspace, today)
    files = plan_files([workspace.proposals_dir])
    duplicates = duplicate_slugs(files)
    summaries, errors = snapshot.summaries([f for f in files if f not in duplicates], jobs)
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
            _build_client(workspace, folder, chosen, result, jobs, today, sealer)
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
    today: dt.date,
    sealer: Sealer | None = None,
) -> None:
    """One client's site in its secret folder; other clients' folders are left as they are."""
    name = result.share_path.rstrip("/")
    staging = folder.staging()
    try:
        job = site_job(workspace, chosen.slug, staging / name, "client", today=today, url_path=name)
        result.notes += build_site(job).notes
        # Each version sent, as it was sent, beside the live pages (mike's layout).
        add_sent_versions(workspace.paths.versions, chosen.slug, staging / name)
        protected = Inline()
        if sealer is not None:  # everything of the plan encrypted; the pages' scripts allowed by hash
            brand = _lock_brand(workspace, chosen, staging / name)
            from generator.output.protect import protect_site

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


def _sealer(password: str | None) -> Sealer | None:
    if password is None:
        return None
    from generator.output.protect import Sealer  # cryptography: only for a protected site

    return Sealer.for_password(password)


def _lock_brand(workspace: Workspace, chosen: PlanSummary, site: Path) -> LockBrand:
    """The client's and the agency's names and the site's logo, for its lock pages."""
    from generator.analysis.report import check_files
    from generator.analysis.settings import DoctorSettings
    from generator.output.protect import LockBrand

    (report,) = check_files([chosen.path], DoctorSettings.from_options(workspace.options))
    palette = workspace.plugin.palette()
    if report.loaded is None:
        return LockBrand(palette=palette)
    plan = report.plan
    agency = plan.prepared.by if plan.prepared and plan.prepared.by else ""
    logo = next((p for p in ("assets/brand/logo.svg", "assets/brand/logo.png") if (site / p).is_file()), "")
    return LockBrand(plan.client.name, agency, logo, palette)


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

        def home_key(reads: dict[str, str]) -> str:
            return snapshot.home_key(chosen, mode, folder.path, today, reads)

        # The home site is one more job of the pool, first because it is the longest, built
        # beside the proposals' folders (its engine empties its own site folder) and moved
        # to the top once every site is done. No slug starts with a dot.
        home: SiteJob | None = None
        if not _current(snapshot, folder, HOME, home_key):
            scope = tuple(s.slug for s in chosen)
            home = site_job(
                workspace, None, staging / _HOME_STAGE, mode, today=today, scope=scope, hashes=True
            )
        todo: list[tuple[PlanSummary, SiteJob]] = []
        for summary in chosen:
            if _current(
                snapshot, folder, summary.slug, _site_key(snapshot, summary, mode, folder.path, today)
            ):
                result.reused.append(summary.slug)
            else:
                job = site_job(
                    workspace,
                    summary.slug,
                    staging / summary.slug,
                    mode,
                    today=today,
                    shared=True,
                    hashes=True,
                )
                todo.append((summary, job))
        if home is not None or todo:
            snapshot.packaged_data()  # loaded once here, for every worker forked after
            snapshot.recall_reports()  # no plan is checked again, not even by the home
        finished = run_jobs([*([home] if home else []), *(job for _, job in todo)], jobs)
        fresh = functools.reduce(operator.or_, (done.inline for done in finished), Inline())
        if home is not None:
            done = finished.pop(0)
            result.notes += done.notes
            built[HOME] = Site(_remembered(snapshot, home_key, done), _raise_home(staging))
        for (summary, _), done in zip(todo, finished, strict=True):
            result.notes += done.notes
            key = _remembered(snapshot, _site_key(snapshot, summary, mode, folder.path, today), done)
            built[summary.slug] = Site(key, [summary.slug])
        # Records of builds no folder holds any more are never asked for again.
        snapshot.store.keep_recent("reads", 8 * (len(chosen) + 1))
        names, key = write_host_files(staging, folder.path, mode, built=fresh)
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
    result.built += [summary.slug for summary, _ in todo]


_HOME_STAGE = ".home"


def _raise_home(staging: Path) -> list[str]:
    """Move the home site's entries from its own folder to the top of the staging folder."""
    stage = staging / _HOME_STAGE
    names = sorted(entry.name for entry in stage.iterdir())
    for name in names:
        (stage / name).rename(staging / name)
    stage.rmdir()
    return names


def _site_key(
    snapshot: Snapshot, summary: PlanSummary, mode: str, out_dir: Path, today: dt.date
) -> Callable[[dict[str, str]], str]:
    return lambda reads: snapshot.site_key(summary, mode, out_dir, today, reads)


def _current(
    snapshot: Snapshot, folder: OutputFolder, name: str, key_of: Callable[[dict[str, str]], str]
) -> bool:
    """Whether the folder holds the build of ``name`` that the files it read, as they stand
    now, would make again: the key of a build is the digest of what it read."""
    previous = folder.key(name)
    reads = snapshot.recorded(previous)
    if reads is None or key_of(snapshot.as_now(reads)) != previous:
        return False
    assert previous is not None
    snapshot.store.touch("reads", previous)
    return True


def _remembered(snapshot: Snapshot, key_of: Callable[[dict[str, str]], str], done: Built) -> str:
    """The key of a build just made, from what it read as it read it; its record kept under it."""
    key = key_of(done.reads)
    snapshot.remember(key, done.reads)
    return key


def client_pages(
    workspace: Workspace, slug: str, site_dir: Path, stamp: str, note: str, today: dt.date
) -> list[str]:
    """One client's pages, as a sent version: ``stamp`` on them, Material's version selector on."""
    return build_site(
        site_job(workspace, slug, site_dir, "client", today=today, stamp=stamp, note=note)
    ).notes
