"""The key behind client links: read as bytes, refused when it can be guessed.

A client's folder name is HMAC-SHA256(secret, slug). Anyone holding one link can test
guesses of the secret offline, and a guessed secret yields every other client's link, so a
short or patterned secret is refused rather than used.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import os
from collections import Counter

from generator.errors import SecretError

SECRET_ENV = "PROPOSALS_SECRET"
MIN_BYTES = 16
MIN_BITS = 64.0
HOW_TO_MAKE = "make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


def client_secret() -> bytes:
    """The secret from the environment, as bytes (any encoding), or a one-line refusal."""
    raw = os.environb.get(SECRET_ENV.encode()) if os.supports_bytes_environ else None
    if raw is None:
        text = os.environ.get(SECRET_ENV)
        raw = None if text is None else text.encode("utf-8", "surrogateescape")
    if not raw:
        raise SecretError(
            f"a client build needs {SECRET_ENV}, the key that makes the secret link; {HOW_TO_MAKE}"
        )
    problem = weakness(raw)
    if problem:
        raise SecretError(f"{SECRET_ENV} is too easy to guess ({problem}); {HOW_TO_MAKE}")
    return raw


def weakness(secret: bytes) -> str:
    """Why ``secret`` could be guessed from one shared link, or '' when it is strong enough."""
    if len(secret) < MIN_BYTES:
        return f"{len(secret)} bytes; at least {MIN_BYTES} are needed"
    if _estimated_bits(secret) < MIN_BITS:
        return "it repeats or follows a pattern"
    return ""


def _estimated_bits(secret: bytes) -> float:
    """A cautious estimate: character frequencies, with runs and steps counted once."""
    counts = Counter(secret)
    n = len(secret)
    spread = -sum(c / n * math.log2(c / n) for c in counts.values()) * n
    # 'abcdefgh…', '12345678…', 'aaaa…' and 'abab…' have spread but no surprise: count
    # only the places where the byte does not follow from the two before it.
    surprising = sum(
        1
        for i in range(n)
        if i < 2
        or (secret[i] - secret[i - 1] != secret[i - 1] - secret[i - 2] and secret[i] != secret[i - 2])
    )
    return min(spread, surprising * math.log2(max(len(counts), 2)))


def client_path(secret: bytes | str, slug: str) -> str:
    """The secret URL segment of a client's site: HMAC-SHA256(secret, slug), URL-safe."""
    key = secret if isinstance(secret, bytes) else secret.encode("utf-8")
    digest = hmac.new(key, slug.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:32]
