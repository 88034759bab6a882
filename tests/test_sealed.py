"""Sealed output: no command writes a plan where another audience is served, no cache entry
is trusted without the user's key, and what the system refuses is one line.

Each test reproduces a way client data leaked or a command broke (issue 25) on a copy of the
workspace, with the real `proposals` command.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cache.store import fingerprint
from generator.render.figures.diagram import is_plain_svg
from tests.conftest import REPO, run_proposals, workspace_with

KEEP = ("mimosa-hair", "shimanami-tourism")  # shimanami is public, mimosa is not
SECRET = "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"
INTERNAL_MARK = "INTERNAL-MARK-7731"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = workspace_with(tmp_path / "ws", KEEP, pdf=False)
    plan = root / "proposals" / "mimosa-hair.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text + f"internal_notes: {INTERNAL_MARK} 予算の内訳\n", encoding="utf-8")
    return root


def run(
    root: Path, *args: str, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
        **kw,  # type: ignore[call-overload]
    )


def ok(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = run(root, *args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def one_line(result: subprocess.CompletedProcess, *words: str, code: int = 1) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def every_byte(folder: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------- other levels' folders


def test_an_internal_build_inside_the_public_folder_is_refused_and_public_stays_public(small):
    ok(small, "build", "--public")
    one_line(run(small, "build", "--out", "public/x"), "lies inside public/", "a public build made")
    assert not (small / "public" / "x").exists()
    assert "reused 1" in ok(small, "build", "--public")
    assert INTERNAL_MARK.encode() not in every_byte(small / "public")
    assert "ミモザ".encode() not in every_byte(small / "public")


def test_a_build_inside_the_client_folder_is_refused(small):
    ok(small, "build", "--client", "mimosa-hair", env={"PROPOSALS_SECRET": SECRET})
    one_line(run(small, "build", "--out", "clients/all"), "lies inside clients/", "a client build made")
    one_line(run(small, "build", "--public", "--out", "clients/pub"), "lies inside clients/")
    assert not (small / "clients" / "all").exists() and not (small / "clients" / "pub").exists()


def test_another_levels_build_found_inside_a_folder_stops_the_build(small):
    """Output of an older version that let a build nest: never reused, never served on."""
    ok(small, "build", "--public")
    ok(small, "build", "--out", "elsewhere")
    shutil.copytree(small / "elsewhere", small / "public" / "shimanami-tourism" / "x")
    before = every_byte(small / "public")
    one_line(run(small, "build", "--public"), "holds another build's output inside public/")
    assert every_byte(small / "public") == before


@pytest.mark.parametrize("command", [("pdf",), ("deck", "--format", "pptx"), ("render",)])
def test_document_commands_never_write_into_a_built_folder(small, command):
    ok(small, "build", "--public")
    ok(small, "build", "--client", "mimosa-hair", env={"PROPOSALS_SECRET": SECRET})
    (client,) = [p for p in (small / "clients").iterdir() if p.is_dir()]
    before = {name: every_byte(small / name) for name in ("public", "clients")}
    for out in ("public", "public/shimanami-tourism", f"clients/{client.name}", "clients"):
        one_line(run(small, *command, "--out", out), "a host serves")
    assert {name: every_byte(small / name) for name in ("public", "clients")} == before


def test_render_into_a_public_proposal_folder_is_refused_so_no_notes_reach_the_next_build(small):
    ok(small, "build", "--public")
    one_line(run(small, "render", "--out", "public/shimanami-tourism"), "lies inside public/")
    ok(small, "build", "--public")
    assert INTERNAL_MARK.encode() not in every_byte(small / "public")


def test_render_never_replaces_a_users_file_and_cleans_up_only_its_own(small, tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "index.md").write_text("my own page", encoding="utf-8")
    one_line(run(small, "render", "--out", str(mine)), "not empty", "not made by proposals")
    assert (mine / "index.md").read_text(encoding="utf-8") == "my own page"
    ok(small, "render")
    rendered = small / "rendered"
    assert (rendered / "mimosa-hair" / "kpi.md").is_file()
    (rendered / "mine.txt").write_text("kept", encoding="utf-8")
    (small / "proposals" / "mimosa-hair.yaml").unlink()
    ok(small, "render")
    assert not (rendered / "mimosa-hair").exists()  # a dropped plan's pages go
    assert (rendered / "mine.txt").read_text(encoding="utf-8") == "kept"
    (rendered / "shimanami-tourism" / "kpi.md").unlink()
    (rendered / "shimanami-tourism" / "kpi.md").mkdir()  # a user's folder where a page goes
    one_line(run(small, "render"), "in the way")


def test_a_pdf_over_a_users_file_is_refused_before_anything_is_written(small):
    out = small / "handouts"
    out.mkdir()
    ok(small, "deck", "--format", "pptx", "--out", "handouts")
    (out / "shimanami-tourism.pdf").write_text("my own PDF", encoding="utf-8")
    listed = sorted(p.name for p in out.iterdir())
    one_line(run(small, "pdf", "--out", "handouts"), "shimanami-tourism.pdf is in the way")
    assert sorted(p.name for p in out.iterdir()) == listed
    assert (out / "shimanami-tourism.pdf").read_text(encoding="utf-8") == "my own PDF"


def test_the_agencys_pages_stay_in_its_internal_site(small):
    (small / "docs" / "about.md").write_text("# About us\n\nAGENCY-PAGE-MARK\n", encoding="utf-8")
    ok(small, "build")
    assert b"AGENCY-PAGE-MARK" in every_byte(small / "site")
    ok(small, "build", "--public")
    assert b"AGENCY-PAGE-MARK" not in every_byte(small / "public")
    assert not (small / "public" / "about").exists()


# ---------------------------------------------------------------------------- the cache


def key_env(tmp_path: Path) -> dict[str, str]:
    return {"PROPOSALS_CACHE_KEY_FILE": str(tmp_path / "home" / "cache.key")}


def test_the_cache_key_is_made_once_outside_the_cache_and_readable_only_by_its_owner(small, tmp_path):
    env = key_env(tmp_path)
    ok(small, "build", env=env)
    key = tmp_path / "home" / "cache.key"
    assert key.is_file() and stat.S_IMODE(key.stat().st_mode) == 0o600
    first = key.read_bytes()
    ok(small, "build", "--public", env=env)
    assert key.read_bytes() == first and len(first) == 32
    # A key others can read seals nothing: the cache is then not used at all.
    key.chmod(0o644)
    shutil.rmtree(small / ".cache")
    ok(small, "build", "--out", "other", env=env)
    assert (
        not any(p.is_file() for p in (small / ".cache").rglob("*")) if (small / ".cache").exists() else True
    )


def forge(entry: Path, kind: str, payload: bytes, secret: bytes | None) -> None:
    """Rewrite a cache entry with ``payload``, sealed the old unkeyed way or under ``secret``."""
    import hmac

    key = entry.name
    if secret is None:
        seal = fingerprint("seal", kind, key, payload).encode()
    else:
        framed = fingerprint("seal", kind, key, hashlib.sha256(payload).hexdigest())
        seal = hmac.new(secret, framed.encode(), hashlib.sha256).hexdigest().encode()
    entry.write_bytes(b"sns-proposals cache 2\n" + seal + b"\n" + payload)


@pytest.mark.parametrize("secret", [None, b"x" * 32], ids=["unkeyed", "another-key"])
def test_forged_entries_are_never_used(small, tmp_path, secret):
    env = key_env(tmp_path)
    ok(small, "build", "--public", env=env)
    cache = small / ".cache" / "sns-proposals"
    # A summary that says the internal plan is public.
    for entry in (cache / "plans").iterdir():
        forge(
            entry,
            "plans",
            json.dumps(
                {"access": "public", "expires": None, "cards": {"internal": "x", "public": "y"}}
            ).encode(),
            secret,
        )
    # Compiled templates that would run code: a marshalled code object writing a file.
    marker = tmp_path / "ran"
    code = compile(f"open({str(marker)!r}, 'w').write('ran')", "<forged>", "exec")
    import marshal

    from jinja2.bccache import bc_magic

    for entry in (cache / "jinja").iterdir():
        forge(entry, "jinja", bc_magic + marshal.dumps(("x", code)) + marshal.dumps(code), secret)
    # Kept plan reports that would run code when read back.
    import pickle

    class _Runs:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (exec, (f"open({str(marker)!r}, 'w').write('ran')",))

    for entry in (cache / "reports").iterdir():
        forge(entry, "reports", pickle.dumps(_Runs()), secret)
    # A diagram whose processing instruction comes alive in an HTML page.
    for entry in (cache / "diagrams" / "svg").iterdir():
        evil = '<svg xmlns="http://www.w3.org/2000/svg"><?x a><animate onbegin=alert(1) attributeName=x dur=1s /> ?></svg>'
        forge(entry, "svg", evil.encode(), secret)
    shutil.rmtree(small / "public")
    ok(small, "build", "--public", env=env)
    public = every_byte(small / "public")
    assert not marker.exists()
    assert "ミモザ".encode() not in public and b"onbegin" not in public
    assert (
        b'<svg class="kpi-tree-diagram"'
        in (small / "public" / "shimanami-tourism" / "kpi" / "index.html").read_bytes()
    )


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><?x a><animate onbegin="alert(1)"/>?></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>*{background:url(//x)}</style></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:alert(1)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><g onload="alert(1)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><text style="x">a</text></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><![CDATA[<img src=x onerror=alert(1)>]]></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><!-- --><img src=x onerror=alert(1)> --></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><text>a</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
    ],
)
def test_the_svg_check_allows_only_what_graphviz_draws(svg):
    assert not is_plain_svg(svg)


def test_the_svg_check_passes_every_diagram_we_draw(tmp_path):
    from generator.render.figures.diagram import _run_dot, kpi_tree_dot
    from tests.conftest import report_of

    for plan in sorted((REPO / "proposals").glob("*.yaml")):
        report = report_of(plan)
        if report.solution is not None:
            assert is_plain_svg(_run_dot(kpi_tree_dot(report.solution, report.plan.language, "p", "t"))), plan


# ---------------------------------------------------------------------------- one line, never a traceback


def without_privilege() -> list[str]:
    """How to run a command for which file permissions hold: as root, without the
    capabilities that override them (uid 0 stays, so the interpreter stays readable)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to drop root's DAC override")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def run_limited(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*without_privilege(), sys.executable, "-m", "generator", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.mark.parametrize(
    "target,command,words",
    [
        ("mkdocs.yml", ("check",), ("mkdocs.yml", "permission denied")),
        ("theme", ("build",), ("theme/", "permission denied")),
        ("theme/main.html", ("build",), ("theme/main.html", "permission denied")),
        ("proposals", ("check",), ("proposals", "permission denied")),
    ],
)
def test_what_cannot_be_read_is_one_line(small, target, command, words):
    path = small / target
    mode = path.stat().st_mode
    path.chmod(0)
    try:
        one_line(run_limited(small, *command), *words)
    finally:
        path.chmod(mode)


