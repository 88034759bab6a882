"""Host configuration written beside every build, for the hosts agencies use: ``_headers``
(Netlify, Cloudflare Pages), ``netlify.toml``, ``vercel.json`` and ``firebase.json``.

They say the same four things: client and internal builds are not to be indexed — on every
file, PDFs, decks and calendars too, which only a header can say (``X-Robots-Tag``); a
Content-Security-Policy that the built pages satisfy (their inline scripts allowed by hash,
nothing else inline); no referrer, so a secret path never leaves in a link; and a long cache
for the theme's hashed assets.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

HOST_FILES = ("_headers", "netlify.toml", "vercel.json", "firebase.json")
ROBOTS = (
    "# Crawlers may fetch these pages: that is how they read each page's noindex and the\n"
    "# X-Robots-Tag header. A page closed to them here could still be listed from a link.\n"
    "User-agent: *\nAllow: /\n"
)
"""robots.txt of a client or internal build (public builds have the engine's own sitemap)."""
CSP_RECORD = ".proposals-csp.json"
"""The inline-script and inline-style hashes of every page built into the folder so far: a
site reused as it is keeps its scripts and styles allowed when others are rebuilt."""
ASSET_FOLDERS = ("assets/javascripts", "assets/stylesheets")
"""Material's bundles carry a content hash in their names: safe to cache for a year."""
HASHED_ASSETS = tuple(f"/{folder}/*" for folder in ASSET_FOLDERS)
CLIENT_ASSETS = tuple(f"/:site/{folder}/*" for folder in ASSET_FOLDERS)
"""A client's site keeps its own copy of the bundles under its secret folder; ``:site`` is
one path segment in Netlify's, Cloudflare's and Vercel's patterns."""
LONG_CACHE = "public, max-age=31536000, immutable"

_SCRIPT = re.compile(rb"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_STYLE = re.compile(rb"<style(?P<attrs>[^>]*)>(?P<body>.*?)</style>", re.S | re.I)
_STYLE_ATTR = re.compile(rb"""<[a-zA-Z][^<>]*?\sstyle\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
_TYPE = re.compile(rb"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_EXECUTABLE = {b"", b"text/javascript", b"application/javascript", b"module"}


@dataclass(frozen=True)
class Inline:
    """The CSP sources of what a set of pages runs and styles inline: scripts by hash, and
    style elements and style attributes (the tables' ``text-align``) by hash."""

    scripts: frozenset[str] = frozenset()
    styles: frozenset[str] = frozenset()

    def __or__(self, other: Inline) -> Inline:
        return Inline(self.scripts | other.scripts, self.styles | other.styles)

    def __bool__(self) -> bool:
        return bool(self.scripts or self.styles)

    def as_json(self) -> dict[str, list[str]]:
        return {"script_hashes": sorted(self.scripts), "style_hashes": sorted(self.styles)}

    @classmethod
    def from_json(cls, data: object) -> Inline:
        if not isinstance(data, dict):
            return cls()

        def hashes(key: str) -> frozenset[str]:
            values = data.get(key)
            if not isinstance(values, list):
                return frozenset()
            return frozenset(str(h) for h in values if _HASH.fullmatch(str(h)))

        return cls(hashes("script_hashes"), hashes("style_hashes"))


_HASH = re.compile(r"'sha256-[A-Za-z0-9+/]{43}='")


def _source(body: bytes) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"


def _found(pattern: re.Pattern[bytes], html: bytes, starts: list[int]) -> Iterator[re.Match[bytes]]:
    """``pattern.finditer(html)`` for a pattern that can only start at ``starts`` (in order):
    tried there alone, instead of at every byte of the page."""
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(html, start)
        if match:
            end = match.end()
            yield match


def _tag_starts(lowered: bytes, tag: bytes) -> list[int]:
    found, at = [], lowered.find(tag)
    while at != -1:
        found.append(at)
        at = lowered.find(tag, at + 1)
    return found


def _attribute_tags(html: bytes) -> list[int]:
    """Where the tags that may carry a style attribute start (the "<" before each "style")."""
    found: list[int] = []
    at = html.find(b"style")
    while at != -1:
        start = html.rfind(b"<", 0, at)
        if start != -1 and (not found or found[-1] != start):
            found.append(start)
        at = html.find(b"style", at + 5)
    return found


def page_hashes(html: bytes) -> Inline:
    """What one page runs and styles inline, as CSP sources."""
    # The patterns are tried only where their tags are (a case-insensitive pattern cannot be
    # scanned for quickly): the same matches as over the whole page, in a tenth of the time.
    lowered = html.lower()
    scripts = set()
    for match in _found(_SCRIPT, html, _tag_starts(lowered, b"<script")):
        attrs = match["attrs"]
        if re.search(rb"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if (kind[1].lower() if kind else b"") not in _EXECUTABLE:
            continue  # data blocks (application/json) never run
        scripts.add(_source(match["body"]))
    styles = {_source(match["body"]) for match in _found(_STYLE, html, _tag_starts(lowered, b"<style"))}
    for match in _found(_STYLE_ATTR, html, _attribute_tags(html)):
        value = match["dq"] if match["dq"] is not None else match["sq"]
        styles.add(_source(html_unescape(value)))
    return Inline(frozenset(scripts), frozenset(styles))


def html_unescape(value: bytes) -> bytes:
    """An attribute's value as the browser hashes it (entities decoded)."""
    return html.unescape(value.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")


def inline_hashes(folder: Path) -> Inline:
    """What the HTML under ``folder`` runs and styles inline."""
    found = Inline()
    for page in folder.rglob("*.html"):
        found |= page_hashes(page.read_bytes())
    return found


def previous_hashes(folder: Path) -> Inline:
    try:
        return Inline.from_json(json.loads((folder / CSP_RECORD).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return Inline()


@dataclass(frozen=True)
class Scope:
    """One site on a host: where it starts (``""`` for the top, ``"/<folder>"`` for a client's
    secret folder, ``"/:site"`` for any client folder) and its access level."""

    prefix: str
    mode: str


def policy(inline: Inline) -> str:
    scripts = " ".join(["'self'", *sorted(inline.scripts)])
    # Style attributes can be allowed by hash only with 'unsafe-hashes' (CSP 3): the exact
    # attribute values the pages carry, never any others.
    styles = " ".join(["'self'", *(["'unsafe-hashes'", *sorted(inline.styles)] if inline.styles else [])])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            f"style-src {styles}",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


NOINDEX = ("X-Robots-Tag", "noindex, nofollow")


def headers(scopes: Sequence[Scope], inline: Inline) -> list[tuple[str, list[tuple[str, str]]]]:
    """(path pattern, [(header, value)]) for a host holding ``scopes``. No header is given by
    two patterns that can match one path: hosts join such values with commas."""
    public = any(s.mode == "public" for s in scopes)
    private = [s for s in scopes if s.mode != "public"]
    everywhere = [
        ("Content-Security-Policy", policy(inline)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer" if private else "strict-origin-when-cross-origin"),
    ]
    rules = []
    if private and not public:
        everywhere.insert(0, NOINDEX)
    rules.append(("/*", everywhere))
    if public:  # the public site is indexed; only the other sites beside it say noindex
        rules += [(f"{s.prefix}/*", [NOINDEX]) for s in sorted(private, key=lambda s: s.prefix) if s.prefix]
    rules += [(pattern, [("Cache-Control", LONG_CACHE)]) for pattern in HASHED_ASSETS]
    if any(s.mode == "client" for s in scopes):
        rules += [(pattern, [("Cache-Control", LONG_CACHE)]) for pattern in CLIENT_ASSETS]
    return rules


def host_files(scopes: Sequence[Scope], inline: Inline) -> dict[str, bytes]:
    """Every host's configuration, and the record of the hashes they allow."""
    rules = headers(scopes, inline)
    files = {
        "_headers": _netlify_headers(rules),
        "netlify.toml": _netlify_toml(rules),
        "vercel.json": _json({"headers": [_vercel(p, h) for p, h in rules]}),
        "firebase.json": _json(
            {
                "hosting": {
                    "public": ".",
                    "ignore": ["firebase.json", "**/.*"],
                    "headers": [_firebase(p, h) for p, h in rules],
                }
            }
        ),
    }
    return {name: text.encode("utf-8") for name, text in files.items()} | {
        CSP_RECORD: (json.dumps(inline.as_json(), indent=1) + "\n").encode("utf-8")
    }


def build_scopes(mode: str) -> list[Scope]:
    """The sites a build's folder holds: one at its top, or client folders beside each other."""
    return [Scope("/:site" if mode == "client" else "", mode)]


def _netlify_headers(rules: list[tuple[str, list[tuple[str, str]]]]) -> str:
    lines = ["# Netlify and Cloudflare Pages: headers for every file this build wrote."]
    for pattern, pairs in rules:
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in pairs]
    return "\n".join(lines) + "\n"


def _netlify_toml(rules: list[tuple[str, list[tuple[str, str]]]]) -> str:
    lines = ["# Netlify: headers for every file this build wrote (the same as _headers)."]
    for pattern, pairs in rules:
        lines += ["", "[[headers]]", f"  for = {json.dumps(pattern)}", "  [headers.values]"]
        lines += [f"    {json.dumps(name)} = {json.dumps(value)}" for name, value in pairs]
    return "\n".join(lines) + "\n"


def _vercel(pattern: str, pairs: list[tuple[str, str]]) -> dict[str, object]:
    source = pattern.replace("/*", "/(.*)")  # path-to-regexp: ":site" is one segment already
    return {"source": source, "headers": [{"key": k, "value": v} for k, v in pairs]}


def _firebase(pattern: str, pairs: list[tuple[str, str]]) -> dict[str, object]:
    source = pattern.lstrip("/").replace(":site", "*").replace("/*", "/**")
    source = "**" if source in ("*", "**") else source
    return {"source": source, "headers": [{"key": k, "value": v} for k, v in pairs]}


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_host_files(
    staging: Path, out: Path, mode: str, extra: Inline = Inline(), built: Inline | None = None
) -> tuple[list[str], str]:
    """Host files for the folder as it will be after this build (the pages built now — as
    their builds hashed them, ``built``, or read from ``staging`` — the hashes recorded for
    pages reused, and ``extra``: those of encrypted pages); (names written into ``staging``,
    their key)."""
    known = previous_hashes(out) | extra
    fresh = inline_hashes(staging) if built is None else built
    # A folder from before this record: its reused pages are read once.
    inline = known | fresh | (Inline() if known or not out.is_dir() else inline_hashes(out))
    files = host_files(build_scopes(mode), inline)
    for name, content in files.items():
        (staging / name).write_bytes(content)
    digest = hashlib.sha256(b"".join(files[name] for name in sorted(files))).hexdigest()
    return sorted(files), digest
