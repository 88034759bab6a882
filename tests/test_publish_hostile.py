"""Publishing onto hostile targets: git branches and an S3 bucket seeded with forged records,
links, other clients' sites and files the tool never wrote. Nothing outside the tool's own
files is deleted or changed, at the target or on the publishing machine."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
from pathlib import Path

import pytest

from generator.output.secret import client_path
from tests.conftest import run_proposals, workspace_with
from tests.hosted import matches
from tests.test_publish import AWS, SECRET, git, moto_server, s3_client

__all__ = ["moto_server"]

ALPHA, BETA = "kurumi-ramen", "mimosa-hair"
RECORD = ".proposals-published.json"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with a public plan and two client plans, each level built."""
    root = workspace_with(
        tmp_path_factory.mktemp("hostile-publish") / "ws", ("shimanami-tourism", ALPHA, BETA), pdf=False
    )
    for args in (
        ("build", "--public"),
        ("build",),
        ("build", "--client", ALPHA),
        ("build", "--client", BETA),
    ):
        result = run(root, *args)
        assert result.returncode == 0, result.stderr
    return root


def run(root: Path, *args: str, **env: str | None) -> subprocess.CompletedProcess:
    given: dict[str, str | None] = {
        "PROPOSALS_SECRET": SECRET,
        "PROPOSALS_CACHE_KEY_FILE": str(root.parent / "key" / "cache.key"),
        **AWS,
        **env,
    }
    return run_proposals(*args, cwd=root, timeout=600, env=given)


