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

from generator.engine import log_root, use_engine
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
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException
    from mkdocs.livereload import LiveReloadServer, _serve_url

    host, port = parse_address(address)
    site_dir = tempfile.mkdtemp(prefix="proposals-serve-")
    url = _serve_url(host, port, "/")
    problems = _Reasons()
    logging.getLogger(log_root()).addHandler(problems)
    # The server logs each error page it serves as a warning, which a strict build
    # would count against the next rebuild: the page is for the browser, not the log.
    logging.getLogger(f"{log_root()}.livereload").setLevel(logging.ERROR)

    class Server(LiveReloadServer):
        failure: str | None = None

        def _serve_request(
            self, environ: dict[str, Any], start_response: Callable[..., Any]
        ) -> Iterable[bytes] | None:
            path = environ.get("PATH_INFO", "")
            if self.failure is None or path.startswith("/livereload/"):
                return super()._serve_request(environ, start_response)
            page: bytes = self._inject_js_into_html(
                _error_page(self.failure).encode("utf-8"), self._visible_epoch
            )
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8")])
            return [page]

    def configure() -> Any:
        config = load_config(str(config_file), site_dir=site_dir, dev_addr=f"{host}:{port}")
        plugin = config.plugins.get("proposals")
        if plugin is None:
            raise PreviewError(f"{config_file}: add the 'proposals' plugin under plugins:")
        if slug:
            plugin.config.standalone = slug
        config.site_url = url
        return config

    server: Server | None = None

    def builder(config: Any = None) -> None:
        problems.messages.clear()
        try:
            config = config or configure()
            config.plugins.on_startup(command="serve", dirty=False)
            try:
                mkdocs_build(config, serve_url=url)
            finally:
                config.plugins.on_shutdown()
        except (Abort, MkDocsException, UserError, OSError) as exc:
            reason = "; ".join(problems.messages) or str(exc) or type(exc).__name__
            reason = reason.replace("proposals: cannot read plans:\n", "").replace("\n", "; ")
            say(f"cannot build the preview: {reason} (fix it and save; the page reloads by itself)")
            if server is not None:
                server.failure = reason
            return
        if server is not None:
            if server.failure is not None:
                say("the preview builds again")
            server.failure = None

    server = Server(builder=builder, host=host, port=port, root=site_dir)
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
        logging.getLogger(log_root()).removeHandler(problems)
        with contextlib.suppress(Exception):
            server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


class _Reasons(logging.Handler):
    """Why a build stopped: MkDocs logs it, then raises a bare Abort."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _error_page(reason: str) -> str:
    lines = "".join(
        f"<li><code>{html.escape(line.strip())}</code></li>" for line in reason.split("; ") if line
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<title>The preview cannot be built</title>"
        "<style>body{font:16px/1.5 system-ui,'Noto Sans CJK JP',sans-serif;max-width:48rem;margin:3rem auto;"
        "padding:0 1rem;color:#1f2937}h1{font-size:1.4rem;color:#b91c1c}code{white-space:pre-wrap;"
        "word-break:break-word}li{margin:.5rem 0}</style></head><body>"
        "<h1>The preview cannot be built</h1>"
        f"<ul>{lines}</ul>"
        "<p>Fix the plan and save it: this page reloads by itself.</p></body></html>"
    )
