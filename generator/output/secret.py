"""The key behind client links: read as bytes, refused when it can be guessed.

A client's folder name is HMAC-SHA256(secret, slug). Anyone holding one link can test
guesses of the secret offline at the speed of one HMAC, and a guessed secret yields every
other client's link, so a secret is judged by how many guesses it would take (zxcvbn's
estimate, which knows words, keyboard rows, repeats and sequences, character by
character) and refused below 2^80.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import math
import os
import re
from collections import Counter

from generator.errors import SecretError

SECRET_ENV = "PROPOSALS_SECRET"
MIN_BYTES = 16
MIN_BITS = 80.0
"""Offline guesses at one HMAC each: 2^80 is out of reach of anyone who holds one link."""
HOW_TO_MAKE = "make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(24))'"


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
    bits = guess_bits(secret)
    if bits < MIN_BITS:
        return f"about 2^{bits:.0f} guesses would find it; at least 2^{MIN_BITS:.0f} are needed"
    return ""


def guess_bits(secret: bytes | str) -> float:
    """log2 of the guesses an attacker would need. Text is judged by zxcvbn, character by
    character (a repeated Japanese word is a repeat, whatever its bytes), and by the way a
    guesser tries passphrases: words run together without their spaces or dashes, and famous
    phrases whole. Bytes that are no text come from a generator and are judged by their
    spread, runs and steps."""
    if isinstance(secret, bytes):
        try:
            text = secret.decode("utf-8")
        except UnicodeDecodeError:
            return _estimated_bits(secret)
    else:
        text = secret
    famous = _famous_part(text)
    if famous is not None:
        rest, phrase_bits = famous
        return phrase_bits + (_zxcvbn_bits(rest) if rest else 0.0)
    joined = _SEPARATORS.sub("", text)
    variants = {text, joined, joined.lower()} - {""}
    return min(_zxcvbn_bits(v) for v in variants) if variants else 0.0


_SEPARATORS = re.compile(r"[\s\-_.,:;/|+=~'\"]+")
_FAMOUS_BITS = math.log2(100_000)
"""A famous phrase is one guess among the first hundred thousand a guesser tries."""


def _zxcvbn_bits(text: str) -> float:
    import zxcvbn

    # zxcvbn's matching grows quickly with length; beyond 100 characters it adds nothing here.
    head, rest = text[:100], text[100:]
    found = float(zxcvbn.zxcvbn(head)["guesses_log10"]) * math.log2(10)
    return found + (_estimated_bits(rest.encode("utf-8")) if rest else 0.0)


def _famous_part(text: str) -> tuple[str, float] | None:
    """(what is left once a famous phrase is taken out, the phrase's bits) when the text
    holds one, run together or not, in any case."""
    folded = _SEPARATORS.sub("", text).casefold()
    for phrase in _famous_phrases():
        at = folded.find(phrase)
        if at >= 0:
            return folded[:at] + folded[at + len(phrase) :], _FAMOUS_BITS
    return None


@functools.cache
def _famous_phrases() -> tuple[str, ...]:
    from importlib import resources

    import yaml

    text = resources.files("generator").joinpath("output/passphrases.yaml").read_text(encoding="utf-8")
    phrases = yaml.safe_load(text)["phrases"]
    folded = {_SEPARATORS.sub("", str(p)).casefold() for p in phrases}
    # Longest first: "iloveyou" is found before a shorter phrase inside it.
    return tuple(sorted((p for p in folded if len(p) >= 6), key=len, reverse=True))


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