def ok(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = run(root, *args)
    assert result.returncode == 0, result.stderr
    return result


def refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def branch(tmp: Path, name: str, files: dict[str, bytes | str], links: dict[str, str] | None = None) -> Path:
    """A bare repository whose gh-pages branch holds ``files`` (and ``links``: name → target)."""
    remote = tmp / f"{name}.git"
    git(tmp, "init", "-q", "--bare", str(remote))
    work = tmp / f"{name}-seed"
    git(tmp, "init", "-q", str(work))
    git(work, "checkout", "-q", "-b", "gh-pages")
    for path, content in files.items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        (work / path).write_bytes(data)
    for path, pointing in (links or {}).items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(pointing, work / path)
    git(work, "add", "-A")
    git(work, "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-q", "--allow-empty", "-m", "seed")
    git(work, "push", "-q", str(remote), "gh-pages")
    return remote


def tree(remote: Path) -> dict[str, str]:
    """Every file on the branch with its blob id."""
    listing = git(remote, "ls-tree", "-r", "gh-pages")
    found = {}
    for line in listing.splitlines():
        meta, _, name = line.partition("\t")
        found[name] = meta.split()[2]
    return found


def content(remote: Path, name: str) -> str:
    return git(remote, "show", f"gh-pages:{name}")


def forged(files: list[str], key: bytes = b"someone else's key") -> str:
    """Records someone who can push to the branch could write: the old list and the new shape,
    signed with a key that is not the agency's."""
    body = {
        "tool": "sns-proposals",
        "format": 2,
        "owners": {
            "public": {"mode": "public", "prefix": "", "files": dict.fromkeys(files, "x"), "weak": []}
        },
        "hosting": {},
    }
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    body["signature"] = hmac.new(key, canonical, hashlib.sha256).hexdigest()
    body["files"] = files  # the first record's shape, which the tool once trusted
    return json.dumps(body)


def test_a_forged_record_on_the_branch_deletes_nothing_here_or_there(built, tmp_path):
    outside = tmp_path / "agency" / "contracts.txt"
    outside.parent.mkdir()
    outside.write_text("the agency's own file", encoding="utf-8")
    relative = os.path.relpath(outside, tmp_path)
    names = [
        str(outside),
        f"../../../../../../../../{relative}",
        "../../contracts.txt",
        "CNAME",
        "about.html",
    ]
    remote = branch(
        tmp_path,
        "forged",
        {"CNAME": "proposals.example.com\n", "about.html": "<p>ours</p>", RECORD: forged(names)},
    )
    before = tree(remote)
    result = ok(built, "publish", "public", "--to", f"git:{remote}#gh-pages")
    assert "ignored" in result.stderr or "無視" in result.stderr
    assert outside.read_text(encoding="utf-8") == "the agency's own file"
    after = tree(remote)
    for name in ("CNAME", "about.html"):
        assert after[name] == before[name]
    assert "index.html" in after and "shimanami-tourism/index.html" in after


def test_a_link_on_the_branch_is_refused_before_anything_is_written(built, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", encoding="utf-8")
    remote = branch(
        tmp_path,
        "linked",
        {"README.md": "x"},
        links={"assets": str(elsewhere), "index.html": str(elsewhere / "keep.txt")},
    )
    before = tree(remote)
    line = refused(run(built, "publish", "public", "--to", f"git:{remote}#gh-pages"))
    assert "link" in line or "リンク" in line
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert tree(remote) == before


def test_a_file_the_tool_never_wrote_stops_the_publish_whole(built, tmp_path):
    remote = branch(
        tmp_path, "theirs", {"index.html": "<p>another tool's home page</p>", "CNAME": "x.example\n"}
    )
    before = tree(remote)
    line = refused(run(built, "publish", "public", "--to", f"git:{remote}#gh-pages"))
    assert "index.html" in line
    assert tree(remote) == before


def test_clients_and_the_public_site_share_a_branch_and_never_remove_each_other(built, tmp_path):
    remote = branch(tmp_path, "shared", {"CNAME": "pages.example\n"})
    target = f"git:{remote}#gh-pages"
    ok(built, "publish", ALPHA, "--to", target)
    alpha = {n: b for n, b in tree(remote).items() if n.startswith(client_path(SECRET, ALPHA) + "/")}
    assert len(alpha) > 20
    ok(built, "publish", BETA, "--to", target)
    ok(built, "publish", "public", "--to", target)
    after = tree(remote)
    assert {n: after.get(n) for n in alpha} == alpha
    assert any(n.startswith(client_path(SECRET, BETA) + "/") for n in after)
    assert "shimanami-tourism/index.html" in after and after["CNAME"] == tree(remote)["CNAME"]
    # The public home replaced the clients' empty placeholder; the clients keep noindex.
    assert "shimanami" in content(remote, "index.html").lower() or "<nav" in content(remote, "index.html")
    rules = _rules(content(remote, "_headers"))
    secret = client_path(SECRET, ALPHA)
    assert rules_for(rules, f"/{secret}/index.html").get("X-Robots-Tag") == "noindex, nofollow"
    assert "X-Robots-Tag" not in rules_for(rules, "/shimanami-tourism/index.html")
    assert "immutable" in rules_for(rules, f"/{secret}/assets/javascripts/bundle.js")["Cache-Control"]
    # Publishing alpha again changes nothing of beta's or the public site's.
    again = ok(built, "publish", ALPHA, "--to", target)
    assert " 0 removed" in again.stdout
    assert tree(remote) == after


def test_a_file_changed_at_the_target_is_left_not_removed(built, tmp_path):
    remote = branch(tmp_path, "edited", {})
    target = f"git:{remote}#gh-pages"
    ok(built, "publish", "public", "--to", target)
    clone = tmp_path / "edited-clone"
    git(tmp_path, "clone", "-q", "-b", "gh-pages", str(remote), str(clone))
    (clone / "shimanami-tourism" / "kpi" / "index.html").write_text("edited by hand", encoding="utf-8")
    git(clone, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qam", "hand edit")
    git(clone, "push", "-q", "origin", "gh-pages")
    plan = built / "proposals" / "shimanami-tourism.yaml"
    original = plan.read_text(encoding="utf-8")
    try:
        plan.write_text(original.replace("access: public", "access: internal"), "utf-8")
        ok(built, "build", "--public")
        result = ok(built, "publish", "public", "--to", target)
    finally:
        plan.write_text(original, "utf-8")
        ok(built, "build", "--public")
    after = tree(remote)
    assert "shimanami-tourism/kpi/index.html" in after and "shimanami-tourism/index.html" not in after
    assert content(remote, "shimanami-tourism/kpi/index.html") == "edited by hand"
    assert "kpi/index.html" in result.stderr


def test_an_internal_build_goes_only_to_a_target_marked_private(built, tmp_path, moto_server):
    remote = branch(tmp_path, "pages", {})
    line = refused(run(built, "publish", "internal", "--to", f"git:{remote}#gh-pages"))
    assert "--private-target" in line
    assert tree(remote) == {}
    s3 = s3_client(moto_server)
    s3.create_bucket(Bucket="public-bucket")
    refused(run(built, "publish", "internal", "--to", "s3://public-bucket", "--endpoint", moto_server))
    assert "Contents" not in s3.list_objects_v2(Bucket="public-bucket")
    ok(built, "publish", "internal", "--to", f"git:{remote}#intranet", "--private-target")
    assert "index.html" in git(remote, "ls-tree", "-r", "--name-only", "intranet").split()
    # A folder built at another level is never published as this one.
    line = refused(run(built, "publish", "public", "--from", "site", "--to", f"git:{remote}#gh-pages"))
    assert "site/" in line


def test_a_forged_s3_record_deletes_no_object(built, moto_server):
    s3 = s3_client(moto_server)
    s3.create_bucket(Bucket="hostile")
    theirs = {
        "site/CNAME": b"x.example",
        "site/older/index.html": b"old",
        "site/../escape.txt": b"escape",
        "other/keep.html": b"keep",
    }
    for key, data in theirs.items():
        s3.put_object(Bucket="hostile", Key=key, Body=data)
    names = ["CNAME", "older/index.html", "../escape.txt", "/etc/passwd"]
    s3.put_object(Bucket="hostile", Key=f"site/{RECORD}", Body=forged(names).encode())
    result = ok(built, "publish", "public", "--to", "s3://hostile/site", "--endpoint", moto_server)
    assert "ignored" in result.stderr or "無視" in result.stderr
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="hostile")["Contents"]}
    for key, data in theirs.items():
        assert key in keys and s3.get_object(Bucket="hostile", Key=key)["Body"].read() == data
    assert "site/index.html" in keys


def test_two_clients_in_one_bucket_keep_each_others_objects(built, moto_server):
    s3 = s3_client(moto_server)
    s3.create_bucket(Bucket="clients-shared")
    target = ["--to", "s3://clients-shared", "--endpoint", moto_server]
    ok(built, "publish", ALPHA, *target)
    alpha = {
        o["Key"]: o["ETag"]
        for o in s3.list_objects_v2(Bucket="clients-shared")["Contents"]
        if o["Key"].startswith(client_path(SECRET, ALPHA))
    }
    assert len(alpha) > 20
    ok(built, "publish", BETA, *target)
    now = {o["Key"]: o["ETag"] for o in s3.list_objects_v2(Bucket="clients-shared", MaxKeys=1000)["Contents"]}
    assert {k: now.get(k) for k in alpha} == alpha
    assert any(k.startswith(client_path(SECRET, BETA)) for k in now)
    record = json.loads(s3.get_object(Bucket="clients-shared", Key=RECORD)["Body"].read())
    assert set(record["owners"]) == {f"client:{ALPHA}", f"client:{BETA}"}


def test_an_object_replaced_at_the_target_is_not_overwritten(built, moto_server):
    s3 = s3_client(moto_server)
    s3.create_bucket(Bucket="replaced")
    target = ["--to", "s3://replaced/p", "--endpoint", moto_server]
    ok(built, "publish", "public", *target)
    s3.put_object(Bucket="replaced", Key="p/shimanami-tourism/kpi/index.html", Body=b"replaced by a person")
    plan = built / "proposals" / "shimanami-tourism.yaml"
    original = plan.read_text(encoding="utf-8")
    try:
        plan.write_text(original.replace("大阪に住む34歳", "大阪に住む35歳"), "utf-8")
        ok(built, "build", "--public")
        line = refused(run(built, "publish", "public", *target))
    finally:
        plan.write_text(original, "utf-8")
        ok(built, "build", "--public")
    assert "shimanami-tourism/kpi/index.html" in line
    data = s3.get_object(Bucket="replaced", Key="p/shimanami-tourism/kpi/index.html")["Body"].read()
    assert data == b"replaced by a person"


def test_a_link_in_the_built_folder_is_refused(built, tmp_path):
    copy = tmp_path / "public-copy"
    subprocess.run(["cp", "-a", str(built / "public"), str(copy)], check=True)
    os.symlink("/etc", copy / "etc")
    remote = branch(tmp_path, "from-links", {})
    line = refused(run(built, "publish", "public", "--from", str(copy), "--to", f"git:{remote}#gh-pages"))
    assert "etc" in line
    assert tree(remote) == {}


def test_publish_speaks_the_plans_language_and_names_what_it_needs(built, tmp_path):
    remote = branch(tmp_path, "words", {})
    line = refused(run(built, "publish", ALPHA, "--to", f"git:{remote}#gh-pages", PROPOSALS_SECRET=None))
    assert "PROPOSALS_SECRET" in line and "公開" in line and "client build" not in line


def _rules(text: str) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def rules_for(rules: list[tuple[str, dict[str, str]]], path: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for pattern, pairs in rules:
        if matches(pattern, path):
            for name, value in pairs.items():
                assert name not in found, f"{name} given twice for {path}"
                found[name] = value
    return found
