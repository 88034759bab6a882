"""`proposals build`: a home site plus one MkDocs site per proposal, built in parallel.

This module drives MkDocs (it is an adapter, like the plugin). Each site is rebuilt
only when something that feeds it changed (see :mod:`generator.buildcache`); changed
sites are built into a staging folder and swapped in only when every one succeeded.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import hmac
import logging
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from generator.buildcache import HOME, PlanSummary, Snapshot
from generator.check import plan_files
from generator.errors import PlanError
from generator.jinjacache import SharedBytecodeCache
from generator.workspace import Workspace

SECRET_ENV = "PROPOSALS_SECRET"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(RuntimeError):
    """A build that cannot go ahead; the message is for the user, one or more lines."""


@dataclass
class BuildResult:
    out_dir: Path
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    seconds: float = 0.0
    share_path: str = ""


def client_path(secret: str, slug: str) -> str:
    """The secret URL segment of a client's site: HMAC-SHA256(secret, slug), URL-safe."""
    digest = hmac.new(secret.encode("utf-8"), slug.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:32]


def build(
    workspace: Workspace,
    out_dir: Path | None = None,
    *,
    mode: str = "internal",
    client: str | None = None,
    jobs: int | None = None,
) -> BuildResult:
    started = time.monotonic()
    _theme_listing.clear()  # a build is a snapshot: a theme file added since the last one must show
    if workspace.config_file is None:
        raise BuildError(f"no mkdocs.yml in {workspace.root} (or pass -f path/to/mkdocs.yml)")
    default = "clients" if mode == "client" else "site"
    out_dir = (out_dir or workspace.root / default).resolve()
    snapshot = Snapshot(workspace)
    summaries, errors = snapshot.summaries(plan_files([workspace.proposals_dir]))
    if errors:
        raise PlanErrors(errors)
    result = BuildResult(out_dir)
    if mode == "client":
        secret = os.environ.get(SECRET_ENV, "")
        if not secret:
            raise BuildError(f"a client build needs {SECRET_ENV} (the key that makes the secret link)")
        if client not in {s.slug for s in summaries}:
            raise BuildError(f"no plan named '{client}' in {workspace.proposals_dir}")
        result.share_path = client_path(secret, client) + "/"
        # Each client has its own folder under out_dir; only that folder is replaced.
        target = out_dir / result.share_path.rstrip("/")
        tmp = _staging(target)
        try:
            _run_jobs([_job(workspace, client, tmp, "client", shared=False)], jobs)
            _swap(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        result.built.append(client)
    else:
        chosen = [s for s in summaries if mode == "internal" or s.access == "public"]
        _build_workspace(workspace, snapshot, chosen, out_dir, mode, jobs, result)
    result.seconds = time.monotonic() - started
    return result


def _build_workspace(
    workspace: Workspace,
    snapshot: Snapshot,
    chosen: list[PlanSummary],
    out_dir: Path,
    mode: str,
    jobs: int | None,
    result: BuildResult,
) -> None:
    """The home site and one site per proposal; only what changed is built, then swapped in.

    Every site is built into a staging folder first; the output is touched only once all
    of them succeeded, and then only by renames: each changed site replaces its old self,
    unchanged sites stay where they are.
    """
    fresh = not out_dir.is_dir()
    staging = _staging(out_dir)
    home_key = snapshot.home_key(chosen, mode)
    # The key says what was built here; the files must also still be there (and the shared
    # assets every proposal site points at).
    home_there = (out_dir / "index.html").is_file() and (out_dir / "assets").is_dir()
    home = fresh or not home_there or snapshot.stored_key(mode, out_dir, HOME) != home_key
    todo: list[tuple[dict, str]] = []
    try:
        if home:
            _site(workspace, staging, scope=[s.slug for s in chosen], access=mode)
        for summary in chosen:
            key = snapshot.site_key(summary, mode)
            unchanged = snapshot.stored_key(mode, out_dir, summary.slug) == key
            if not fresh and unchanged and (out_dir / summary.slug).is_dir():
                result.reused.append(summary.slug)
            else:
                todo.append((_job(workspace, summary.slug, staging / summary.slug, mode, shared=True), key))
        _run_jobs([job for job, _ in todo], jobs)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.built += [job["slug"] for job, _ in todo]
    if fresh:
        staging.rename(out_dir)
    else:
        _move_in(staging, out_dir, keep=set(result.reused), replace_all=home)
    # Keys are written only once the output they describe is in place.
    if home:
        snapshot.store_key(mode, out_dir, HOME, home_key)
    for job, key in todo:
        snapshot.store_key(mode, out_dir, job["slug"], key)


def _staging(target: Path) -> Path:
    staging = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def _move_in(staging: Path, out_dir: Path, *, keep: set[str], replace_all: bool) -> None:
    """Swap the staged sites into ``out_dir``. With a new home site, everything but the
    reused proposals goes (a deleted plan's site with it); otherwise only rebuilt sites."""
    trash = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    shutil.rmtree(trash, ignore_errors=True)
    trash.mkdir()
    staged = {entry.name for entry in staging.iterdir()}
    for entry in list(out_dir.iterdir()):
        if entry.name not in keep and (replace_all or entry.name in staged):
            entry.rename(trash / entry.name)
    for name in staged:
        (staging / name).rename(out_dir / name)
    staging.rmdir()
    shutil.rmtree(trash, ignore_errors=True)


class PlanErrors(BuildError):
    def __init__(self, errors: list[PlanError]) -> None:
        self.errors = errors
        super().__init__("\n".join(line for e in errors for line in e.lines()))


# ---------------------------------------------------------------------------- MkDocs runs


def _job(workspace: Workspace, slug: str, site_dir: Path, access: str, *, shared: bool) -> dict:
    return {
        "config_file": str(workspace.config_file),
        "site_dir": str(site_dir),
        "slug": slug,
        "access": access,
        "shared": shared,
    }


def _site(workspace: Workspace, site_dir: Path, *, scope: list[str], access: str) -> None:
    """The home site: proposal cards and the guide, no proposal pages."""
    job = {
        "config_file": str(workspace.config_file),
        "site_dir": str(site_dir),
        "slug": None,
        "access": access,
    }
    _mkdocs_build(job, {"scope": scope, "proposal_pages": False})


def _run_jobs(jobs: list[dict], workers: int | None) -> None:
    if not jobs:
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        for job in jobs:
            _proposal_build(job)
        return
    # Workers are forked from this process, with every plan and template it has loaded.
    # Frozen, those objects are left out of the workers' garbage collections, which
    # would otherwise walk them again and again (and copy their pages on write).
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(_proposal_build, job) for job in jobs]:
                future.result()
    finally:
        gc.unfreeze()


