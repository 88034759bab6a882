from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROPOSALS = REPO / "proposals"


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write a plan file (dedented) into a temporary proposals folder."""

    def write(text: str, name: str = "plan.yaml") -> Path:
        folder = tmp_path / "proposals"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def run_proposals(
    *args: str, cwd: Path | None = None, timeout: float = 60, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess:
    """The real console entry point, as a user runs it (``env``: variables set for this run,
    None for one the run must not have)."""
    environment = None
    if env:
        merged = {**os.environ, **env}
        environment = {k: v for k, v in merged.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
    )


def edit_file(path: Path, old: str, new: str) -> None:
    """Replace text a test knows is in the file (and fail when it is not)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="Rewrite tests/golden/ from the current output."
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


WORKSPACE_PARTS = ("mkdocs.yml", "proposals", "theme", "docs")


def copy_workspace(root: Path, parts: tuple[str, ...] = WORKSPACE_PARTS) -> Path:
    """Copy this repository's workspace (config, plans, theme) into ``root``."""
    import shutil

    root.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy(source, root / part)
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the workspace to build in."""
    return copy_workspace(tmp_path / "ws")


def shared_build(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A workspace made once per test run and shared by every test worker; tests read it
    and never change it. The first worker to ask makes it (behind a file lock), the others
    wait for it: two workers building the same site is a minute of the suite."""
    import fcntl
    import shutil

    base = factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / f"shared-{name}"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / f"shared-{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            (shared / f"shared-{name}.done").write_text("made\n")
    return folder


def _build_workspace(root: Path) -> None:
    copy_workspace(root)
    result = run_proposals("build", cwd=root, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "built " in result.stdout


@pytest.fixture(scope="session")
def built_shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace after `proposals build`, shared by the whole run: read only."""
    return shared_build(tmp_path_factory, "built", _build_workspace)


SECRET = "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"
"""The agency secret of the shared build of every access level."""


def _build_every_level(root: Path) -> None:
    copy_workspace(root, (*WORKSPACE_PARTS, "actuals"))
    for args in (
        ("send", "lumiere-cosmetics"),
        ("build",),
        ("build", "--public"),
        ("build", "--client", "lumiere-cosmetics"),
    ):
        result = run_proposals(*args, cwd=root, timeout=900, env={"PROPOSALS_SECRET": SECRET})
        assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def every_level(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace with its actuals, one proposal sent, then built at every access level
    (site/, public/, clients/), shared by the whole run: read only."""
    return shared_build(tmp_path_factory, "every-level", _build_every_level)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the workspace after `proposals build` (module-scoped: tests may edit it)."""
    root = tmp_path_factory.mktemp("build") / "ws"
    _build_workspace(root)
    return root


def report_of(path: Path):  # type: ignore[no-untyped-def]
    """A plan file read, solved and diagnosed: what every renderer takes."""
    from generator.analysis.report import analyse
    from generator.plans.load import load_plan

    return analyse(load_plan(path))


def pdf_options(**changes: object):  # type: ignore[no-untyped-def]
    """PDF options of this repository's workspace (its Markdown setup), with ``changes``."""
    import dataclasses

    from generator.pipeline.options import pdf_options
    from generator.workspace import Workspace

    options = pdf_options(Workspace.find(REPO / "mkdocs.yml"))
    return dataclasses.replace(options, **changes)


def workspace_with(root: Path, keep: tuple[str, ...], *, pdf: bool = True) -> Path:
    """A copy of the workspace in ``root`` holding only the plans ``keep`` (PDFs off on request)."""
    copy_workspace(root)
    for plan in (root / "proposals").glob("*.yaml"):
        if plan.stem not in keep:
            plan.unlink()
    if not pdf:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("proposals_dir: proposals\n", "proposals_dir: proposals\n      pdf: false\n"),
            "utf-8",
        )
    return root
