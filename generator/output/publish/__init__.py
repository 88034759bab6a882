"""`proposals publish`: a built folder to where it is hosted — a git branch (GitHub Pages) or
an S3-compatible bucket — without ever touching what the tool did not write.

Each site at a target (the public site, the internal one, each client's folder) owns what
its own publishes wrote, as the signed record says (:mod:`.record`). A publish writes only
its own site's files, removes only files its site's last publish wrote and nobody changed
since, and refuses — before writing anything — when a file it would write is someone
else's. Links are never followed, in the built folder or in the checked-out branch. An
internal build goes only to a target the user marks private.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import OutputError, shown
from generator.locale.labels import Labels
from generator.output.hosting import CSP_RECORD, HOST_FILES, previous_hashes
from generator.output.publish.planner import Changes, Plan, Target, Wanted, Words, conflict_line, plan
from generator.output.publish.record import (
    RECORD,
    TOP_OF_CLIENTS,
    Owned,
    Record,
    keys,
    read_local,
    trusted,
    write_local,
)
from generator.safepaths import LinkFound, plain_relative, walk_files

__all__ = ["Changes", "Site", "publish", "site_of", "where"]

NEVER = {".proposals-build.json", CSP_RECORD, RECORD, ".git", *HOST_FILES}
"""The output folder's own records, and the host files, which a publish makes anew for
every site at the target."""


@dataclass(frozen=True)
class Site:
    """What one publish sends: a site's files and how the record names it."""

    owner: str
    owned: Owned
    files: dict[str, Wanted]


def site_of(folder: Path, mode: str, t: Labels, *, slug: str = "", secret_folder: str = "") -> Site:
    """The site in a built folder: everything for the public or internal site; a client's
    secret folder and the placeholders at the top for a client."""
    try:
        listed = walk_files(folder)
    except LinkFound as link:
        raise OutputError(t("publish_link", where=shown(link.path))) from None
    files: dict[str, Wanted] = {}
    for name, path in listed:
        top = name.split("/", 1)[0]
        if top in NEVER or name in NEVER:
            continue
        if mode == "client":
            if name in TOP_OF_CLIENTS:
                files[name] = Wanted.of(path, weak=True)
            elif top == secret_folder:
                files[name] = Wanted.of(path)
            continue
        files[name] = Wanted.of(path)
    inline = previous_hashes(folder)
    owner = f"client:{slug}" if mode == "client" else mode
    return Site(owner, Owned(mode, secret_folder if mode == "client" else "", inline=inline), files)


def words(t: Labels) -> Words:
    return Words(
        not_its_own=t.publish_not_its_own,
        in_the_way=t.publish_in_the_way,
        not_written=t.publish_not_written,
        changed_since=t.publish_changed_since,
        another_site=t.publish_another_site,
        kept_placeholder=t.publish_kept_placeholder,
        left_changed=t.publish_left_changed,
        kept_host_file=t.publish_kept_host_file,
        refused=t.publish_refused,
        and_more=t.publish_and_more,
    )


def publish(
    site: Site, target: str, *, t: Labels, endpoint: str | None, dry_run: bool, message: str, root: Path
) -> Changes:
    kind, place, detail = where(target, t)
    with _opened(kind, place, detail, endpoint, t, root) as (opened, identity, signed_for):
        raw = opened.read_record()
        before, notes = _record_of(raw, identity, signed_for, t)
        worked = plan(site.owner, site.owned, site.files, before, opened, words(t))
        worked.changes.notes[:0] = notes
        if worked.conflicts:
            raise OutputError(conflict_line(worked.conflicts, words(t)))
        if dry_run:
            return worked.changes
        signing = keys()
        if not signing:
            raise OutputError(t.publish_no_key)
        _apply(opened, worked, kind)
        data = worked.record.signed(signing[0], signed_for)
        if worked.writes or worked.deletes or data != raw:
            opened.write_record(data)
            opened.finish(message)
        write_local(identity, data)
        return worked.changes


