"""The key that seals cache entries, kept where the cache folder's writers cannot reach it.

A seal anyone can recompute (a plain hash) proves only that an entry was not damaged by
accident. Entries of this cache become code (compiled templates), markup (diagrams) and
access decisions (plan summaries), so they are sealed with an HMAC under a key of the
user's own: outside every workspace, made on first use with owner-only permissions. Whoever
can write ``.cache/`` but not the user's home cannot forge an entry. When no key can be
had, entries are neither written nor trusted: the cache costs speed only.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import stat
from pathlib import Path

KEY_ENV = "PROPOSALS_CACHE_KEY_FILE"
"""Where the key file is, when not in the default place (tests, shared build machines)."""
KEY_BYTES = 32


def key_file() -> Path:
    """``$PROPOSALS_CACHE_KEY_FILE``, else ``$XDG_STATE_HOME/sns-proposals/cache.key``
    (``~/.local/state/…``)."""
    configured = os.environ.get(KEY_ENV)
    if configured:
        return Path(configured)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "sns-proposals" / "cache.key"


@functools.cache
def _key_at(path: str) -> bytes | None:
    file = Path(path)
    found = _read_key(file)
    if found is not None:
        return found
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
    # Read back what is there: another process may have made it first.
    return _read_key(file)


def _read_key(file: Path) -> bytes | None:
    """The key, only from a regular file of this user's that nobody else can read or write."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_mode & 0o077
            or (hasattr(os, "getuid") and info.st_uid != os.getuid())
        ):
            return None
        data = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == KEY_BYTES else None


def cache_key(cache_root: Path) -> bytes | None:
    """The sealing key, or None when there is none to be had (the disk cache is then off)."""
    return _key_for(str(key_file().absolute()), str(cache_root.absolute()))


@functools.cache
def _key_for(file: str, cache_root: str) -> bytes | None:
    # A key file inside the cache folder would be in the reach of the entries' writers.
    with contextlib.suppress(OSError, ValueError):
        if Path(file).resolve().is_relative_to(Path(cache_root).resolve()):
            return None
    return _key_at(file)


def user_key() -> bytes | None:
    """The user's own key (the same file), for records kept outside any cache: what a publish
    wrote at a host is signed with it when no shared secret is set."""
    return _key_at(str(key_file().absolute()))


def state_folder() -> Path:
    """The folder of the key file: the user's own state, outside every workspace."""
    return key_file().absolute().parent