def test_an_unreadable_cache_costs_speed_only(small):
    ok(small, "build")
    cache = small / ".cache"
    cache.chmod(0)
    try:
        result = run_limited(small, "build", "--out", "second")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert (small / "second" / "mimosa-hair" / "index.html").is_file()
    finally:
        cache.chmod(0o755)


def test_an_unreadable_actuals_file_or_comment_is_one_line(small):
    folder = small / "actuals" / "mimosa-hair"
    (folder / "comments").mkdir(parents=True)
    (folder / "manual.csv").write_text("month,metric,value\n2026-11,store_reservations,30\n", "utf-8")
    (folder / "manual.csv").chmod(0)
    one_line(run_limited(small, "actuals", "mimosa-hair"), "manual.csv", "permission denied", code=2)
    (folder / "manual.csv").chmod(0o644)
    (folder / "comments" / "2026-11.md").write_text("a comment", "utf-8")
    (folder / "comments" / "2026-11.md").chmod(0)
    one_line(run_limited(small, "build"), "2026-11.md")
    folder.chmod(0)
    try:
        one_line(run_limited(small, "actuals", "mimosa-hair"), "actuals/mimosa-hair", "permission denied")
    finally:
        folder.chmod(0o755)


def test_a_full_disk_is_one_line_and_the_last_build_stays(small, tmp_path):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True
    ).returncode:
        pytest.skip("this machine cannot mount a tmpfs")
    try:
        one_line(run(small, "build", "--out", str(disk / "site")), "no space left")
        assert not (disk / "site").exists() or not any((disk / "site").iterdir())
        # Nearly full: the first pages fit, the rest do not.
        (disk / "filler").write_bytes(b"\0" * (1024 * 1024 - 48 * 1024))
        one_line(run(small, "render", "--out", str(disk / "md")), "no space left")
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_an_unquoted_day_in_mkdocs_yml_is_a_day_and_a_bad_one_is_one_line(small):
    config = small / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("proposals_dir: proposals\n", "proposals_dir: proposals\n      today: 2026-12-01\n"),
        "utf-8",
    )
    ok(small, "build")
    config.write_text(
        text.replace("proposals_dir: proposals\n", "proposals_dir: proposals\n      today: someday\n"),
        "utf-8",
    )
    one_line(run(small, "build"), "today", "not a day like 2027-04-01")
    one_line(run(small, "check"), "today", "not a day like 2027-04-01")


