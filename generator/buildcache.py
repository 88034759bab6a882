"""What changed since the last build: plan summaries and the keys of built sites.

A rebuild must cost what the edit costs. Reading and checking every plan of a large
workspace on each build would not, so each valid plan leaves a small summary (JSON,
never code) keyed by its exact bytes and the generator that read it: an unchanged plan
is neither read nor checked again, and the home site is rebuilt only when a card on it
changes. Each built site has a key (a hash of everything that feeds it) stored per
output folder; a site whose key is unchanged is reused as it is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from generator import __version__
from generator.check import PlanReport, check_files
from generator.errors import PlanError
from generator.load import plan_bytes, slug_for
from generator.workspace import Workspace

HOME = "_home"
"""The key name of the home site (a plan slug never starts with '_')."""


@dataclass(frozen=True)
class PlanSummary:
    """What a build needs to know of a valid plan without reading it."""

    slug: str
    path: Path
    content: str
    """Hash of the plan file's bytes."""
    access: str
    expires: str | None
    cards: dict[str, str]
    """Digest of the plan's home card, for internal and for public home pages."""

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > dt.date.fromisoformat(self.expires)


class Snapshot:
    """One build's view of the workspace: digests are taken once and then trusted."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.root = workspace.root / ".cache" / "sns-proposals"
        self._trees: dict[Path, str] = {}

    # ------------------------------------------------------------------------ plans

    def summaries(self, files: list[Path]) -> tuple[list[PlanSummary], list[PlanError]]:
        """A summary per plan; only plans without one (new or edited) are read and checked."""
        utm = self.workspace.options.get("utm") or {}
        found: list[PlanSummary] = []
        errors: list[PlanError] = []
        used: set[str] = set()
        for path in files:
            raw = plan_bytes(path)
            if raw is None:
                # Unreadable or oversized: the loader says why, with the file's name.
                report = check_files([path], utm)[0]
                if report.error:
                    errors.append(report.error)
                else:  # readable after all (it changed under us): never reuse what it built
                    found.append(_summarise(report, path, os.urandom(16).hex()))
                continue
            content = hashlib.sha256(raw).hexdigest()
            file = self.root / "plans" / f"{self._plan_key(path, content, utm)}.json"
            used.add(file.name)
            summary = _stored_summary(file, path, content)
            if summary is None:
                report = check_files([path], utm)[0]
                if report.error:
                    errors.append(report.error)
                    continue
                summary = _summarise(report, path, content)
                _store_summary(file, summary)
            found.append(summary)
        self._forget_others(used)
        return found, errors

    def _forget_others(self, used: set[str]) -> None:
        """Summaries of earlier versions of the plans are never read again; keep the folder small."""
        folder = self.root / "plans"
        if not folder.is_dir():
            return
        for entry in list(os.scandir(folder)):
            if entry.name.endswith(".json") and entry.name not in used:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)

    def _plan_key(self, path: Path, content: str, utm: object) -> str:
        digest = hashlib.sha256()
        # The file name is the slug, which the loader checks; errors are never summarised.
        digest.update(f"{self.generator()}\n{path.name}\n{json.dumps(utm, sort_keys=True)}\n".encode())
        digest.update(content.encode())
        return digest.hexdigest()

    # ------------------------------------------------------------------------ site keys

    def generator(self) -> str:
        """The generator's own code, templates and knowledge base, and the engines it drives."""
        return f"{__version__} {_engine_versions()} {self.tree(Path(str(resources.files('generator'))))}"

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

    def _common(self, mode: str) -> hashlib._Hash:
        """What feeds every site: the generator, theme/ and mkdocs.yml."""
        digest = hashlib.sha256()
        digest.update(f"{mode}\n{self.generator()}\n{self.tree(self.workspace.theme_dir)}\n".encode())
        assert self.workspace.config_file is not None
        digest.update(self.workspace.config_file.read_bytes())
        return digest

    def home_key(self, chosen: list[PlanSummary], mode: str) -> str:
        """The home site changes when its cards do, not on every edit to a plan."""
        digest = self._common(mode)
        # The home site also carries the agency's own pages from docs_dir.
        digest.update(self.tree(self.workspace.docs_dir).encode())
        card = "internal" if mode == "internal" else "public"
        for summary in chosen:
            digest.update(f"{summary.slug} {summary.cards[card]}\n".encode())
        return digest.hexdigest()

    def site_key(self, summary: PlanSummary, mode: str) -> str:
        digest = self._common(mode)
        digest.update(f"{summary.slug} {summary.content}\n".encode())
        # An expiring plan changes on its expiry date with no edit to any file.
        digest.update(str(summary.expired(dt.date.today())).encode())
        return digest.hexdigest()

    def stored_key(self, mode: str, out_dir: Path, name: str) -> str | None:
        try:
            return self._key_file(mode, out_dir, name).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None  # never built here, or the cache is unreadable: build it

    def store_key(self, mode: str, out_dir: Path, name: str, key: str) -> None:
        _write_atomic(self._key_file(mode, out_dir, name), key + "\n")

    def _key_file(self, mode: str, out_dir: Path, name: str) -> Path:
        # Keyed by output folder too: a key says what *that* folder holds.
        where = hashlib.sha256(str(out_dir).encode()).hexdigest()[:16]
        return self.root / "builds" / mode / where / f"{name}.key"


def _summarise(report: PlanReport, path: Path, content: str) -> PlanSummary:
    from generator.pages import proposal_card

    assert report.loaded is not None
    plan = report.loaded.plan
    cards = {
        name: hashlib.sha256(
            json.dumps(proposal_card(report.loaded, "", internal=internal), sort_keys=True).encode()
        ).hexdigest()
        for name, internal in (("internal", True), ("public", False))
    }
    expires = plan.expires.isoformat() if plan.expires else None
    return PlanSummary(report.slug, path, content, plan.access, expires, cards)


def _stored_summary(file: Path, path: Path, content: str) -> PlanSummary | None:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return PlanSummary(
            slug_for(path),
            path,
            content,
            str(data["access"]),
            data["expires"],
            {"internal": str(data["cards"]["internal"]), "public": str(data["cards"]["public"])},
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: read the plan again


def _store_summary(file: Path, summary: PlanSummary) -> None:
    data = {"access": summary.access, "expires": summary.expires, "cards": summary.cards}
    _write_atomic(file, json.dumps(data, sort_keys=True) + "\n")


def _write_atomic(path: Path, text: str) -> None:
    # A cache that cannot be written (read-only checkout, full disk) only costs speed:
    # the next build reads the plan or builds the site again.
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)


@functools.cache
def _engine_versions() -> str:
    """An upgrade of MkDocs, Material or Markdown changes every page without a file here changing."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2"):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=-")
    return " ".join(found)