def _apply(opened: Any, worked: Plan, kind: str) -> None:
    if kind == "s3":  # what S3 can say of noindex rides on each object
        owners = worked.record.owners.values()
        public = any(o.mode == "public" for o in owners)
        opened.all_private = not public and any(o.mode != "public" for o in owners)
        opened.private_prefixes = [f"{o.prefix}/" for o in owners if o.mode != "public" and o.prefix]
    for name, want in sorted(worked.writes.items()):
        fingerprint = opened.write(name, want)
        for owned in worked.record.owners.values():
            if owned.files.get(name) == "":
                owned.files[name] = fingerprint
        if worked.record.hosting.get(name) == "":
            worked.record.hosting[name] = fingerprint
    for name in worked.deletes:
        opened.delete(name)


def _record_of(raw: bytes | None, identity: str, signed_for: str, t: Labels) -> tuple[Record, list[str]]:
    """The record to go by: the target's when this agency signed it, else this machine's own
    copy of its last publish there, else none (nothing is removed then)."""
    signing = keys()
    found, problem = trusted(raw, signed_for, signing)
    if found is not None:
        return found, []
    notes = []
    if problem:
        key = "publish_record_unreadable" if problem.startswith("it cannot") else "publish_record_unsigned"
        notes.append(t(key, file=RECORD))
    local, _ = trusted(read_local(identity), signed_for, signing)
    if local is not None:
        notes.append(t.publish_record_local)
        return local, notes
    return Record(), notes


@contextlib.contextmanager
def _opened(
    kind: str, place: str, detail: str, endpoint: str | None, t: Labels, root: Path
) -> Iterator[tuple[Target, str, str]]:
    if kind == "git":
        from generator.output.publish.git import GitTarget

        remote = _remote(place, root)
        with tempfile.TemporaryDirectory(prefix="proposals-publish-") as scratch:
            target = GitTarget(remote, detail, Path(scratch), t)
            target.open()
            yield target, f"git {remote}#{detail}", f"git#{detail}"
        return
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    from generator.output.publish.s3 import S3Target, s3_problem

    prefix = detail.strip("/")
    s3 = S3Target(boto3.client("s3", endpoint_url=endpoint), place, prefix, t)
    try:
        s3.open()
        yield s3, f"s3 {endpoint or ''} {place}/{prefix}", f"s3#{place}/{prefix}"
    except (BotoCoreError, ClientError) as exc:
        raise OutputError(
            t("publish_s3_failed", place=f"{place}/{prefix}", problem=s3_problem(exc))
        ) from None


def _remote(name: str, root: Path) -> str:
    """A remote of the workspace's repository by its name (``origin``), a folder by its path,
    or an address as it is."""
    import subprocess

    if name.startswith("-"):
        raise OutputError(f"--to git:{name}: a remote cannot start with '-'")
    found = subprocess.run(
        ["git", "-C", str(root), "remote", "get-url", "--", name], capture_output=True, text=True
    )
    if found.returncode == 0 and found.stdout.strip():
        return found.stdout.strip()
    path = Path(name)
    if path.exists():
        return str(path.absolute())
    return name


def where(target: str, t: Labels) -> tuple[str, str, str]:
    """("git", remote, branch) or ("s3", bucket, prefix) from --to; one line when it is neither."""
    from generator.output.publish.git import branch_ok

    if target.startswith("git:"):
        remote, _, branch = target[4:].partition("#")
        branch = branch or "gh-pages"
        if not remote:
            raise OutputError(t("publish_bad_target", target=target))
        if not branch_ok(branch):
            raise OutputError(t("publish_bad_branch", target=target, branch=branch))
        return "git", remote, branch
    if target.startswith("s3://"):
        bucket, _, prefix = target[5:].partition("/")
        if not bucket or (prefix.strip("/") and not plain_relative(prefix.strip("/"))):
            raise OutputError(t("publish_bad_target", target=target))
        return "s3", bucket, prefix
    raise OutputError(t("publish_bad_target", target=target))


def folder_of(path: Path, t: Labels) -> Path:
    if not path.is_dir() or path.is_symlink():
        raise OutputError(t("publish_not_built", folder=shown(path)))
    return path
