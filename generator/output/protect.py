"""Password-protected client sites: every file that carries plan content, encrypted.

AES-256-GCM under a key from PBKDF2-SHA256 (600,000 iterations, a random salt per site, a
random nonce per file), with the `cryptography` package. What stays readable holds nothing of
the plan: the theme's own assets, robots.txt, the versions' names, and small lock pages that
ask for the password in the page's language. Pages are decrypted in the browser with
WebCrypto (``_protect/protect.js``); the search index is decrypted where Material asks for
it, so search and instant navigation keep working; downloads (PDF, deck, report, calendar,
diagrams) are stored under opaque names and saved as the real file once decrypted. There is
no plaintext fallback: a wrong password opens nothing.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from markupsafe import Markup

from generator.errors import SecretError, shown
from generator.locale.labels import labels
from generator.output.hosting import Inline, page_hashes
from generator.output.secret import guess_bits
from generator.render.text.templates import environment
from generator.settings import DEFAULT_PALETTE, Palette

ITERATIONS = 600_000
"""OWASP's figure for PBKDF2-HMAC-SHA256 (2023): each guess costs an attacker this many hashes."""
MIN_PASSWORD_BITS = 60.0
"""2^60 guesses at 600,000 hashes each is far beyond a rented GPU farm's reach in years."""
PASSWORD_ENV = "PROPOSALS_CLIENT_PASSWORD"
MAGIC = b"PSEALv2\n"
FOLDER = "_protect"
SEALED = "_sealed"
OPEN = {"robots.txt", "versions.json", ".proposals-build.json", "sitemap.xml", "sitemap.xml.gz"}
"""Files that stay readable: they hold nothing of the plan (the sitemap lists page paths only,
and Material's instant navigation needs it)."""
_THEME = re.compile(rf"(v\d+/)?(assets|{FOLDER})/.*")
"""The theme's own files (Material's bundles, the agency's logo), in a site or a sent version."""
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""No 0/o, 1/l/i: a password read aloud or retyped from paper."""


def new_password() -> str:
    """Five groups of five from a 31-letter alphabet: about 2^124 guesses."""
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(25))
    return "-".join(letters[i : i + 5] for i in range(0, 25, 5))


def read_password(file: Path | None) -> str | None:
    """The client password from ``--password-file`` (first line) or the environment; None when
    neither is given. A weak one is refused in one line."""
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SecretError(f"--password-file {shown(file)}: {exc.strerror or exc}") from None
        password = text[0].strip() if text else ""
        where = f"--password-file {shown(file)}"
    else:
        found = os.environ.get(PASSWORD_ENV)
        if found is None:
            return None
        password, where = found.strip(), PASSWORD_ENV
    if not password:
        raise SecretError(f"{where}: the password is empty")
    bits = guess_bits(password)
    if bits < MIN_PASSWORD_BITS:
        raise SecretError(
            f"{where}: about 2^{bits:.0f} guesses would find this password; at least "
            f"2^{MIN_PASSWORD_BITS:.0f} are needed (make one with: proposals password)"
        )
    return password


@dataclass(frozen=True)
class Sealer:
    key: bytes
    salt: bytes
    iterations: int = ITERATIONS

    @classmethod
    def for_password(cls, password: str, iterations: int = ITERATIONS) -> Sealer:
        salt = os.urandom(16)
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
        return cls(kdf.derive(password.encode("utf-8")), salt, iterations)

    def bound_to(self, name: str) -> bytes:
        """The authenticated data of the file at ``name``: this build (its salt) and that path.
        Ciphertext moved to another page, or taken from another build, does not open."""
        return b"sns-proposals/2\n" + _b64(self.salt).encode("ascii") + b"\n" + name.encode("utf-8")

    def seal(self, data: bytes, name: str) -> bytes:
        nonce = os.urandom(12)
        return MAGIC + nonce + AESGCM(self.key).encrypt(nonce, data, self.bound_to(name))

    def open(self, sealed: bytes, name: str) -> bytes:
        """The plaintext back (tests and tools; the browser does this with WebCrypto)."""
        if not sealed.startswith(MAGIC):
            raise ValueError("not a sealed file")
        nonce, body = sealed[len(MAGIC) : len(MAGIC) + 12], sealed[len(MAGIC) + 12 :]
        return AESGCM(self.key).decrypt(nonce, body, self.bound_to(name))


@dataclass(frozen=True)
class LockBrand:
    """Who the lock page says the site is from and for: names and the site's own logo, and no
    other word of the plan."""

    client: str = ""
    agency: str = ""
    logo: str = ""
    """The logo's path inside the site (left open, like the theme's assets), or ''."""
    palette: Palette = DEFAULT_PALETTE
    """The workspace's colours (the lock page's button and rule)."""


def protect_site(site: Path, sealer: Sealer, language: str, brand: LockBrand | None = None) -> Inline:
    """Encrypt a built client site in place; the CSP hashes of the inline scripts and styles
    its pages carry once decrypted."""
    inline = Inline()
    manifest: dict[str, str] = {}
    files = sorted(p for p in site.rglob("*") if p.is_file())
    (site / SEALED).mkdir(exist_ok=True)
    for path in files:
        name = path.relative_to(site).as_posix()
        if (
            name in OPEN
            or name.startswith(("assets/", f"{FOLDER}/"))
            or re.fullmatch(r"v\d+/assets/.*", name)
        ):
            continue
        data = path.read_bytes()
        if path.suffix == ".html":
            inline |= page_hashes(data)
            page = _lock_page(name, sealer, sealer.seal(data, name), language, brand or LockBrand())
            path.write_text(page, encoding="utf-8")
        elif name.endswith("search/search_index.json"):
            path.write_bytes(sealer.seal(data, name))  # where Material asks for it, decrypted on the way
        else:
            token = secrets.token_hex(16)
            (site / SEALED / token).write_bytes(sealer.seal(data, name))
            manifest[name] = token
            path.unlink()
    (site / FOLDER).mkdir(exist_ok=True)
    for asset in ("protect.js", "protect.css"):
        source = resources.files("generator").joinpath(f"static/{asset}").read_bytes()
        if asset.endswith(".css"):
            source = (brand or LockBrand()).palette.css().encode("utf-8") + source
        (site / FOLDER / asset).write_bytes(source)
    listing = json.dumps(manifest).encode("utf-8")
    (site / FOLDER / "manifest.bin").write_bytes(sealer.seal(listing, f"{FOLDER}/manifest.bin"))
    return inline


def _lock_page(name: str, sealer: Sealer, sealed: bytes, language: str, brand: LockBrand) -> str:
    envelope = {
        "salt": _b64(sealer.salt),
        "iterations": sealer.iterations,
        "path": name,
        "data": _b64(sealed),
    }
    # JSON in a data block: base64 and these keys hold no "<", so it cannot end the element.
    template = environment(None, "html").get_template("protect/lock.html")
    return template.render(
        language=language,
        t=labels(language),
        root="../" * name.count("/"),
        brand=brand,
        envelope=Markup(json.dumps(envelope, separators=(",", ":")).replace("<", "\\u003c")),
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
