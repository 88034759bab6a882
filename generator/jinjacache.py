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

_memory: dict[str, tuple[str, CodeType]] = {}


class SharedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Memory first, then the folder; writes go to both."""

    def __init__(self, directory: Path | None = None) -> None:
        self.disk = False
        if directory is not None:
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError:
                return  # an unwritable cache folder only costs speed
            super().__init__(str(directory))
            self.disk = True

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
        if self.disk:
            super().load_bytecode(bucket)
            if bucket.code is not None:
                _memory[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        _memory[bucket.key] = (bucket.checksum, bucket.code)
        if self.disk:
            with contextlib.suppress(OSError):  # a full or read-only cache folder only costs speed
                super().dump_bytecode(bucket)


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
