"""An S3-compatible bucket as a publish target. The listing gives each object's ETag, which
is what the record keeps of what the tool wrote: an object replaced since has another ETag
and is no longer the tool's. Content type, cache policy and the headers S3 cannot send
(for a CDN's response-headers policy) travel with each object."""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any

from generator.locale.labels import Labels
from generator.output.hosting import ASSET_FOLDERS, LONG_CACHE, NOINDEX
from generator.output.publish.planner import Wanted
from generator.output.publish.record import MAX_RECORD_BYTES, RECORD
from generator.safepaths import plain_relative

_TEXT = ("application/javascript", "application/json", "image/svg+xml")


class S3Target:
    def __init__(self, client: Any, bucket: str, prefix: str, t: Labels) -> None:
        self.s3, self.bucket, self.t = client, bucket, t
        self.base = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.etags: dict[str, str] = {}
        self.private_prefixes: list[str] = []
        self.all_private = False

    def open(self) -> None:
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.base):
            for item in page.get("Contents", []):
                name = item["Key"][len(self.base) :]
                # Keys that are no plain path (``../x``, ``a//b``) are nobody's to touch.
                self.etags[name if plain_relative(name) else f"\0{name}"] = str(item.get("ETag", ""))

    # ------------------------------------------------------------------------ files

    def fingerprint(self, name: str) -> str | None:
        if name in self.etags:
            return f"etag:{self.etags[name]}"
        # An object at a key inside ``name`` ("a/b" when "a" is asked) is no file here but
        # does not stop a write either: S3 has no folders.
        return None

    def same(self, name: str, wanted: Wanted) -> bool:
        etag = self.etags.get(name)
        if etag is None:
            return False
        if etag.strip('"') == hashlib.md5(wanted.data(), usedforsecurity=False).hexdigest():
            return True
        head = self.s3.head_object(Bucket=self.bucket, Key=self.base + name)
        return bool(head.get("Metadata", {}).get("sha256") == wanted.sha256)

    def blocked(self, name: str) -> bool:
        return False

    def write(self, name: str, wanted: Wanted) -> str:
        answer = self.s3.put_object(
            Bucket=self.bucket, Key=self.base + name, Body=wanted.data(), **self._headers(name, wanted.sha256)
        )
        etag = str(answer.get("ETag", ""))
        self.etags[name] = etag
        return f"etag:{etag}"

    def delete(self, name: str) -> None:
        self.s3.delete_object(Bucket=self.bucket, Key=self.base + name)
        self.etags.pop(name, None)

    def read_record(self) -> bytes | None:
        if RECORD not in self.etags:
            return None
        body = self.s3.get_object(Bucket=self.bucket, Key=self.base + RECORD)["Body"]
        data: bytes = body.read(MAX_RECORD_BYTES + 1)
        return data if len(data) <= MAX_RECORD_BYTES else None

    def write_record(self, data: bytes) -> None:
        self.s3.put_object(
            Bucket=self.bucket, Key=self.base + RECORD, Body=data, ContentType="application/json"
        )

    def finish(self, message: str) -> None:
        """Each object was written as it went: nothing to commit."""

    # ------------------------------------------------------------------------ headers

    def _headers(self, name: str, digest: str) -> dict[str, Any]:
        """What S3 can carry of the host headers: the content type, the cache policy, and the
        rest as metadata for a CDN's response-headers policy to send."""
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in _TEXT:
            kind += "; charset=utf-8"
        parts = name.split("/")
        # The theme's bundles at the top of a site, or at the top of a client's folder.
        hashed = any("/".join(parts[i : i + 2]) in ASSET_FOLDERS and len(parts) > i + 2 for i in (0, 1))
        metadata = {"sha256": digest}
        private = self.all_private or any(name.startswith(p) for p in self.private_prefixes)
        if private:
            metadata |= {NOINDEX[0].lower(): NOINDEX[1], "referrer-policy": "no-referrer"}
        else:
            metadata |= {"referrer-policy": "strict-origin-when-cross-origin"}
        return {
            "ContentType": kind,
            "CacheControl": LONG_CACHE if hashed else "public, max-age=300",
            "Metadata": metadata,
        }


def s3_problem(exc: Exception) -> str:
    """An S3 client's complaint in one line."""
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
