"""Publishing a built folder: onto a git branch (a local bare repository standing in for
GitHub) and into an S3 bucket (moto's server on 127.0.0.1)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.output.secret import client_path
from tests.conftest import run_proposals, workspace_with

SECRET = "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"


AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


def proposals(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_proposals(*args, cwd=root, timeout=600, env={"PROPOSALS_SECRET": SECRET, **AWS})


def ok(root: Path, *args: str) -> str:
    result = proposals(root, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = workspace_with(tmp_path / "ws", ("shimanami-tourism", "kurumi-ramen"), pdf=False)
    ok(root, "build", "--public")
    return root


def test_publish_onto_a_git_branch_keeps_what_others_put_there(small, tmp_path):
    remote = tmp_path / "pages.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    first = ok(small, "publish", "public", "--to", f"git:{remote}#gh-pages")
    assert "published public" in first and " 0 removed" in first
    # Someone adds a custom domain and an old version folder on the branch.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "-b", "gh-pages", str(remote), str(clone))
    (clone / "CNAME").write_text("proposals.example.com\n", encoding="utf-8")
    (clone / "v1").mkdir()
    (clone / "v1" / "index.html").write_text("old", encoding="utf-8")
    git(clone, "add", "-A")
    git(clone, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-q", "-m", "domain")
    git(clone, "push", "-q", "origin", "gh-pages")
    # Nothing changed: nothing to commit.
    again = ok(small, "publish", "public", "--to", f"git:{remote}#gh-pages")
    assert "0 added, 0 changed, 0 removed" in again
    # The public plan is made internal: its pages go, CNAME and v1/ stay.
    plan = small / "proposals" / "shimanami-tourism.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("access: public", "access: internal"), "utf-8")
    ok(small, "build", "--public")
    dry = ok(small, "publish", "public", "--to", f"git:{remote}#gh-pages", "--dry-run")
    assert "- shimanami-tourism/index.html" in dry and "would publish" in dry
    assert "shimanami-tourism/index.html" in git(remote, "ls-tree", "-r", "--name-only", "gh-pages")
    ok(small, "publish", "public", "--to", f"git:{remote}#gh-pages")
    listed = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert "CNAME" in listed and "v1/index.html" in listed and ".nojekyll" in listed
    assert not any(name.startswith("shimanami-tourism/") for name in listed)
    assert "_headers" in listed and ".proposals-build.json" not in listed


def test_an_unreachable_remote_is_one_line(small, tmp_path):
    result = proposals(small, "publish", "public", "--to", f"git:{tmp_path / 'nowhere.git'}")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def s3_client(endpoint: str):  # type: ignore[no-untyped-def]
    import boto3

    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **keys)


@pytest.fixture(scope="module")
def moto_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def test_publish_to_s3_uploads_what_changed_with_types_and_headers(small, moto_server):
    s3 = s3_client(moto_server)
    s3.create_bucket(Bucket="pages")
    s3.put_object(Bucket="pages", Key="site/keep-me.txt", Body=b"not ours")
    target = ["--to", "s3://pages/site", "--endpoint", moto_server]
    first = ok(small, "publish", "public", *target)
    assert " 0 changed" in first
    head = s3.head_object(Bucket="pages", Key="site/index.html")
    assert head["ContentType"].startswith("text/html")
    bundle = next(
        o["Key"]
        for o in s3.list_objects_v2(Bucket="pages", Prefix="site/assets/javascripts/")["Contents"]
        if o["Key"].endswith(".min.js")
    )
    assert "immutable" in s3.head_object(Bucket="pages", Key=bundle)["CacheControl"]
    assert "0 added, 0 changed, 0 removed" in ok(small, "publish", "public", *target)
    plan = small / "proposals" / "shimanami-tourism.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("access: public", "access: internal"), "utf-8")
    ok(small, "build", "--public")
    dry = ok(small, "publish", "public", *target, "--dry-run")
    assert "- shimanami-tourism/index.html" in dry
    ok(small, "publish", "public", *target)
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="pages", Prefix="site/")["Contents"]}
    assert "site/keep-me.txt" in keys and "site/shimanami-tourism/index.html" not in keys
    record = json.loads(s3.get_object(Bucket="pages", Key="site/.proposals-published.json")["Body"].read())
    assert "index.html" in record["owners"]["public"]["files"] and record["signature"]


def test_a_client_site_is_published_alone_with_noindex_metadata(small, moto_server):
    ok(small, "build", "--client", "kurumi-ramen")
    s3 = s3_client(moto_server)
    s3.create_bucket(Bucket="clients")
    ok(small, "publish", "kurumi-ramen", "--to", "s3://clients", "--endpoint", moto_server)
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="clients")["Contents"]}
    secret = client_path(SECRET, "kurumi-ramen")
    assert f"{secret}/index.html" in keys and "robots.txt" in keys and "_headers" in keys
    # Only this client's folder and the files at the top: no other client rides along.
    assert all("/" not in key or key.startswith(secret + "/") for key in keys)
    meta = s3.head_object(Bucket="clients", Key=f"{secret}/index.html")["Metadata"]
    assert meta["x-robots-tag"] == "noindex, nofollow"
