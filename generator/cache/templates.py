"""Compiled Jinja templates shared across environments, processes and runs.

A build makes one site per proposal, and every site gets a fresh Jinja environment
(ours and the theme's). Compiling Material's templates is most of a small site's cost,
so the compiled code is kept: in memory for the life of the process (pool workers are
forked after the home site has filled it) and on disk for the next run. Jinja checks the
template source's checksum on every load, so an edited template is never served stale.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

from generator.cache.store import Store

_memory: dict[str, tuple[str, CodeType]] = {}


class SharedBytecodeCache(jinja2.BytecodeCache):
    """Memory first, then the sealed disk store; writes go to both."""

    def __init__(self, directory: Path | None = None) -> None:
        self.store = Store(directory)

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        # Jinja keys by template name and file only; two environments that read the same
        # file with different syntax settings compile different code, so they must not share.
        key = self.get_cache_key(f"{_settings(environment)}|{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        held = _memory.get(bucket.key)
        if held and held[0] == bucket.checksum:
            bucket.code = held[1]
            return
        data = self.store.get("jinja", bucket.key)
        if data is None:
            return
        # The seal proves these are the bytes we wrote; Jinja still checks its own magic
        # and the template's checksum. Anything it cannot load is compiled again.
        try:
            bucket.bytecode_from_string(data)
        except Exception:
            bucket.reset()
        if bucket.code is not None:
            _memory[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        _memory[bucket.key] = (bucket.checksum, bucket.code)
        with contextlib.suppress(Exception):  # a full or read-only cache only costs speed
            self.store.put("jinja", bucket.key, bucket.bytecode_to_string())


def _settings(env: jinja2.Environment) -> str:
    """Everything in an environment that changes the code a template compiles to."""
    finalize = env.finalize
    return repr(
        (
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            sorted(env.extensions),
            env.optimized,
            env.autoescape if isinstance(env.autoescape, bool) else "callable",
            None if finalize is None else getattr(finalize, "jinja_pass_arg", "plain"),
        )
    )
