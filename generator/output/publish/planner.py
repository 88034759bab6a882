"""What one publish does at its target, worked out before anything is touched.

The target is asked what is there; the trusted record says which of it the tool wrote and
for which site. A site's files are written where nothing is, or where the tool wrote the file
for this site and nobody changed it since; a file someone else put there, or another site's,
stops the publish (nothing written) unless it is a placeholder. A file is removed only when
this site's last publish wrote it, no other site lists it, and it is still exactly as written.
The host files are made for every site the target holds, together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.output.hosting import CSP_RECORD, Inline, host_files
from generator.output.publish.record import Owned, Record

_SHOWN_CONFLICTS = 3


@dataclass(frozen=True)
class Wanted:
    """A file this publish puts at the target."""

    source: Path | bytes
    sha256: str
    weak: bool = False
    """A placeholder (a client's empty top page, robots.txt): another site's file wins."""

    @classmethod
    def of(cls, source: Path | bytes, *, weak: bool = False) -> Wanted:
        if isinstance(source, bytes):
            return cls(source, hashlib.sha256(source).hexdigest(), weak)
        from generator.cache.store import file_sha256

        return cls(source, file_sha256(source), weak)

    def data(self) -> bytes:
        return self.source if isinstance(self.source, bytes) else self.source.read_bytes()


class Target(Protocol):
    def read_record(self) -> bytes | None:
        """The record at the target, as bytes (not yet trusted)."""

    def write_record(self, data: bytes) -> None: ...

    def write(self, name: str, wanted: Wanted) -> str:
        """Put the file there; the target's fingerprint of it."""

    def delete(self, name: str) -> None: ...

    def finish(self, message: str) -> None:
        """Make the changes one (a commit pushed); nothing for a bucket."""

    def fingerprint(self, name: str) -> str | None:
        """What the target holds at ``name`` (None: nothing; '' something no file of ours can
        be, a folder or a link)."""

    def same(self, name: str, wanted: Wanted) -> bool:
        """Whether the file at ``name`` has the wanted bytes already."""

    def blocked(self, name: str) -> bool:
        """Whether a file or link stands where a folder on the way to ``name`` must be."""


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: int = 0
    notes: list[str] = field(default_factory=list)

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

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class Plan:
    changes: Changes
    writes: dict[str, Wanted]
    deletes: list[str]
    record: Record
    """The record after the publish; fingerprints of written files are filled in as they are written."""
    conflicts: list[tuple[str, str]]


def plan(
    owner: str, mine: Owned, wanted: dict[str, Wanted], before: Record, target: Target, words: Words
) -> Plan:
    changes = Changes()
    writes: dict[str, Wanted] = {}
    conflicts: list[tuple[str, str]] = []
    after = Record({k: _copy(v) for k, v in before.owners.items() if k != owner}, dict(before.hosting))
    claimed = Owned(mine.mode, mine.prefix, inline=mine.inline)
    after.owners[owner] = claimed
    for name, want in sorted(wanted.items()):
        if not claimed.allows(name):
            conflicts.append((name, words.not_its_own))
            continue
        now = target.fingerprint(name)
        if now is None:
            if target.blocked(name):
                conflicts.append((name, words.in_the_way))
                continue
            _claim(after, owner, name, want, writes, changes.added)
            continue
        writers = [o for o, owned in before.owners.items() if owned.files.get(name) == now]
        strong = [o for o in writers if o != owner and name not in before.owners[o].weak]
        if not writers and target.same(name, want):
            # The very bytes this publish would write (a record lost, a first publish of
            # the same build): writing them changes nothing, so they are this site's.
            changes.kept += 1
            claimed.files[name] = now
            if want.weak:
                claimed.weak.add(name)
            continue
        if not writers:
            if want.weak:
                changes.notes.append(words.kept_placeholder.format(name=name))
            else:
                changed = any(name in owned.files for owned in before.owners.values())
                conflicts.append((name, words.changed_since if changed else words.not_written))
            continue
        same = target.same(name, want)
        if strong and not same:
            if want.weak:
                continue  # another site's own file stands there: the placeholder gives way
            conflicts.append((name, words.another_site.format(site=_site(strong[0]))))
            continue
        if same:
            changes.kept += 1
            claimed.files[name] = now
            if want.weak:
                claimed.weak.add(name)
            continue
        for other in writers:  # their placeholder is replaced: it is theirs no more
            if other != owner:
                after.owners[other].files.pop(name, None)
                after.owners[other].weak.discard(name)
        _claim(after, owner, name, want, writes, changes.changed)
    deletes = []
    previous = before.owners.get(owner)
    for name, written in sorted((previous.files if previous else {}).items()):
        if name in wanted or after.owning(name):
            continue
        now = target.fingerprint(name)
        if now is None:
            continue
        if now == written and not target.blocked(name):
            deletes.append(name)
            changes.removed.append(name)
        else:
            changes.notes.append(words.left_changed.format(name=name))
    _hosting(after, target, writes, changes, words)
    return Plan(changes, writes, deletes, after, conflicts)


def _claim(
    after: Record, owner: str, name: str, want: Wanted, writes: dict[str, Wanted], into: list[str]
) -> None:
    writes[name] = want
    after.owners[owner].files[name] = ""  # filled in with what the target says once written
    if want.weak:
        after.owners[owner].weak.add(name)
    into.append(name)


def _hosting(
    after: Record, target: Target, writes: dict[str, Wanted], changes: Changes, words: Words
) -> None:
    """The host files for every site the target will hold, written where they are the tool's."""
    inline = Inline()
    for owned in after.owners.values():
        inline |= owned.inline
    scopes = [owned.scope for _, owned in sorted(after.owners.items())]
    for name, data in sorted(host_files(scopes, inline).items()):
        if name == CSP_RECORD:
            continue
        want = Wanted.of(data)
        now = target.fingerprint(name)
        if now is None:
            if not target.blocked(name):
                writes[name] = want
                after.hosting[name] = ""
                changes.added.append(name)
            continue
        same = target.same(name, want)
        if same:
            after.hosting[name] = now
            changes.kept += 1
        elif after.hosting.get(name) == now:
            writes[name] = want
            after.hosting[name] = ""
            changes.changed.append(name)
        else:
            changes.notes.append(words.kept_host_file.format(name=name))
            after.hosting.pop(name, None)


def conflict_line(conflicts: list[tuple[str, str]], words: Words) -> str:
    shown = "; ".join(f"{name}: {why}" for name, why in conflicts[:_SHOWN_CONFLICTS])
    more = len(conflicts) - _SHOWN_CONFLICTS
    return words.refused.format(listed=shown + (words.and_more.format(count=more) if more > 0 else ""))


def _site(owner: str) -> str:
    return owner.removeprefix("client:")


def _copy(owned: Owned) -> Owned:
    return Owned(owned.mode, owned.prefix, dict(owned.files), set(owned.weak), owned.inline)


@dataclass(frozen=True)
class Words:
    """What a publish says, in the language of what is published."""

    not_its_own: str
    in_the_way: str
    not_written: str
    changed_since: str
    another_site: str
    kept_placeholder: str
    left_changed: str
    kept_host_file: str
    refused: str
    and_more: str
