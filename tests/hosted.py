"""A local host that serves a built folder the way Netlify or Cloudflare Pages would: the
headers the build wrote into ``_headers`` applied to every matching file."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar


def read_rules(folder: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    rules: ClassVar[list[tuple[str, list[tuple[str, str]]]]] = []
    for line in (folder / "_headers").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def matches(pattern: str, path: str) -> bool:
    """Netlify's and Cloudflare's rule: ``*`` matches anything, ``:name`` one path segment."""
    parts = [
        "[^/]+" if part.startswith(":") else ".*".join(re.escape(p) for p in part.split("*"))
        for part in pattern.split("/")
    ]
    return re.fullmatch("/".join(parts), path) is not None


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: ClassVar[list[tuple[str, list[tuple[str, str]]]]] = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, pairs in self.rules:
            if matches(pattern, path):
                for name, value in pairs:
                    self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        # The browser may give up on a response (a reload): nothing is left to serve then.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


@contextmanager
def hosted(folder: Path, port: int = 0) -> Iterator[str]:
    handler_class = type("Handler", (_Handler,), {"rules": read_rules(folder)})
    handler = functools.partial(handler_class, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


SETTLE = (2, 5, 10, 20, 30)
"""Seconds given to Material's search worker before typing, one try after another."""


SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const config = document.getElementById('__config');
  const said = config ? JSON.parse(config.textContent).translations || {} : {};
  const starting = said['search.result.initializer'];
  return !!meta && (starting ? meta.textContent.trim() !== starting : true);
}"""
"""Material's search says "Initializing search" in its result line until its worker holds
the index; a query typed before that is never answered."""


def search(page: object, text: str) -> None:
    """Type into Material's search as a reader does (a click, then keys) once its worker holds
    the index, and wait for its answer; a busy machine gets further tries, each after a
    reload and a longer wait."""
    from playwright.sync_api import TimeoutError as Timeout

    for attempt, settle in enumerate(SETTLE):
        if attempt:
            page.reload()  # type: ignore[attr-defined]
            page.wait_for_timeout(settle * 1000)  # type: ignore[attr-defined]
        try:
            page.wait_for_function(SEARCH_READY, timeout=30000 + attempt * 15000)  # type: ignore[attr-defined]
            box = page.locator(".md-search__input").first  # type: ignore[attr-defined]
            box.click()
            box.fill(text)
            # A key pressed and taken back: Material answers the keys a reader presses.
            page.keyboard.type(" ")  # type: ignore[attr-defined]
            page.keyboard.press("Backspace")  # type: ignore[attr-defined]
            page.wait_for_selector(  # type: ignore[attr-defined]
                ".md-search-result__item", timeout=20000 + attempt * 15000
            )
            return
        except Timeout:
            continue
    raise AssertionError(f"search found nothing for {text!r}")


def free_port() -> int:
    """A port nobody listens on now: a site whose site_url names it can be served there
    (Material's instant navigation matches its sitemap by host, path and port)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
