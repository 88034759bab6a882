"""`proposals serve`: live preview that never hangs and always says what is wrong.

MkDocs' own server stops making progress when a rebuild fails: every page request then
waits for a build that never finishes, and the terminal shows only "Aborted with a
BuildError!". Here a failed build still completes a build cycle: the terminal gets the
same one-line reason `proposals check` gives, and every page shows that reason on an
error page that reloads by itself once the plan is fixed.
"""

from __future__ import annotations

import contextlib
import errno
import html
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.engine import log_root, memo, use_engine
from generator.engine.run import captured, engine_failures, load, run
from generator.errors import PreviewError, UserError


def parse_address(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise PreviewError(
            f"'{text}' is not an address to serve on; write it as IP:PORT, e.g. 127.0.0.1:8000"
        )
    return host.strip("[]"), int(port)


def serve(
    config_file: Path,
    slug: str | None,
    address: str,
    say: Callable[[str], None],
    *,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the workspace (or one proposal as its own site) until interrupted."""
    use_engine()
    from mkdocs.livereload import LiveReloadServer

    host, port = parse_address(address)
    site_dir = tempfile.mkdtemp(prefix="proposals-serve-")
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    options = {"standalone": slug} if slug else {}
    failure: list[str] = []

    def configure() -> Any:
        config = load(config_file, options, site_dir=site_dir, dev_addr=f"{host}:{port}")
        config.site_url = url
        return config

    stops: tuple[type[BaseException], ...] = (*engine_failures(), UserError, OSError)

    def builder(config: Any = None) -> None:
        memo.forget()  # each preview is a snapshot: a theme file edited since must show
        with captured(quiet_engine=False) as capture:
            try:
                run(config or configure(), "serve", serve_url=url)
            except stops as exc:
                reason = capture.reason(str(exc) or type(exc).__name__)
                reason = reason.replace("cannot read plans:\n", "").replace("\n", "; ")
                say(f"cannot build the preview: {reason} (fix it and save; the page reloads by itself)")
                failure[:] = [reason]
                return
        if failure:
            say("the preview builds again")
        failure.clear()

    # The server logs each error page it serves as a warning, which a strict build
    # would count against the next rebuild: the page is for the browser, not the log.
    logging.getLogger(f"{log_root()}.livereload").setLevel(logging.ERROR)
    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir)
    site: Any = server.get_app()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """While the last build failed, every page is the reason (which reloads by itself)."""
        path = str(environ.get("PATH_INFO", ""))
        if not failure or path.startswith("/livereload/"):
            return site(environ, start_response)  # type: ignore[no-any-return]
        start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8")])
        return [_error_page(failure[0]).encode("utf-8")]

    server.set_app(app)
    try:
        try:
            server.server_bind()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PreviewError(
                    f"cannot serve on {host}:{port}: the address is already in use "
                    f"(another preview? pick another port with -a {host}:{port + 1})"
                ) from None
            raise PreviewError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
        server.server_bind = lambda: None  # type: ignore[method-assign]  # bound above, once
        builder()
        config = configure()
        for path in (config.docs_dir, config.config_file_path, *config.watch):
            if path and Path(path).exists():
                server.watch(path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        if ready is not None:
            ready(url)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve()
    finally:
        with contextlib.suppress(Exception):
            server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _error_page(reason: str) -> str:
    lines = "".join(
        f"<li><code>{html.escape(line.strip())}</code></li>" for line in reason.split("; ") if line
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        # Reloads itself until the build is fixed (the live-reload script is the site's own).
        '<meta http-equiv="refresh" content="2">'
        "<title>The preview cannot be built</title>"
        "<style>body{font:16px/1.5 system-ui,'Noto Sans CJK JP',sans-serif;max-width:48rem;margin:3rem auto;"
        "padding:0 1rem;color:#1f2937}h1{font-size:1.4rem;color:#b91c1c}code{white-space:pre-wrap;"
        "word-break:break-word}li{margin:.5rem 0}</style></head><body>"
        "<h1>The preview cannot be built</h1>"
        f"<ul>{lines}</ul>"
        "<p>Fix the plan and save it: this page reloads by itself.</p></body></html>"
    )
