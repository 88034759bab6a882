"""The versions folder of one proposal: ``versions/<slug>/v<N>/`` as sent, and what the
client said of them.

A sent version is written once, into a folder of its own that did not exist before, and
never changed: each of its files is listed with its SHA-256 in ``version.json``, and every
reader checks the files against that list before it trusts them. ``approvals.json`` records
which version the client approved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cache.store import file_sha256, read_regular, write_atomic
from generator.errors import UserError, shown
from generator.safepaths import LinkFound, plain_relative, walk_files

if TYPE_CHECKING:
    from generator.plans.load import LoadedPlan

VERSION_FILE = "version.json"
APPROVALS_FILE = "approvals.json"
PLAN_FILE = "plan.yaml"
HELD_FILE = "held.json"
SITE_FOLDER = "site"
"""The client pages of a sent version, inside its folder."""
FOLDER = re.compile(r"^v([1-9][0-9]{0,5})$")
MAX_RECORD_BYTES = 4 * 1024 * 1024


class VersionError(UserError):
    """A sent version that is missing, damaged or changed after it was sent."""

    exit_code = 2


@dataclass(frozen=True)
class SentVersion:
    """What ``version.json`` says of one sent version."""

    number: int
    date: str
    by: str
    note: str
    plan_sha256: str
    files: dict[str, str]
    folder: Path

    @property
    def name(self) -> str:
        return f"v{self.number}"

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "date": self.date,
            "by": self.by,
            "note": self.note,
            "plan_sha256": self.plan_sha256,
            "files": self.files,
        }

    def verify(self, language: str = "en") -> None:
        """Every listed file there with its sent bytes, nothing added and no link; else one
        line, in ``language``."""
        from generator.locale.labels import labels

        t = labels(language)
        try:
            found = {name for name, _ in walk_files(self.folder) if name != VERSION_FILE}
        except LinkFound as link:
            raise VersionError(t("version_link", file=shown(link.path), version=self.name)) from None
        except OSError as exc:
            raise VersionError(f"{shown(self.folder)}: {exc.strerror or exc}") from None
        extra = sorted(found - set(self.files))
        if extra:
            raise VersionError(t("version_extra", file=shown(self.folder / extra[0]), version=self.name))
        for name, digest in sorted(self.files.items()):
            path = self.folder / name
            if not (path.is_file() and not path.is_symlink() and file_sha256(path) == digest):
                raise VersionError(t("version_changed", file=shown(path), version=self.name))

    def plan(self) -> LoadedPlan:
        """The plan as it was sent."""
        from generator.plans.load import parse_plan  # the plan model only when a version is read

        path = self.folder / PLAN_FILE
        return parse_plan(path.read_text(encoding="utf-8"), self.folder.parent.name, str(shown(path)))


def _files(listed: Any) -> dict[str, str]:
    """A version's files, each a plain path inside its folder with a SHA-256 (a record that
    names a place outside it, ``../`` or absolute, is no version record)."""
    files = {}
    for name, digest in dict(listed).items():
        if not plain_relative(name) or not re.fullmatch(r"[0-9a-f]{64}", str(digest)):
            raise ValueError(f"'{name}' is not a file of the version")
        files[str(name)] = str(digest)
    return files


@dataclass(frozen=True)
class Approval:
    version: int
    by: str
    date: str


class Versions:
    """The sent versions of one proposal."""

    def __init__(self, root: Path, slug: str) -> None:
        self.slug = slug
        self.folder = root / slug

    def sent(self) -> list[SentVersion]:
        """Every sent version, oldest first (damaged version.json files are said in one line)."""
        if not self.folder.is_dir():
            return []
        found = []
        for entry in self.folder.iterdir():
            match = FOLDER.match(entry.name)
            if match and entry.is_symlink():
                raise VersionError(f"{shown(entry)}: a link where a sent version belongs; remove it")
            if match and entry.is_dir():
                found.append(self._read(entry, int(match[1])))
        return sorted(found, key=lambda v: v.number)

    def get(self, number: int) -> SentVersion:
        for version in self.sent():
            if version.number == number:
                return version
        names = ", ".join(v.name for v in self.sent()) or "none yet"
        raise VersionError(f"{self.slug} has no sent version v{number} (sent: {names})")

    def latest(self) -> SentVersion | None:
        sent = self.sent()
        return sent[-1] if sent else None

    def matching(self, digest: str) -> SentVersion | None:
        """The newest sent version with this plan hash (the plan unchanged since it was sent)."""
        return next((v for v in reversed(self.sent()) if v.plan_sha256 == digest), None)

    def _read(self, folder: Path, number: int) -> SentVersion:
        path = folder / VERSION_FILE
        try:
            raw = read_regular(path, MAX_RECORD_BYTES)
            if raw is None:
                raise FileNotFoundError(path)
            data = json.loads(raw.decode("utf-8"))
            if data["number"] != number:
                raise ValueError("its number is not its folder's")
            return SentVersion(
                number,
                str(data["date"]),
                str(data["by"]),
                str(data.get("note") or ""),
                str(data["plan_sha256"]),
                _files(data["files"]),
                folder,
            )
        except FileNotFoundError:
            raise VersionError(
                f"{shown(path)}: missing (or not a plain file); the folder is not a sent version"
            ) from None
        except (ValueError, KeyError, TypeError) as exc:
            raise VersionError(f"{shown(path)}: not a version record ({exc})") from None

    # ------------------------------------------------------------------------ approvals

    def approvals(self) -> list[Approval]:
        path = self.folder / APPROVALS_FILE
        if not path.is_file():
            return []
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return [Approval(int(a["version"]), str(a["by"]), str(a["date"])) for a in data["approvals"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise VersionError(f"{shown(path)}: not an approvals record ({exc})") from None

    def approve(self, number: int, by: str, date: dt.date) -> Approval:
        self.get(number).verify()  # only what was sent, unchanged, can be approved
        approval = Approval(number, by, date.isoformat())
        records = [*self.approvals(), approval]
        save_record(self.folder / APPROVALS_FILE, {"approvals": [a.__dict__ for a in records]})
        return approval

    def approved(self, stated: Any = None) -> int | None:
        """The approved version: the plan's own ``approved:`` when it says, else the last
        approval recorded."""
        if stated is not None:
            return int(stated.version)
        records = self.approvals()
        return records[-1].version if records else None


class Held:
    """Monthly reports held for review (``versions/<slug>/held.json``): until released they
    reach the agency's own build only."""

    def __init__(self, versions: Versions) -> None:
        self.path = versions.folder / HELD_FILE

    def months(self) -> list[str]:
        if not self.path.is_file():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return sorted({str(m) for m in data["held"]})
        except (ValueError, KeyError, TypeError) as exc:
            raise VersionError(f"{shown(self.path)}: not a list of held months ({exc})") from None

    def hold(self, month: str) -> None:
        self._write(sorted({*self.months(), month}))

    def release(self, month: str) -> bool:
        months = self.months()
        if month not in months:
            return False
        self._write([m for m in months if m != month])
        return True

    def _write(self, months: list[str]) -> None:
        save_record(self.path, {"held": months})


def save_record(path: Path, data: dict[str, Any]) -> None:
    """A small JSON record, replaced whole and flushed to disk (an approval must not be lost)."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"), durable=True)


def mike_versions(sent: list[SentVersion], language: str) -> list[dict[str, Any]]:
    """``versions.json`` as mike writes it (newest first, the newest aliased ``latest``):
    Material's and Zensical's version selector read it from the folder above each version."""
    entries = []
    for version in reversed(sent):
        title = f"{version.name} ({version.date})" if language != "ja" else f"{version.name}({version.date})"
        aliases = ["latest"] if version is sent[-1] else []
        entries.append({"version": version.name, "title": title, "aliases": aliases})
    return entries


def record_digest(folder: Path) -> str:
    """A digest of a proposal's version records (not of the sent files: those never change)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")) + sorted(folder.glob(f"v*/{VERSION_FILE}")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
