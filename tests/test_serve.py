"""`proposals serve`: one line when it cannot start, an error page (never a hung request)
when a plan breaks, and back to the pages when it is fixed."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import workspace_with


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 15) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(url: str, want: int, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, body = fetch(url, timeout=10)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
            continue
        if status == want:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never answered {want}")


@pytest.fixture
def one_plan(tmp_path: Path) -> Path:
    return workspace_with(tmp_path / "ws", ("mimosa-hair",))


def start(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err


def test_a_busy_address_is_one_line(one_plan):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=one_plan,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"proposals: cannot serve on 127.0.0.1:{port}: the address is already in use "
        f"(another preview? pick another port with -a 127.0.0.1:{port + 1})"
    )


def test_a_plan_broken_while_serving_shows_its_line_and_never_hangs(one_plan):
    port = free_port()
    plan = one_plan / "proposals" / "mimosa-hair.yaml"
    good = plan.read_text(encoding="utf-8")
    process = start(one_plan, "mimosa-hair", "-a", f"127.0.0.1:{port}")
    try:
        page = f"http://127.0.0.1:{port}/kpi/"
        assert "KPI" in wait_for(page, 200)
        plan.write_text(good.replace("language: ja", "language: de"), encoding="utf-8")
        body = wait_for(page, 500)
        assert "proposals/mimosa-hair.yaml:" in body and "language: &#x27;de&#x27; is not one of" in body
        assert 'http-equiv="refresh"' in body  # the error page reloads itself
        started = time.monotonic()
        status, _ = fetch(f"http://127.0.0.1:{port}/persona/", timeout=10)
        assert status == 500 and time.monotonic() - started < 5
        plan.write_text(good, encoding="utf-8")
        assert "KPI" in wait_for(page, 200)
    finally:
        err = stop(process)
    assert "cannot build the preview: proposals/mimosa-hair.yaml:" in err
    assert "Traceback" not in err and "Aborted with a BuildError" not in err


def test_a_yml_plan_can_be_served_on_its_own(one_plan):
    (one_plan / "proposals" / "mimosa-hair.yaml").rename(one_plan / "proposals" / "mimosa-hair.yml")
    port = free_port()
    process = start(one_plan, "mimosa-hair", "-a", f"127.0.0.1:{port}")
    try:
        assert "ミモザ" in wait_for(f"http://127.0.0.1:{port}/", 200)
    finally:
        stop(process)
