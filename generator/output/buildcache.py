"""What changed since the last build: plan summaries and the keys of built sites.

A rebuild must cost what the edit costs. Reading and checking every plan of a large
workspace on each build would not, so each valid plan leaves a small summary (JSON,
never code) keyed by its exact bytes and the generator that read it: an unchanged plan
is neither read nor checked again, and the home site is rebuilt only when a card on it
changes. Each built site has a key: the generator, the plan, the day as its findings
tell it, its sent versions, and the digest of every other file its build read (recorded
by :mod:`generator.inputs` as it read them, so nothing the site shows can be missing from
it). The output folder's manifest records the key once the site's bytes are in place (see
:mod:`generator.output.folder`); the next build reads the same files again, and a site
whose key comes out the same is reused as it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import pickle
import shutil
from importlib import resources
from pathlib import Path

from generator import __version__
from generator.analysis.settings import DoctorSettings
from generator.cache.store import Store, file_sha256, fingerprint
from generator.cache.versions import engine_versions
from generator.errors import PlanError
from generator.output.summaries import (
    PlanSummary,
    Unread,
    check,
    read_plans,
    report_key,
    stored_summary,
    summarise,
)
from generator.plans.files import plan_bytes
from generator.workspace import Workspace

HOME = "_home"
"""The name of the home site in an output folder's manifest (a plan slug never starts with '_')."""