def test_control_characters_from_a_plan_never_reach_the_terminal(small):
    plan = small / "proposals" / "mimosa-hair.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("kgi:\n  metric: store_reservations", 'kgi:\n  metric: "store\\e[2J\\a\\u202e"', 1),
        "utf-8",
    )
    result = run(small, "check")
    shown = result.stdout + result.stderr
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "\\x1b[2J" in shown


# ---------------------------------------------------------------------------- bounds


BASE = (REPO / "proposals" / "mimosa-hair.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "extra,where",
    [
        ("situation:\n  issues:\n" + "".join(f"    - 課題{i}\n" for i in range(15000)), "situation.issues"),
        (
            "content:\n  pillars:\n" + "".join(f"    - {{name: 柱{i}, share: 1%}}\n" for i in range(2000)),
            "content.pillars",
        ),
        ("team:\n" + "".join(f"  - {{role: 担当{i}, allocation: 1%}}\n" for i in range(1000)), "team"),
    ],
)
def test_lists_no_proposal_reaches_are_one_line(write_plan, extra, where):
    text = "\n".join(
        line for line in BASE.splitlines() if not line.startswith(("team:", "content:", "situation:"))
    )
    path = write_plan(text + "\n" + extra, "huge.yaml")
    result = run_proposals("check", str(path))
    line = one_line(result, where, code=2)
    assert "huge.yaml:" in line


