"""One engine run per site, typed, and the one process pool they run in.

A job says everything a worker needs (no module globals travel to it): which mkdocs.yml,
where the site goes, which proposal at which access level, and the build's one clock.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import BuildError
from generator.output.hosting import Inline, inline_hashes
from generator.settings import Settings
from generator.workers import process_pool
from generator.workspace import Workspace


@dataclass(frozen=True)
class SiteJob:
    """One engine build of one site."""

    config_file: str
    site_dir: str
    slug: str | None
    """The proposal (None: the home site)."""
    access: str
    today: str
    """The build's clock, as YYYY-MM-DD: every worker judges dates by the same day."""
    shared: bool = False
    """Served Material's assets from the home site's one copy (a proposal of a workspace build)."""
    url_path: str = ""
    """A client site's secret folder: its sitemap says where it lives."""
    stamp: str = ""
    """A sent version's line (v3 · plan hash): its pages carry it and Material's selector."""
    note: str = ""
    scope: tuple[str, ...] | None = None
    """The home site's proposals (their cards), in order."""
    hashes: bool = False
    """Hash what the pages run and style inline, for the host files (the sites of a
    workspace build; a client build hashes its folder after encrypting it)."""

    def plugin_options(self) -> dict[str, Any]:
        if self.slug is None:
            return {"scope": list(self.scope or ()), "proposal_pages": False}
        options: dict[str, Any] = {"standalone": self.slug}
        if self.stamp:
            options |= {"version_stamp": self.stamp, "version_note": self.note or None}
        if self.access == "client":
            options |= {"noindex": True}
        if self.shared:
            options |= {"shared_assets": ".."}
        return options


def site_job(
    workspace: Workspace,
    slug: str | None,
    site_dir: Path,
    access: str,
    *,
    today: dt.date,
    shared: bool = False,
    **more: Any,
) -> SiteJob:
    return SiteJob(str(workspace.config_file), str(site_dir), slug, access, today.isoformat(), shared, **more)


@dataclass(frozen=True)
class Built:
    notes: list[str]
    """What the user should know though nothing failed (PDF notices, say)."""
    reads: dict[str, str]
    """Every file the build read besides its plans, with its digest (see inputs.reader)."""
    inline: Inline
    """What its pages run and style inline (their CSP sources), hashed by the worker that
    wrote them while they are fresh, so the host files need not read every page again
    (empty unless the job asked for it)."""


def run_jobs(jobs: list[SiteJob], workers: int | None) -> list[Built]:
    """Build every job; what each read and the notes it left, in job order."""
    if not jobs:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        return [build_site(job) for job in jobs]
    # Workers are forked from this process, with every plan and template it has loaded.
    # Frozen, those objects are left out of the workers' garbage collections, which
    # would otherwise walk them again and again (and copy their pages on write).
    gc.freeze()
    try:
        with process_pool(workers) as pool:
            return [future.result() for future in [pool.submit(build_site, job) for job in jobs]]
    finally:
        gc.unfreeze()


def build_site(job: SiteJob) -> Built:
    """Run one engine build: the notes our plugin logged and what it read (a failure raises
    BuildError)."""
    from generator.engine.run import captured, engine_failures, load, run

    with captured() as capture:
        try:
            options = {"access": job.access, **job.plugin_options()}
            config = load(job.config_file, options, site_dir=job.site_dir)
            if job.url_path and config.site_url:
                # A client's site lives under its secret path: its sitemap (and so Material's
                # instant navigation, which follows the sitemap's paths) says where.
                config.site_url = config.site_url.rstrip("/") + "/" + job.url_path + "/"
            plugin = config.plugins["proposals"]
            if plugin.config["today"] is None:
                plugin.config["today"] = Settings.check("today", job.today)
            run(config)
        except engine_failures() as exc:
            where = f"proposal '{job.slug}'" if job.slug else "home site"
            raise BuildError(f"building the {where} failed: {capture.reason(str(exc))}") from None
    inline = inline_hashes(Path(job.site_dir)) if job.hashes else Inline()
    return Built(capture.notes, dict(getattr(plugin, "read", {})), inline)