class Snapshot:
    """One build's view of the workspace: digests are taken once and then trusted."""

    def __init__(self, workspace: Workspace, today: dt.date | None = None) -> None:
        self.workspace = workspace
        self.today = today or workspace.today()
        """The build's one clock: the plans' findings are judged on this day."""
        self.store = Store(workspace.cache_dir)
        self._trees: dict[Path, str] = {}
        self._files: dict[Path, str] = {}
        self._verified: dict[str, str] = {}
        self._generator: str | None = None
        self._packaged = False
        self._unread: dict[Path, tuple[str, bytes, DoctorSettings]] = {}
        """Plans whose summary came from the cache: (key, bytes, settings) for recall_reports."""

    # ------------------------------------------------------------------------ plans

    def summaries(
        self, files: list[Path], jobs: int | None = None
    ) -> tuple[list[PlanSummary], list[PlanError]]:
        """A summary per plan; only plans without one (new or edited) are read and checked,
        by ``jobs`` worker processes when there are many."""
        settings = DoctorSettings.from_options({**self.workspace.options, "today": self.today})
        slots: list[PlanSummary | PlanError | None] = []
        used: set[str] = set()
        unread: list[Unread] = []
        for path in files:
            raw = plan_bytes(path)
            if raw is None:
                # Unreadable or oversized: the loader says why, with the file's name.
                report = check(path, settings)
                # Readable after all (it changed under us): never reuse what it built.
                slots.append(report.error or summarise(report, path, os.urandom(16).hex()))
                continue
            content = hashlib.sha256(raw).hexdigest()
            # The file name is the slug, which the loader checks; errors are never summarised.
            key = fingerprint(self.generator(), path.name, settings.key(), content)
            used.add(key)
            summary = stored_summary(self.store.get("plans", key, 1 << 20), path, content)
            if summary is None or not self.store.has("reports", report_key(key)):
                unread.append(Unread(len(slots), path, raw, content, key))
                summary = None
            else:
                self._unread[path] = (key, raw, settings)
            slots.append(summary)
        if unread:
            self.packaged_data()  # before any worker is forked: each would read it again
            read = read_plans(unread, settings, self.store, jobs)
            for plan, (done, elsewhere) in zip(unread, read, strict=True):
                slots[plan.slot] = done
                if elsewhere:  # read by a worker: its report is recalled when a site asks for it
                    self._unread[plan.path] = (plan.key, plan.raw, settings)
        # Summaries of earlier versions of the plans are never read again; keep the folder small.
        self.store.keep_only("plans", used)
        self.store.keep_only("reports", {report_key(k) for k in used})
        found = [s for s in slots if isinstance(s, PlanSummary)]
        return found, [s for s in slots if isinstance(s, PlanError)]

    def packaged_data(self) -> None:
        """The knowledge base and the labels as an earlier build of this very generator read
        and validated them (a tenth of a second of YAML and validation a process), or read
        now and kept for the next build; before plans are checked or sites built."""
        if self._packaged:
            return
        from generator.knowledge import Knowledge, adopt, knowledge
        from generator.locale import labels

        self._packaged = True
        key = fingerprint(self.generator(), "knowledge and labels")
        kept = self.store.get("packaged", key)
        try:
            base, table = pickle.loads(kept) if kept is not None else (None, None)
        except Exception:  # an entry of an older Python or library: read again instead
            base, table = None, None
        if isinstance(base, Knowledge) and isinstance(table, dict):
            adopt(base)
            labels.adopt(table)
            return
        data = pickle.dumps((knowledge(), labels.table()), pickle.HIGHEST_PROTOCOL)
        self.store.put("packaged", key, data)
        self.store.keep_only("packaged", {key})

    def recall_reports(self) -> None:
        """Before sites are built: the reports of the plans this build did not read, as an
        earlier build made them from the same bytes, to be loaded when a site first asks for
        one (each forked worker loads its own plan's; the home, every plan's) instead of the
        plan being read and checked again. Sealed entries only (see cache.store): the bytes
        are ones this tool wrote for this user."""
        from generator.analysis.report import recall_later

        for path, (key, raw, settings) in self._unread.items():
            recall_later(path, settings, raw, functools.partial(self._kept_report, key))

    def _kept_report(self, key: str) -> object:
        kept = self.store.get("reports", report_key(key))
        try:
            return pickle.loads(kept) if kept is not None else None
        except Exception:  # an entry of an older Python or library: checked again instead
            return None

    # ------------------------------------------------------------------------ site keys

    def generator(self) -> str:
        """The generator's own code, templates and knowledge base, and the engines it drives
        (taken once: every plan's and site's key names it)."""
        if self._generator is None:
            versions = f"{engine_versions()} dot={dot_version()}"
            self._generator = f"{__version__} {versions} {self.tree(Path(str(resources.files('generator'))))}"
        return self._generator

    def tree(self, root: Path) -> str:
        if root not in self._trees:
            digest = hashlib.sha256()
            if root.is_dir():
                files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
                for path in files:
                    digest.update(str(path.relative_to(root)).encode() + b"\0")
                    digest.update(path.read_bytes())
            self._trees[root] = digest.hexdigest()
        return self._trees[root]

    def _common(self, mode: str, out_dir: Path) -> hashlib._Hash:
        """What feeds every site: access level, output folder, generator, theme and mkdocs.yml."""
        digest = hashlib.sha256()
        digest.update(
            f"{mode}\n{out_dir}\n{self.generator()}\n{self.tree(self.workspace.theme_dir)}\n".encode()
        )
        assert self.workspace.config_file is not None
        digest.update(self.workspace.config_file.read_bytes())
        return digest

    # ------------------------------------------------------------------------ what a build read

    def recorded(self, key: str | None) -> dict[str, str] | None:
        """What the build under ``key`` read besides its plans (see :mod:`generator.inputs`),
        or None when that is not known (never built here, or the record is gone)."""
        raw = self.store.get("reads", key, 1 << 24) if key else None
        if raw is None:
            return None
        try:
            found = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
            return None
        return {str(k): v for k, v in found.items()}

    def remember(self, key: str, reads: dict[str, str]) -> None:
        self.store.put("reads", key, json.dumps(reads, sort_keys=True).encode("utf-8"))

    def as_now(self, reads: dict[str, str]) -> dict[str, str]:
        """The same files as they stand now: a build that read them is current only if
        each is still what it read."""
        return {name: self.state(name) for name in reads}

    def state(self, name: str) -> str:
        """A recorded name's digest now: a folder (named with a trailing separator) by the
        state of everything in it, a file by its bytes, '-' for neither."""
        from generator.inputs.reader import folder_key, folder_state

        path = Path(name)
        return folder_state(path) if name == folder_key(path) else self.file(path)

    def file(self, path: Path) -> str:
        """A file's bytes as a digest ('-' where there is none); each file hashed once a build."""
        if path not in self._files:
            try:
                # A link is never followed (the build refuses it); only that it is one counts.
                self._files[path] = (
                    "link" if path.is_symlink() else file_sha256(path) if path.is_file() else "-"
                )
            except OSError:
                self._files[path] = "-"
        return self._files[path]

    def home_key(
        self, chosen: list[PlanSummary], mode: str, out_dir: Path, today: dt.date, reads: dict[str, str]
    ) -> str:
        """The home site changes when its cards do, not on every edit to a plan."""
        digest = self._common(mode, out_dir)
        digest.update(_reads_digest(reads).encode())
        # The home site also carries the agency's own pages from docs_dir.
        digest.update(self.tree(self.workspace.docs_dir).encode())
        card = "internal" if mode == "internal" else "public"
        for summary in chosen:
            digest.update(f"{summary.slug} {summary.cards[card]} {summary.expired(today)}\n".encode())
            if mode == "internal":  # the agency's cards show each proposal's version
                digest.update(self.versions(summary.slug, summary.language).encode())
                if (self.workspace.paths.versions / summary.slug).is_dir():
                    # "changed since sent" follows every edit of a plan that was sent
                    digest.update(summary.content.encode())
        return digest.hexdigest()

    def site_key(
        self, summary: PlanSummary, mode: str, out_dir: Path, today: dt.date, reads: dict[str, str]
    ) -> str:
        """What a proposal's site is made of: the generator, the plan, the day as far as the
        plan's findings and expiry tell it, its sent versions, and every other file its build
        read (``reads``: pictures, actuals, comments, the deck's logo and template), so that
        nothing it shows can be left out of its key."""
        digest = self._common(mode, out_dir)
        digest.update(_reads_digest(reads).encode())
        digest.update(f"{summary.slug} {summary.content}\n".encode())
        # An expiring plan changes on its expiry date with no edit to any file; a finding
        # that depends on the date (a next step now past) changes its pages on that day.
        digest.update(str(summary.expired(today)).encode())
        digest.update(json.dumps([f.as_json() for f in summary.findings], sort_keys=True).encode())
        if mode != "public":  # its "What changed" page and sent copies; public sites show none
            digest.update(self.versions(summary.slug, summary.language).encode())
        return digest.hexdigest()

    def versions(self, slug: str, language: str = "en") -> str:
        """The records of a proposal's sent versions, approvals and held reports: sending,
        approving or releasing rebuilds that proposal's pages."""
        from generator.versions.store import Versions, record_digest

        if slug not in self._verified:
            # Checked on every build, reused sites too: a sent file changed by hand stops the
            # build in one line instead of riding along unseen.
            for version in Versions(self.workspace.paths.versions, slug).sent():
                version.verify(language)
            self._verified[slug] = record_digest(self.workspace.paths.versions / slug)
        return self._verified[slug]


def _reads_digest(reads: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(reads, sort_keys=True).encode("utf-8")).hexdigest()


def dot_version() -> str:
    """The installed Graphviz, told by the bytes of its `dot` (a different Graphviz draws
    different diagrams). Reading the binary starts no process: an unchanged workspace
    rebuilds without a single `dot` run, and an upgrade, which replaces the binary,
    changes every key."""
    dot = shutil.which("dot")
    if dot is None:
        return "-"
    try:
        real = Path(dot).resolve()
        info = real.stat()
    except OSError:
        return "-"
    key = f"{real}:{info.st_size}:{info.st_ino}:{info.st_mtime_ns}"
    if key not in _dot_versions:
        try:
            _dot_versions[key] = fingerprint("dot", real.read_bytes())[:16]
        except OSError:
            return "-"
    return _dot_versions[key]


_dot_versions: dict[str, str] = {}
