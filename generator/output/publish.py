"""`proposals publish`: a built folder to where it is hosted — a git branch (GitHub Pages) or
an S3-compatible bucket.

Only what the tool built is published, and only what changed is written. A file at the target
is removed only when the last publish listed it (``.proposals-published.json``): a CNAME, a
.nojekyll or older version folders someone put there stay. A dry run says what would change
and changes nothing.
"""

from __future__ import annotations

import json
import mimetypes
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache.store import file_sha256
from generator.errors import OutputError, shown
from generator.output.hosting import HASHED_ASSETS, LONG_CACHE, headers

PUBLISHED = ".proposals-published.json"
"""The list of files the last publish wrote, kept at the target."""
NEVER = {".proposals-build.json", ".proposals-csp.json", PUBLISHED, ".git"}
"""The output folder's own records: they describe the folder, not the site."""


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: int = 0

    def lines(self) -> list[str]:
        return (
            [f"+ {name}" for name in self.added]
            + [f"~ {name}" for name in self.changed]
            + [f"- {name}" for name in self.removed]
        )

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{self.kept} unchanged"
        )


def site_files(folder: Path, only: list[str] | None = None) -> dict[str, Path]:
    """The files to publish, by their path at the target. ``only`` limits them to these
    top-level entries (one client's folder and the files at the top)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        top = name.split("/", 1)[0]
        if not path.is_file() or path.is_symlink() or top in NEVER or name in NEVER:
            continue
        if only is not None and top not in only:
            continue
        found[name] = path
    return found


def _published(raw: bytes | None) -> set[str]:
    if not raw:
        return set()
    try:
        return {str(n) for n in json.loads(raw)["files"]}
    except (ValueError, KeyError, TypeError):
        return set()


def _record(files: dict[str, Path]) -> bytes:
    return (json.dumps({"tool": "sns-proposals", "files": sorted(files)}, indent=1) + "\n").encode()


# ---------------------------------------------------------------------------- git


def publish_git(files: dict[str, Path], remote: str, branch: str, *, dry_run: bool, message: str) -> Changes:
    """Commit the files onto ``branch`` of ``remote`` and push; older files stay unless the
    last publish wrote them."""
    with tempfile.TemporaryDirectory(prefix="proposals-publish-") as scratch:
        work = Path(scratch)

        def git(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
            result = subprocess.run(
                ["git", "-c", "user.name=sns-proposals", "-c", "user.email=proposals@localhost", *args],
                cwd=work,
                capture_output=True,
                text=True,
                env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
            )
            if check and result.returncode != 0:
                problem = (result.stderr.strip().splitlines() or ["git failed"])[-1]
                raise OutputError(f"git {args[0]} {remote}: {problem}")
            return result

        git("init", "-q")
        fetched = git("fetch", "-q", "--depth", "1", remote, f"refs/heads/{branch}", check=False)
        if fetched.returncode == 0:
            git("checkout", "-q", "-B", branch, "FETCH_HEAD")
        elif "couldn't find remote ref" in fetched.stderr or "not found" in fetched.stderr.lower():
            git("checkout", "-q", "--orphan", branch)
        else:
            problem = (fetched.stderr.strip().splitlines() or ["cannot reach it"])[-1]
            raise OutputError(f"git fetch {remote}: {problem}")
        ours = work / PUBLISHED
        before = _published(ours.read_bytes() if ours.is_file() else None)
        changes = _apply(work, files, before, dry_run)
        if dry_run or not (changes.added or changes.changed or changes.removed):
            return changes
        ours.write_bytes(_record(files))
        if not (work / ".nojekyll").exists():  # GitHub Pages would hide _protect/ and _sealed/
            (work / ".nojekyll").write_bytes(b"")
        git("add", "-A")
        git("commit", "-q", "-m", message)
        git("push", "-q", remote, f"HEAD:refs/heads/{branch}")
        return changes


def _apply(work: Path, files: dict[str, Path], before: set[str], dry_run: bool) -> Changes:
    changes = Changes()
    for name, source in files.items():
        target = work / name
        if not target.is_file():
            changes.added.append(name)
        elif target.read_bytes() != source.read_bytes():
            changes.changed.append(name)
        else:
            changes.kept += 1
            continue
        if not dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for name in sorted(before - set(files)):
        target = work / name
        if target.is_file():
            changes.removed.append(name)
            if not dry_run:
                target.unlink()
    return changes


# ---------------------------------------------------------------------------- S3


def publish_s3(
    files: dict[str, Path],
    bucket: str,
    prefix: str,
    *,
    mode: str,
    endpoint: str | None,
    dry_run: bool,
    client: Any = None,
) -> Changes:
    """Upload what changed (by SHA-256, kept in each object's metadata), with its content
    type and headers; remove what the last publish wrote and this one does not."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    s3 = client or boto3.client("s3", endpoint_url=endpoint)
    base = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
    try:
        existing = _listing(s3, bucket, base)
        record = f"{base}{PUBLISHED}"
        before = (
            _published(s3.get_object(Bucket=bucket, Key=record)["Body"].read())
            if record in existing
            else set()
        )
        changes = Changes()
        extra = _object_headers(mode)
        for name, path in files.items():
            key = base + name
            digest = file_sha256(path)
            if key in existing:
                head = s3.head_object(Bucket=bucket, Key=key)
                if head.get("Metadata", {}).get("sha256") == digest:
                    changes.kept += 1
                    continue
                changes.changed.append(name)
            else:
                changes.added.append(name)
            if not dry_run:
                s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), **extra(name, digest))
        for name in sorted(before - set(files)):
            if base + name in existing:
                changes.removed.append(name)
                if not dry_run:
                    s3.delete_object(Bucket=bucket, Key=base + name)
        if not dry_run and (changes.added or changes.changed or changes.removed or record not in existing):
            s3.put_object(Bucket=bucket, Key=record, Body=_record(files), ContentType="application/json")
        return changes
    except (BotoCoreError, ClientError) as exc:
        raise OutputError(f"s3://{bucket}/{base}: {exc}") from None


