"""The one cache: sealed entries on disk, one atomic write, bounded memos in memory.

Everything a build can redo (plan summaries, diagrams, compiled templates) is kept here so
that the next run can skip it. Nothing read back is trusted: each entry carries a seal
(an HMAC of its kind, key and bytes under the user's own key, see :mod:`generator.cache.key`),
and an entry that is missing, truncated, replaced by a link, too large, altered or forged
reads as absent, so the work is simply done again. A cache that cannot be written or read
(read-only checkout, full disk, no key) costs speed, never correctness.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import stat
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Generic, TypeVar

_MAGIC = b"sns-proposals cache 2\n"
_SEAL_BYTES = 64
MAX_ENTRY_BYTES = 16 * 1024 * 1024
_KEY = re.compile(r"[0-9a-f]{64}")

K = TypeVar("K")
V = TypeVar("V")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks (a sent deck or a bundle may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(*parts: object) -> str:
    """A hash of every part, each framed so that ("ab", "c") and ("a", "bc") differ."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Replace ``path`` with ``data`` in one rename: a reader sees the old or the new file, whole.

    Raises OSError; callers that treat the file as a cache swallow it, outputs do not.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.filename is None:  # a full disk says so without naming the file
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        with contextlib.suppress(OSError):
            fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes, never through a symbolic link and never more than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


class Store:
    """Sealed entries under ``root/<kind>/<key>``; ``root=None`` keeps nothing on disk."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._secret: bytes | None = None
        if root is not None:
            from generator.cache.key import cache_key

            self._secret = cache_key(root)
            if self._secret is None:
                self.root = None  # no key, no disk: nothing unsealed is ever trusted

    def _file(self, kind: str, key: str) -> Path | None:
        if self.root is None or not key.replace("-", "").isalnum():
            return None
        return self.root / kind / key

    def _seal(self, kind: str, key: str, payload: bytes) -> bytes:
        assert self._secret is not None
        framed = fingerprint("seal", kind, key, hashlib.sha256(payload).hexdigest())
        return hmac.new(self._secret, framed.encode("ascii"), hashlib.sha256).hexdigest().encode("ascii")

    def get(self, kind: str, key: str, limit: int = MAX_ENTRY_BYTES) -> bytes | None:
        file = self._file(kind, key)
        if file is None:
            return None
        raw = read_regular(file, limit + len(_MAGIC) + _SEAL_BYTES + 1)
        if raw is None:
            return None
        head, seal, payload = (
            raw[: len(_MAGIC)],
            raw[len(_MAGIC) : len(_MAGIC) + _SEAL_BYTES],
            raw[len(_MAGIC) + _SEAL_BYTES + 1 :],
        )
        if head != _MAGIC or not hmac.compare_digest(seal, self._seal(kind, key, payload)):
            with contextlib.suppress(OSError):
                file.unlink()  # damaged: make room for a good copy
            return None
        return payload

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is there (its seal is checked when it is read)."""
        file = self._file(kind, key)
        return file is not None and file.is_file()

    def put(self, kind: str, key: str, payload: bytes) -> None:
        file = self._file(kind, key)
        if file is None:
            return
        data = _MAGIC + self._seal(kind, key, payload) + b"\n" + payload
        with contextlib.suppress(OSError):
            write_atomic(file, data)

    def touch(self, kind: str, key: str) -> None:
        """Mark an entry as just used, so that ``keep_recent`` keeps it."""
        file = self._file(kind, key)
        if file is not None:
            with contextlib.suppress(OSError):
                os.utime(file)

    def keep_recent(self, kind: str, count: int) -> None:
        """Drop all but the ``count`` entries of ``kind`` used last (when there are a tenth more,
        so that a run does not list the folder after every entry)."""
        folder = self._file(kind, "x")
        if folder is None:
            return
        with contextlib.suppress(OSError):
            entries = [e for e in os.scandir(folder.parent) if _KEY.fullmatch(e.name)]
            if len(entries) <= count * 11 // 10:
                return
            entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime, reverse=True)
            for entry in entries[count:]:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)

    def keep_only(self, kind: str, keys: Iterable[str]) -> None:
        """Drop every entry of ``kind`` but ``keys`` (earlier versions are never read again)."""
        folder = self._file(kind, "x")
        if folder is None:
            return
        wanted = set(keys)
        with contextlib.suppress(OSError):
            for entry in list(os.scandir(folder.parent)):
                # Only entries of ours (a key is a hex digest); anything else there stays.
                if entry.name not in wanted and _KEY.fullmatch(entry.name):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


class Memo(Generic[K, V]):
    """A small in-process memo that forgets its oldest entry: long `serve` runs stay flat."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


_code_digests: dict[str, str] = {}


def code_digest(package: str) -> str:
    """The digest of one package's own Python sources: what a cached product made by that
    code depends on besides its inputs (read once a process)."""
    if package not in _code_digests:
        import importlib

        folder = Path(str(importlib.import_module(package).__path__[0]))
        digest = hashlib.sha256()
        for source in sorted(folder.glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
        _code_digests[package] = digest.hexdigest()
    return _code_digests[package]