def _proposal_build(job: dict) -> None:
    options: dict = {"standalone": job["slug"]}
    if job["access"] == "client":
        options |= {"noindex": True}
    if job["shared"]:
        options |= {"shared_assets": ".."}
    _mkdocs_build(job, options)


def _mkdocs_build(job: dict, plugin_options: dict) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.setLevel(logging.WARNING)
    problems = _Problems()
    mkdocs_log.addHandler(problems)
    try:
        config = load_config(job["config_file"], site_dir=job["site_dir"])
        plugin = config.plugins.get("proposals")
        if plugin is None:
            raise BuildError(f"{job['config_file']}: add the 'proposals' plugin under plugins:")
        _share_theme_work(config.theme, Path(job["config_file"]).parent / plugin.config.cache_dir / "jinja")
        plugin.config.access = job["access"]
        for key, value in plugin_options.items():
            setattr(plugin.config, key, value)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException) as exc:
        where = f"proposal '{job['slug']}'" if job["slug"] else "home site"
        detail = "\n".join(problems.messages) or str(exc)
        raise BuildError(f"building the {where} failed:\n{detail}") from None
    finally:
        mkdocs_log.removeHandler(problems)


_theme_listing: dict[tuple[str, ...], list[str]] = {}
"""The theme's file names by search path, for the length of one `build()` (workers inherit it)."""


def _visible_templates(dirs: tuple[str, ...], followlinks: bool) -> list[str]:
    """FileSystemLoader.list_templates without hidden paths, which MkDocs drops anyway
    ('.*', '*/.*'); hidden folders are not even walked (Material's .icons holds thousands)."""
    if dirs not in _theme_listing:
        found: set[str] = set()
        for root in dirs:
            for dirpath, dirnames, filenames in os.walk(root, followlinks=followlinks):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                base = os.path.relpath(dirpath, root)
                for name in filenames:
                    if not name.startswith("."):
                        found.add(name if base == "." else f"{base}/{name}".replace(os.sep, "/"))
        _theme_listing[dirs] = sorted(found)
    return list(_theme_listing[dirs])


def _share_theme_work(theme: Any, jinja_cache: Path) -> None:
    """Cut a site's fixed cost: what every site of a build would redo for the same theme.

    MkDocs makes a new Jinja environment per site (and the search plugin another), so
    Material's templates would be compiled again for every proposal; they come from the
    shared bytecode cache instead. MkDocs also walks the whole theme folder per site to
    find static files, including Material's thousands of icons, only to drop every hidden
    path by pattern; the listing is taken once per build, hidden folders unwalked.
    """
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = SharedBytecodeCache(jinja_cache)
        loader = env.loader
        if isinstance(loader, jinja2.FileSystemLoader):
            dirs = tuple(str(d) for d in loader.searchpath)
            follow = loader.followlinks
            loader.list_templates = lambda: _visible_templates(dirs, follow)  # type: ignore[method-assign]
        return env

    theme.get_env = get_env


class _Problems(logging.Handler):
    """MkDocs logs why a build stopped and then raises a generic Abort; keep the why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _swap(tmp: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        out_dir.rename(old)
    tmp.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
