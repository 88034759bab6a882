"""Output folders: a build never deletes what it did not make, never mixes access levels,
survives being killed at any step of its swap, and trusts no cache it cannot verify.

Every test runs the real `proposals` command on a copy of the workspace (PDFs off where
they are not the point: they are tested elsewhere).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.output.hosting import ROBOTS
from generator.output.secret import client_path, weakness
from tests.conftest import REPO, workspace_with
from tests.served import problems

KEEP = ("mimosa-hair", "shimanami-tourism")
SECRET = "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Two plans (one public), PDFs off."""
    return workspace_with(tmp_path / "ws", KEEP, pdf=False)


def proposals(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def ok(root: Path, *args: str) -> str:
    result = proposals(root, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess, *words: str) -> str:
    """A refusal is one line, no traceback, exit 1."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("proposals: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def listing(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (the .git folder of a workspace included)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def texts(folder: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
    )


def manifest(folder: Path) -> dict:
    return json.loads((folder / ".proposals-build.json").read_text(encoding="utf-8"))


def leftovers(root: Path) -> list[str]:
    names = [p.name for p in root.iterdir()] + [p.name for p in (root / "clients").glob(".*")]
    return sorted(n for n in names if ".building-" in n or ".old-" in n or n.endswith(".swap.json"))


# ---------------------------------------------------------------------------- data loss


@pytest.mark.parametrize("out", [".", "..", "proposals", "theme", "theme/overrides", "docs"])
def test_an_output_folder_among_the_sources_is_refused_and_nothing_is_touched(small, out):
    (small / ".git").mkdir()
    (small / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (small.parent / "sibling").mkdir()
    (small.parent / "sibling" / "work.txt").write_text("a sibling project", encoding="utf-8")
    before = listing(small.parent)
    line = refused(proposals(small, "build", "--out", out), "part of the workspace's sources")
    assert "cannot build into" in line
    assert listing(small.parent) == before


def test_a_folder_of_the_users_is_refused_and_kept(small, tmp_path):
    mine = tmp_path / "Documents"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work", encoding="utf-8")
    refused(proposals(small, "build", "--out", str(mine)), "not empty", "was not made by proposals build")
    assert (mine / "thesis.txt").read_text(encoding="utf-8") == "years of work"
    assert [p.name for p in mine.iterdir()] == ["thesis.txt"]


def test_files_the_user_added_to_the_output_survive_every_rebuild(small):
    ok(small, "build")
    site = small / "site"
    (site / "CNAME").write_text("proposals.example.com\n", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    plan = small / "proposals" / "mimosa-hair.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("ミモザ", "ミモザ新"), encoding="utf-8")
    assert "built 1, reused 1" in ok(small, "build")  # the card changed: the home site was replaced
    assert "ミモザ新" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "CNAME").read_text(encoding="utf-8") == "proposals.example.com\n"
    assert (site / ".nojekyll").is_file() and (site / ".git" / "HEAD").is_file()
    plan.unlink()  # a deleted plan's site goes; the user's files stay
    ok(small, "build")
    assert not (site / "mimosa-hair").exists() and (site / "CNAME").is_file()


def test_a_users_file_in_the_way_of_a_site_stops_the_build_before_any_change(small):
    ok(small, "build")
    site = small / "site"
    (small / "proposals" / "mimosa-hair.yaml").rename(small / "proposals" / "later.yaml")
    ok(small, "build")
    (small / "proposals" / "later.yaml").rename(small / "proposals" / "mimosa-hair.yaml")
    (site / "mimosa-hair").mkdir()
    (site / "mimosa-hair" / "mine.txt").write_text("mine", encoding="utf-8")
    before = listing(site)
    refused(proposals(small, "build"), "site/mimosa-hair", "in the way")
    assert listing(site) == before


# ---------------------------------------------------------------------------- access levels


def test_each_access_level_has_its_own_folder_and_never_writes_into_another(small):
    public, internal = small / "public", small / "site"
    ok(small, "build", "--public")
    ok(small, "build")
    ok(small, "build", "--public")
    assert manifest(public)["access"] == "public" and manifest(internal)["access"] == "internal"
    assert not (public / "mimosa-hair").exists() and "ミモザ" not in texts(public)
    assert (public / "shimanami-tourism" / "index.html").is_file()
    # The internal site keeps the internal version of the public plan.
    assert (internal / "mimosa-hair" / "index.html").is_file()
    # Pointed at each other's folders, each refuses with one line and changes nothing.
    before = listing(small)
    refused(
        proposals(small, "build", "--public", "--out", "site"), "internal build", "public build never writes"
    )
    refused(proposals(small, "build", "--out", "public"), "public build", "internal build never writes")
    env = {**os.environ, "PROPOSALS_SECRET": SECRET}
    refused(proposals(small, "build", "--client", "mimosa-hair", "--out", "site", env=env), "client build")
    refused(proposals(small, "build", "--client", "mimosa-hair", "--out", "public", env=env), "client build")
    result = proposals(small, "build", "--client", "mimosa-hair", env=env)
    assert result.returncode == 0, result.stderr
    refused(proposals(small, "build", "--out", "clients"), "client build")

    def outputs(files: dict[str, bytes]) -> dict[str, bytes]:
        return {k: v for k, v in files.items() if k.startswith(("site/", "public/"))}

    assert outputs(listing(small)) == outputs(before)


def test_the_client_folder_lists_no_client_and_blocks_crawlers_at_its_top(small):
    env = {**os.environ, "PROPOSALS_SECRET": SECRET}
    for slug in KEEP:
        assert proposals(small, "build", "--client", slug, env=env).returncode == 0
    clients = small / "clients"
    top = (clients / ".proposals-build.json").read_text(encoding="utf-8")
    for slug in KEEP:
        secret_path = client_path(SECRET, slug)
        assert (clients / secret_path / "index.html").is_file()
        assert secret_path not in top and slug not in top
    assert (clients / "robots.txt").read_text(encoding="utf-8") == ROBOTS
    index = (clients / "index.html").read_text(encoding="utf-8")
    assert "noindex" in index and "href" not in index


def test_a_client_build_of_an_internal_plan_is_refused(small):
    plan = small / "proposals" / "mimosa-hair.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("access: client", "access: internal"), "utf-8")
    env = {**os.environ, "PROPOSALS_SECRET": SECRET}
    refused(proposals(small, "build", "--client", "mimosa-hair", env=env), "access: internal")
    assert not (small / "clients").exists()


def test_an_expired_plan_says_so_in_every_command_and_shows_only_its_notice(small):
    plan = small / "proposals" / "mimosa-hair.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("access: client\n", "access: client\nexpires: 2020-01-01\n")
    )
    env = {**os.environ, "PROPOSALS_SECRET": SECRET}
    client = proposals(small, "build", "--client", "mimosa-hair", env=env)
    assert client.returncode == 0 and "expired on 2020-01-01" in client.stderr
    internal = proposals(small, "build")
    assert internal.returncode == 0 and "mimosa-hair: expired on 2020-01-01" in internal.stderr
    home = (small / "site" / "index.html").read_text(encoding="utf-8")
    assert "来店予約" not in home and "公開期限" in home
    check = proposals(small, "check")
    assert "expired" in check.stdout + check.stderr
    render = proposals(small, "render", "--out", "md")
    assert render.returncode == 0 and "expired" in render.stderr
    assert "来店予約" not in (small / "md" / "mimosa-hair" / "index.md").read_text(encoding="utf-8")
    assert not (small / "md" / "mimosa-hair" / "kpi.md").exists()
    pdf = proposals(small, "pdf", "mimosa-hair")
    assert pdf.returncode == 1 and "expired" in pdf.stderr and not (small / "pdf").exists()


# ---------------------------------------------------------------------------- killed builds


def killed(root: Path, step: int, *args: str, served: Path | None = None) -> subprocess.CompletedProcess:
    """``proposals ARGS`` killed before its ``step``-th write; with ``served``, every step
    first checks that the folder still serves whole sites (exit 3 when not)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if served is not None:
        env["KILLER_CHECK"] = str(served)
    return subprocess.run(
        [sys.executable, "-m", "tests.killer", str(step), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def assert_whole(root: Path, mine: list[str] | None = None) -> None:
    site = root / "site"
    assert leftovers(root) == sorted(mine or [])
    record = manifest(site)
    assert all(entry["key"] for entry in record["sites"].values()), record
    assert {"_home", "_hosting", *KEEP} == set(record["sites"])
    for name in ("index.html", "404.html", "assets", "search", "guide"):
        assert (site / name).exists(), name
    for slug in KEEP:
        assert (site / slug / "index.html").is_file() and (site / slug / "kpi" / "index.html").is_file()


def test_a_build_killed_at_any_step_of_its_swap_leaves_whole_sites_and_no_stale_text(small):
    ok(small, "build")
    plan = small / "proposals" / "mimosa-hair.yaml"
    original = plan.read_text(encoding="utf-8")
    # A card change: the home site and one proposal site are swapped.
    plan.write_text(original.replace("ミモザ", "ミモザ改訂"), encoding="utf-8")
    counted = killed(small, 0, "build")
    assert counted.returncode == 0, counted.stderr
    steps = int(counted.stderr.rsplit("steps: ", 1)[1])
    assert steps >= 10  # manifest, journal, each rename, manifest
    plan.write_text(original, encoding="utf-8")
    ok(small, "build")
    for step in range(1, steps + 1):
        plan.write_text(original.replace("ミモザ", "ミモザ改訂"), encoding="utf-8")
        result = killed(small, step, "build", served=small / "site")
        assert result.returncode == -9, (step, result.stderr)
        assert problems(small / "site") == "", step  # what a host serves until the next build
        undo = step % 2 == 1
        if undo:  # the edit is taken back: its text must never stay published
            plan.write_text(original, encoding="utf-8")
        ok(small, "build")
        assert_whole(small)
        text = texts(small / "site")
        assert ("ミモザ改訂" in text) != undo, step
        if not undo:
            plan.write_text(original, encoding="utf-8")
            ok(small, "build")
            assert "ミモザ改訂" not in texts(small / "site"), step


def test_a_build_killed_after_staging_leaves_nothing_behind_but_the_users_look_alikes(small):
    ok(small, "build")
    plan = small / "proposals" / "mimosa-hair.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("ミモザ", "ミモザ改訂"), encoding="utf-8")
    # Folders of the user's that look like a build's scratch are the user's: never swept.
    (small / ".site.building-99999").mkdir()
    (small / ".site.building-99999" / "junk.html").write_text("mine", encoding="utf-8")
    (small / ".site.old-4242").mkdir()
    # Killed with the new sites staged, before anything in site/ changed.
    result = killed(small, 2, "build", served=small / "site")
    assert result.returncode == -9, result.stderr
    staged = [p.name for p in small.glob(".site.building-*") if p.name != ".site.building-99999"]
    assert len(staged) == 1
    ok(small, "build")
    assert not (small / staged[0]).exists() and not (small / ".site.scratch.json").exists()
    assert (small / ".site.building-99999" / "junk.html").read_text(encoding="utf-8") == "mine"
    assert (small / ".site.old-4242").is_dir()
    assert_whole(small, mine=[".site.building-99999", ".site.old-4242"])


def test_two_builds_at_once_both_finish_with_one_whole_site(small):
    results: list[subprocess.CompletedProcess] = []

    def run() -> None:
        results.append(proposals(small, "build"))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert_whole(small)


def test_a_damaged_manifest_is_one_line_and_nothing_is_deleted(small):
    ok(small, "build")
    (small / "site" / ".proposals-build.json").write_text("{truncated", encoding="utf-8")
    before = listing(small / "site")
    refused(proposals(small, "build"), "damaged")
    assert listing(small / "site") == before


# ---------------------------------------------------------------------------- caches


def damage(folder: Path, how: str) -> int:
    count = 0
    for entry in folder.rglob("*"):
        if not entry.is_file() or entry.is_symlink():
            continue
        count += 1
        if how == "truncate":
            entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
        elif how == "random":
            entry.write_bytes(os.urandom(700))
        elif how == "script":
            raw = entry.read_bytes()
            entry.write_bytes(raw.replace(b"</svg>", b"<script>alert('cache')</script></svg>"))
        elif how == "symlink":
            entry.unlink()
            entry.symlink_to("/etc/passwd")
    return count


@pytest.mark.parametrize("how", ["truncate", "random", "script", "symlink"])
def test_a_damaged_cache_is_detected_and_rebuilt(small, how):
    ok(small, "build", "--out", "first")
    cache = small / ".cache" / "sns-proposals"
    assert damage(cache, how) > 0
    ok(small, "build", "--out", "second")
    site = small / "second"
    text = texts(site)
    assert "alert('cache')" not in text and "root:x:0:0" not in text
    svg = (site / "mimosa-hair" / "kpi" / "index.html").read_text(encoding="utf-8")
    assert '<svg class="kpi-tree-diagram"' in svg


# ---------------------------------------------------------------------------- names


@pytest.mark.parametrize("name", ["assets", "search", "guide", "en", "404", "index"])
def test_a_plan_named_like_a_part_of_the_site_is_refused(small, name):
    ok(small, "build")
    shutil_copy(small / "proposals" / "mimosa-hair.yaml", small / "proposals" / f"{name}.yaml")
    before = listing(small / "site")
    check = proposals(small, "check")
    assert (
        check.returncode == 2
        and f"proposals/{name}.yaml:1:1: the name '{name}' is used by the site" in check.stderr
    )
    result = proposals(small, "build")
    assert result.returncode == 2 and f"{name}.yaml:1:1" in result.stderr and "Traceback" not in result.stderr
    assert listing(small / "site") == before


def test_a_plan_named_like_an_agency_page_is_refused(small):
    (small / "docs" / "about.md").write_text("# About us\n", encoding="utf-8")
    shutil_copy(small / "proposals" / "mimosa-hair.yaml", small / "proposals" / "about.yaml")
    result = proposals(small, "build")
    assert result.returncode == 2 and "about.yaml:1:1: the name 'about' is taken by docs/" in result.stderr


def test_two_files_for_one_slug_are_refused(small):
    shutil_copy(small / "proposals" / "mimosa-hair.yaml", small / "proposals" / "mimosa-hair.yml")
    for command in ("check", "build"):
        result = proposals(small, command)
        assert result.returncode == 2, result.stderr
        assert "mimosa-hair.yml:1:1: 'mimosa-hair.yaml' already holds the plan 'mimosa-hair'" in result.stderr


def test_a_plan_linked_to_a_file_outside_the_workspace_is_refused_without_echoing_it(small, tmp_path):
    outside = tmp_path / "private.yaml"
    outside.write_text("schema: 1\nclient: {name: TOP-SECRET-CLIENT}\nlanguage: ja\n", encoding="utf-8")
    (small / "proposals" / "linked.yaml").symlink_to(outside)
    for command in ("check", "build"):
        result = proposals(small, command)
        assert result.returncode == 2
        assert "linked.yaml:1:1: the plan is a link to a file outside the workspace" in result.stderr
        assert "TOP-SECRET" not in result.stderr + result.stdout and str(tmp_path) not in result.stderr
    assert not (small / "site").exists()
    (small / "proposals" / "linked.yaml").unlink()
    (small / "proposals" / "inside.yaml").symlink_to(small / "proposals" / "mimosa-hair.yaml")
    assert proposals(small, "check").returncode == 0  # a link inside the workspace is fine


def shutil_copy(source: Path, target: Path) -> None:
    target.write_bytes(source.read_bytes())


# ---------------------------------------------------------------------------- secrets


@pytest.mark.parametrize(
    "secret",
    ["abc", "agency-secret", "aaaaaaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrstuvwxyz", "1234567890123456789",
     "abababababababababababab", "passwordpassword", "correct horse battery staple", "パスワードパスワード",
     "qwertyuiopasdfghjkl", "aabbccddeeffgghhiijj", "k7Qp-2vXz9LmR4tYb8Nw"],
)  # fmt: skip
def test_weak_secrets_are_refused_with_a_way_to_make_one(small, secret):
    env = {**os.environ, "PROPOSALS_SECRET": secret}
    line = refused(proposals(small, "build", "--client", "mimosa-hair", env=env), "PROPOSALS_SECRET")
    assert "secrets.token_urlsafe" in line
    assert not (small / "clients").exists()


def test_strong_secrets_pass_whatever_their_bytes(small):
    assert weakness(SECRET.encode()) == ""
    assert weakness(os.urandom(24)) == ""
    env = {k.encode(): v.encode() for k, v in os.environ.items()}
    env[b"PROPOSALS_SECRET"] = (
        b"\xff\xfe\x91\x03\xc7Zq\x88\xe4!\xb0\x7f\xd3k\x1c\xa9\x95L\xee\x06"  # not UTF-8
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--client", "mimosa-hair"],
        cwd=small,
        capture_output=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr


def test_a_journal_naming_folders_no_build_makes_is_refused_and_followed_nowhere(small, tmp_path):
    ok(small, "build")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "work.txt").write_text("keep", encoding="utf-8")
    journal = {
        "staging": "../victim",
        "trash": ".site.old-1",
        "old": [],
        "new": [],
        "sites": {},
        "access": "internal",
    }
    (small / ".site.swap.json").write_text(json.dumps(journal), encoding="utf-8")
    refused(proposals(small, "build"), "damaged")
    assert (victim / "work.txt").read_text(encoding="utf-8") == "keep"


def test_only_the_caches_own_entries_are_pruned(small):
    folder = small / ".cache" / "sns-proposals" / "plans"
    folder.mkdir(parents=True)
    (folder / "README.txt").write_text("mine", encoding="utf-8")
    ok(small, "build")
    assert (folder / "README.txt").read_text(encoding="utf-8") == "mine"
    assert len([p for p in folder.iterdir() if p.name != "README.txt"]) == len(KEEP)
