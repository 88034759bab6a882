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
import json
import re
from collections.abc import Iterable
from pathlib import Path

HOST_FILES = ("_headers", "netlify.toml", "vercel.json", "firebase.json")
ROBOTS = (
    "# Crawlers may fetch these pages: that is how they read each page's noindex and the\n"
    "# X-Robots-Tag header. A page closed to them here could still be listed from a link.\n"
    "User-agent: *\nAllow: /\n"
)
"""robots.txt of a client or internal build (public builds have the engine's own sitemap)."""
CSP_RECORD = ".proposals-csp.json"
"""The inline-script hashes of every page built into the folder so far: a site reused as it
is keeps its scripts allowed when others are rebuilt."""
HASHED_ASSETS = ("/assets/javascripts/*", "/assets/stylesheets/*")
"""Material's bundles carry a content hash in their names: safe to cache for a year."""
LONG_CACHE = "public, max-age=31536000, immutable"

_SCRIPT = re.compile(rb"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_TYPE = re.compile(rb"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_EXECUTABLE = {b"", b"text/javascript", b"application/javascript", b"module"}


def inline_script_hashes(folder: Path) -> set[str]:
    """The CSP source of each inline script that runs in the HTML under ``folder``."""
    found: set[str] = set()
    for page in folder.rglob("*.html"):
        found |= page_script_hashes(page.read_bytes())
    return found


def page_script_hashes(html: bytes) -> set[str]:
    found = set()
    for match in _SCRIPT.finditer(html):
        attrs = match["attrs"]
        if re.search(rb"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if (kind[1].lower() if kind else b"") not in _EXECUTABLE:
            continue  # data blocks (application/json) never run
        digest = base64.b64encode(hashlib.sha256(match["body"]).digest()).decode()
        found.add(f"'sha256-{digest}'")
    return found


def previous_hashes(folder: Path) -> set[str]:
    try:
        data = json.loads((folder / CSP_RECORD).read_text(encoding="utf-8"))
        return {str(h) for h in data["script_hashes"] if str(h).startswith("'sha256-")}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def policy(script_hashes: Iterable[str]) -> str:
    scripts = " ".join(["'self'", *sorted(script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
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


def headers(mode: str, script_hashes: Iterable[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(path pattern, [(header, value)]) in the order hosts apply them."""
    everywhere = [
        ("Content-Security-Policy", policy(script_hashes)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer" if mode != "public" else "strict-origin-when-cross-origin"),
    ]
    if mode != "public":
        everywhere.insert(0, ("X-Robots-Tag", "noindex, nofollow"))
    rules = [("/*", everywhere)]
    rules += [(pattern, [("Cache-Control", LONG_CACHE)]) for pattern in HASHED_ASSETS]
    return rules


def host_files(mode: str, script_hashes: set[str]) -> dict[str, bytes]:
    """Every host's configuration, and the record of the hashes they allow."""
    rules = headers(mode, script_hashes)
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
    record = {"script_hashes": sorted(script_hashes)}
    return {name: text.encode("utf-8") for name, text in files.items()} | {
        CSP_RECORD: (json.dumps(record, indent=1) + "\n").encode("utf-8")
    }


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
    source = pattern.replace("/*", "/(.*)")
    return {"source": source, "headers": [{"key": k, "value": v} for k, v in pairs]}


def _firebase(pattern: str, pairs: list[tuple[str, str]]) -> dict[str, object]:
    source = pattern.lstrip("/").replace("*", "**") or "**"
    return {"source": source, "headers": [{"key": k, "value": v} for k, v in pairs]}


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_host_files(
    staging: Path, out: Path, mode: str, extra: frozenset[str] | set[str] = frozenset()
) -> tuple[list[str], str]:
    """Host files for the folder as it will be after this build (the pages built now, the
    scripts recorded for pages reused, and ``extra``: those of encrypted pages); (names
    written into ``staging``, their key)."""
    known = previous_hashes(out) | set(extra)
    # A folder from before this record: its reused pages are read once.
    hashes = (
        known
        | inline_script_hashes(staging)
        | (set() if known or not out.is_dir() else inline_script_hashes(out))
    )
    files = host_files(mode, hashes)
    for name, content in files.items():
        (staging / name).write_bytes(content)
    digest = hashlib.sha256(b"".join(files[name] for name in sorted(files))).hexdigest()
    return sorted(files), digest