def _listing(s3: Any, bucket: str, base: str) -> set[str]:
    found: set[str] = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=base):
        found |= {item["Key"] for item in page.get("Contents", [])}
    return found


_TEXT = ("application/javascript", "application/json", "image/svg+xml")


def _object_headers(mode: str) -> Callable[[str, str], dict[str, Any]]:
    """What S3 can carry of the host headers: the content type, the cache policy, and the
    rest as metadata for a CDN's response-headers policy to send."""
    rules = dict(headers(mode, ()))
    everywhere = rules["/*"]

    def extra(name: str, digest: str) -> dict[str, Any]:
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in (
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ):
            kind += "; charset=utf-8"
        hashed = any(("/" + name).startswith(p.rstrip("*")) for p in HASHED_ASSETS)
        metadata = {"sha256": digest}
        metadata |= {k.lower(): v for k, v in everywhere if k in ("X-Robots-Tag", "Referrer-Policy")}
        return {
            "ContentType": kind,
            "CacheControl": LONG_CACHE if hashed else "public, max-age=300",
            "Metadata": metadata,
        }

    return extra


def where(target: str) -> tuple[str, str, str]:
    """("git", remote, branch) or ("s3", bucket, prefix) from --to; one line when it is neither."""
    if target.startswith("git:"):
        remote, _, branch = target[4:].partition("#")
        if not remote:
            raise OutputError(f"--to {target}: name the remote, e.g. git:origin#gh-pages")
        return "git", remote, branch or "gh-pages"
    if target.startswith("s3://"):
        bucket, _, prefix = target[5:].partition("/")
        if not bucket:
            raise OutputError(f"--to {target}: name the bucket, e.g. s3://my-bucket/proposals")
        return "s3", bucket, prefix
    raise OutputError(f"--to {target}: publish to git:REMOTE[#BRANCH] or s3://BUCKET[/PREFIX]")


def folder_of(path: Path) -> Path:
    if not path.is_dir():
        raise OutputError(f"{shown(path)}/ is not built yet; build it first")
    return path