def test_markdown_that_would_stall_the_parser_renders_in_linear_time():
    from generator.render.text.notes import linear_links, render_notes

    assert linear_links("[a](https://x) [b [c](d) e]") == "[a](https://x) \ue000b [c](d) e]"
    html = str(render_notes("[site](https://example.com) [open `a[0]` [x"))
    assert '<a href="https://example.com"' in html and "&#91;open <code>a&#91;0&#93;</code> &#91;x" in html
    started = time.process_time()
    render_notes("[" * 64_000)
    render_notes("*a" * 32_000)
    spent = time.process_time() - started
    # Quadratic, these took minutes; not a timing test, a guard against that.
    assert spent < 60, spent


def test_a_comment_that_is_a_link_or_too_deep_is_refused_in_one_line(small, tmp_path):
    folder = small / "actuals" / "mimosa-hair"
    (folder / "comments").mkdir(parents=True)
    (folder / "manual.csv").write_text("month,metric,value\n2026-11,store_reservations,30\n", "utf-8")
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", "utf-8")
    (folder / "comments" / "2026-11.md").symlink_to(secret)
    env = {"PROPOSALS_SECRET": SECRET}
    one_line(run(small, "build", "--client", "mimosa-hair", env=env), "2026-11.md", "not a link")
    assert not (small / "clients").exists() or b"root:x:0:0" not in every_byte(small / "clients")
    (folder / "comments" / "2026-11.md").unlink()
    (folder / "comments" / "2026-11.md").write_text(">" * 150 + " deep\n", "utf-8")
    one_line(run(small, "build"), "2026-11.md", "nests quotes")
