"""`proposals build`: a home site plus one MkDocs site per proposal, built in parallel.

This module drives MkDocs (it is an adapter, like the plugin). Each proposal's site
is rebuilt only when something that feeds it changed; everything is built into a
temporary folder that replaces the output only when every site succeeded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from generator import __version__
from generator.check import PlanReport, check_files, plan_files
from generator.errors import PlanError
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
    if workspace.config_file is None:
        raise BuildError(f"no mkdocs.yml in {workspace.root} (or pass -f path/to/mkdocs.yml)")
    default = "clients" if mode == "client" else "site"
    out_dir = (out_dir or workspace.root / default).resolve()
    reports = check_files(plan_files([workspace.proposals_dir]), workspace.options.get("utm") or {})
    errors = [r.error for r in reports if r.error]
    if errors:
        raise PlanErrors(errors)
    readable = {r.slug: r for r in reports}
    result = BuildResult(out_dir)
    todo: list[tuple[dict, str]] = []
    if mode == "client":
        secret = os.environ.get(SECRET_ENV, "")
        if not secret:
            raise BuildError(f"a client build needs {SECRET_ENV} (the key that makes the secret link)")
        if client not in readable:
            raise BuildError(f"no plan named '{client}' in {workspace.proposals_dir}")
        result.share_path = client_path(secret, client) + "/"
        # Each client has its own folder under out_dir; only that folder is replaced.
        target = out_dir / result.share_path.rstrip("/")
    else:
        target = out_dir
    tmp = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        if mode == "client":
            _run_jobs([_job(workspace, client, tmp, "client", shared=False)], jobs)
            result.built.append(client)
        else:
            chosen = [r for r in reports if mode == "internal" or r.loaded.plan.access == "public"]
            _site(workspace, tmp, scope=[r.slug for r in chosen], access=mode)
            for report in chosen:
                key = _input_key(workspace, report, mode)
                previous = out_dir / report.slug
                if _stored_key(workspace, mode, report.slug) == key and previous.is_dir():
                    shutil.copytree(previous, tmp / report.slug, copy_function=os.link)
                    result.reused.append(report.slug)
                else:
                    todo.append((_job(workspace, report.slug, tmp / report.slug, mode, shared=True), key))
            _run_jobs([job for job, _ in todo], jobs)
            result.built += [job["slug"] for job, _ in todo]
        _swap(tmp, target)
        # Keys are written only once the output they describe is in place.
        for job, key in todo:
            _store_key(workspace, mode, job["slug"], key)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    result.seconds = time.monotonic() - started
    return result


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
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(_proposal_build, job) for job in jobs]:
            future.result()


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


# ---------------------------------------------------------------------------- cache keys


def _input_key(workspace: Workspace, report: PlanReport, mode: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{__version__}\n{mode}\n".encode())
    digest.update(_tree_digest(Path(str(resources.files("generator")))).encode())
    digest.update(_tree_digest(workspace.theme_dir).encode())
    assert workspace.config_file is not None
    digest.update(workspace.config_file.read_bytes())
    digest.update((workspace.proposals_dir / Path(report.file).name).read_bytes())
    plan = report.loaded.plan if report.loaded else None
    if plan and plan.expires:
        # An expiring plan changes on its expiry date with no edit to any file.
        import datetime as dt

        digest.update(str(dt.date.today() > plan.expires).encode())
    return digest.hexdigest()


_tree_memo: dict[Path, str] = {}


def _tree_digest(root: Path) -> str:
    if root in _tree_memo:
        return _tree_memo[root]
    digest = hashlib.sha256()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    _tree_memo[root] = digest.hexdigest()
    return _tree_memo[root]


def _key_file(workspace: Workspace, mode: str, slug: str) -> Path:
    return workspace.root / ".cache" / "sns-proposals" / "builds" / mode / f"{slug}.key"


def _stored_key(workspace: Workspace, mode: str, slug: str) -> str | None:
    path = _key_file(workspace, mode, slug)
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def _store_key(workspace: Workspace, mode: str, slug: str, key: str) -> None:
    path = _key_file(workspace, mode, slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(key + "\n", encoding="utf-8")
