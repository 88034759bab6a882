"""A git branch as a publish target (GitHub Pages): fetched into a scratch folder, changed
there, committed and pushed. A branch that holds a link or a submodule is refused before
anything is written: writing through a link could reach outside the checkout."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

from generator.cache.store import file_sha256, read_regular
from generator.errors import OutputError
from generator.locale.labels import Labels
from generator.output.publish.planner import Wanted
from generator.output.publish.record import MAX_RECORD_BYTES, RECORD
from generator.safepaths import inside_without_links

_LINK_MODES = ("120000", "160000")
"""A symbolic link and a submodule, as git lists them."""
_SAFE_CONFIG = (
    "-c", "protocol.ext.allow=never",
    "-c", "core.symlinks=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "user.name=sns-proposals",
    "-c", "user.email=proposals@localhost",
)  # fmt: skip


class GitTarget:
    def __init__(self, remote: str, branch: str, work: Path, t: Labels) -> None:
        self.remote, self.branch, self.work, self.t = remote, branch, work, t

    # ------------------------------------------------------------------------ git

    def _git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["git", *_SAFE_CONFIG, *args],
            cwd=self.work,
            capture_output=True,
            text=True,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1"},
        )
        if check and result.returncode != 0:
            raise self._failed(args[0], result.stderr)
        return result

    def _failed(self, step: str, stderr: str) -> OutputError:
        problem = (stderr.strip().splitlines() or ["git failed"])[-1]
        return OutputError(self.t("publish_git_failed", step=step, remote=self.remote, problem=problem))

    def open(self) -> None:
        """The branch's tip, checked out; a new orphan branch when the remote has none."""
        self._git("init", "-q")
        fetched = self._git(
            "fetch", "-q", "--depth", "1", "--", self.remote, f"refs/heads/{self.branch}", check=False
        )
        if fetched.returncode == 0:
            self._refuse_links()
            self._git("checkout", "-q", "-B", self.branch, "FETCH_HEAD")
        elif "couldn't find remote ref" in fetched.stderr or "not found" in fetched.stderr.lower():
            self._git("checkout", "-q", "--orphan", self.branch)
        else:
            raise self._failed("fetch", fetched.stderr)

    def _refuse_links(self) -> None:
        listing = self._git("ls-tree", "-r", "-z", "--full-tree", "FETCH_HEAD").stdout
        for entry in listing.split("\0"):
            meta, _, name = entry.partition("\t")
            if meta.split(" ", 1)[0] in _LINK_MODES:
                where = f"{self.remote}#{self.branch}:{name}"
                raise OutputError(self.t("publish_link", where=where))

    def finish(self, message: str) -> None:
        self._git("add", "-A")
        self._git("commit", "-q", "--no-verify", "-m", message)
        self._git("push", "-q", "--", self.remote, f"HEAD:refs/heads/{self.branch}")

    # ------------------------------------------------------------------------ files

    def fingerprint(self, name: str) -> str | None:
        path = self.work / name
        if not inside_without_links(self.work, name):
            return ""
        try:
            info = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        return f"sha256:{file_sha256(path)}" if stat.S_ISREG(info.st_mode) else ""

    def same(self, name: str, wanted: Wanted) -> bool:
        return self.fingerprint(name) == f"sha256:{wanted.sha256}"

    def blocked(self, name: str) -> bool:
        return not inside_without_links(self.work, name)

    def write(self, name: str, wanted: Wanted) -> str:
        if not inside_without_links(self.work, name):
            raise OutputError(self.t("publish_link", where=f"{self.remote}#{self.branch}:{name}"))
        path = self.work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(wanted.data())
        return f"sha256:{wanted.sha256}"

    def delete(self, name: str) -> None:
        path = self.work / name
        if inside_without_links(self.work, name) and stat.S_ISREG(os.lstat(path).st_mode):
            path.unlink()

    def read_record(self) -> bytes | None:
        return read_regular(self.work / RECORD, MAX_RECORD_BYTES)

    def write_record(self, data: bytes) -> None:
        self.write(RECORD, Wanted.of(data))
        nojekyll = self.work / ".nojekyll"
        if not os.path.lexists(nojekyll):  # GitHub Pages would hide _protect/ and _sealed/
            self.write(".nojekyll", Wanted.of(b""))


def branch_ok(branch: str) -> bool:
    """A branch name git accepts and that cannot be read as an option or a path outside refs."""
    if not branch or branch.startswith("-") or not re.fullmatch(r"[A-Za-z0-9._/-]{1,200}", branch):
        return False
    result = subprocess.run(["git", "check-ref-format", "--branch", branch], capture_output=True, text=True)
    return result.returncode == 0
