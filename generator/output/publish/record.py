"""What a publish wrote at a target, per site, kept where the target cannot forge it.

The record travels with the target (``.proposals-published.json``) so that the next publish,
from this machine or another, knows which files are the tool's; it is signed with an
HMAC-SHA256 under the agency's key (derived from ``PROPOSALS_SECRET`` when it is set, else the
user's own key), so a record that anyone with write access to the branch or bucket could have
written is ignored. A copy stays on this machine, outside every workspace, for when the
target's copy cannot be trusted. Every path in a record is checked to be a plain path inside
the target, and each site may own only its own part of it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache.key import state_folder, user_key
from generator.cache.store import read_regular, write_atomic
from generator.output.hosting import Inline, Scope
from generator.safepaths import plain_relative

RECORD = ".proposals-published.json"
FORMAT = 2
MAX_RECORD_BYTES = 32 * 1024 * 1024
LEVELS = ("internal", "public", "client")
TOP_OF_CLIENTS = ("index.html", "robots.txt")
"""What a client's publish puts at the top of a target besides the host files: placeholders
that any other site there may replace (they hold nothing of the client)."""
_OWNER = re.compile(r"^(public|internal|client:[a-z0-9][a-z0-9_-]{0,99})$")
_SECRET_FOLDER = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_PURPOSE = b"sns-proposals publish record\n"


@dataclass
class Owned:
    """One site at the target: its level, where it lives, and each file it wrote there with
    the target's fingerprint of it at the time (a file changed since is no longer the tool's)."""

    mode: str
    prefix: str
    files: dict[str, str] = field(default_factory=dict)
    weak: set[str] = field(default_factory=set)
    inline: Inline = field(default_factory=Inline)

    @property
    def scope(self) -> Scope:
        return Scope(f"/{self.prefix}" if self.prefix else "", self.mode)

    def allows(self, name: str) -> bool:
        """Whether this site may own ``name`` at all: a client only its folder and the top placeholders."""
        if not plain_relative(name) or name == RECORD:
            return False
        if self.mode != "client":
            return True
        return name.startswith(f"{self.prefix}/") or name in TOP_OF_CLIENTS

    def as_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "prefix": self.prefix,
            "files": dict(sorted(self.files.items())),
            "weak": sorted(self.weak),
            "inline": self.inline.as_json(),
        }


@dataclass
class Record:
    owners: dict[str, Owned] = field(default_factory=dict)
    hosting: dict[str, str] = field(default_factory=dict)
    """The host files, written for every site at the target together."""

    def owning(self, name: str) -> list[str]:
        return [owner for owner, owned in sorted(self.owners.items()) if name in owned.files]

    def body(self) -> dict[str, Any]:
        return {
            "tool": "sns-proposals",
            "format": FORMAT,
            "owners": {name: owned.as_json() for name, owned in sorted(self.owners.items())},
            "hosting": dict(sorted(self.hosting.items())),
        }

    def signed(self, key: bytes, place: str) -> bytes:
        body = self.body()
        data = {**body, "signature": _signature(key, place, body)}
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _signature(key: bytes, place: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    message = _PURPOSE + place.encode("utf-8") + b"\n" + canonical.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def keys() -> list[bytes]:
    """The keys a record may be signed with, the one to sign with first: the agency's shared
    secret (the same on every machine that publishes), then the user's own key."""
    from generator.output.secret import SECRET_ENV, weakness

    found = []
    shared = os.environb.get(SECRET_ENV.encode()) if os.supports_bytes_environ else None
    if shared and not weakness(shared):
        found.append(hmac.new(shared, _PURPOSE, hashlib.sha256).digest())
    own = user_key()
    if own is not None:
        found.append(hmac.new(own, _PURPOSE, hashlib.sha256).digest())
    return found


def trusted(raw: bytes | None, place: str, signing: list[bytes]) -> tuple[Record | None, str]:
    """The record in ``raw`` when one of ``signing`` signed it for ``place`` and every path in
    it is a site's own; else (None, why not) — '' when there was no record at all."""
    if not raw:
        return None, ""
    try:
        data = json.loads(raw.decode("utf-8"))
        signature = str(data.pop("signature", ""))
        if data.get("tool") != "sns-proposals":
            return None, "it is not a record of sns-proposals"
        if not any(hmac.compare_digest(_signature(k, place, data), signature) for k in signing):
            return None, "it is not signed with this agency's key"
        return _parse(data), ""
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return None, f"it cannot be read ({exc})"


def _parse(data: dict[str, Any]) -> Record:
    if data.get("format") != FORMAT:
        raise ValueError(f"format {data.get('format')!r}")
    owners = {}
    for name, entry in dict(data["owners"]).items():
        mode, prefix = str(entry["mode"]), str(entry["prefix"])
        if not _OWNER.match(str(name)) or mode not in LEVELS:
            raise ValueError(f"no such site '{name}'")
        if (mode == "client") != bool(prefix) or (prefix and not _SECRET_FOLDER.match(prefix)):
            raise ValueError(f"'{name}' has no place of its own")
        owned = Owned(mode, prefix, inline=Inline.from_json(entry.get("inline")))
        for path, fingerprint in dict(entry["files"]).items():
            if not owned.allows(str(path)) or not isinstance(fingerprint, str) or len(fingerprint) > 200:
                raise ValueError(f"'{name}' names '{path}', which is not its own")
            owned.files[str(path)] = fingerprint
        owned.weak = {str(p) for p in entry.get("weak") or [] if str(p) in owned.files}
        owners[str(name)] = owned
    hosting = {}
    for path, fingerprint in dict(data.get("hosting") or {}).items():
        if not plain_relative(path) or "/" in path or not isinstance(fingerprint, str):
            raise ValueError(f"'{path}' is not a host file")
        hosting[str(path)] = fingerprint
    return Record(owners, hosting)


# ---------------------------------------------------------------------------- this machine's copy


def local_file(identity: str) -> Path:
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:40]
    return state_folder() / "published" / f"{digest}.json"


def read_local(identity: str) -> bytes | None:
    return read_regular(local_file(identity), MAX_RECORD_BYTES)


def write_local(identity: str, data: bytes) -> None:
    """Kept beside the user's key (a folder only the user can open); a copy that cannot be
    written costs only the fallback."""
    path = local_file(identity)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, data, durable=True)
    except OSError:
        pass
