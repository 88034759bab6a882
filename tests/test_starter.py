"""`proposals new`: a purpose-fit starter that reads cleanly, is flagged until its
placeholders are replaced, and never overwrites."""

from __future__ import annotations

import pytest

from generator.analysis.report import check_files
from tests.conftest import run_proposals


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("purpose", ["awareness", "branding", "sales", "recruiting"])
def test_starter_reads_and_flags_only_its_placeholders(tmp_path, purpose, language):
    result = run_proposals(
        "new", f"demo-{purpose}", "--purpose", purpose, "--language", language, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    path = tmp_path / "proposals" / f"demo-{purpose}.yaml"
    [report] = check_files([path])
    assert report.error is None
    errors = [f for f in report.findings if f.severity == "error"]
    # Untouched, it must not pass: 株式会社〇〇, the placeholder persona and example.com are flagged,
    # and nothing else is wrong with it.
    assert errors and {f.rule for f in errors} == {"placeholder"}
    flagged = {f.path for f in errors}
    assert {"client.name", "persona.summary", "measurement.landing_url"} <= flagged
    plan = report.loaded.plan
    assert plan.purposes == [purpose] and plan.language == language
    assert (
        plan.kgi.metric
        in __import__("generator.knowledge", fromlist=["x"]).knowledge().purposes[purpose].kgis
    )
    assert plan.kpi_tree.children and plan.platforms


def test_sales_starter_uses_the_language_currency(tmp_path):
    run_proposals("new", "shop", "--purpose", "sales", "--language", "en", cwd=tmp_path)
    [report] = check_files([tmp_path / "proposals" / "shop.yaml"])
    assert report.loaded.plan.kgi.unit == "USD"


def test_new_never_overwrites(tmp_path):
    assert run_proposals("new", "acme", "--purpose", "sales", cwd=tmp_path).returncode == 0
    path = tmp_path / "proposals" / "acme.yaml"
    path.write_text("# edited by hand\n", encoding="utf-8")
    result = run_proposals("new", "acme", "--purpose", "branding", cwd=tmp_path)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == "# edited by hand\n"


def test_new_refuses_a_bad_slug(tmp_path):
    result = run_proposals("new", "Acme Plan", "--purpose", "sales", cwd=tmp_path)
    assert result.returncode == 1
    assert "cannot be a page address" in result.stderr
    assert not (tmp_path / "proposals").exists()


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("business", "kgi", "platform"),
    [
        ("local_store", "store_reservations", "google_business_profile"),
        ("b2b", "demo_requests", "linkedin"),
        ("employer", "job_applications", "tiktok"),
        ("ecommerce", "ec_revenue", "instagram"),
        ("tourism", "branded_search_volume", "instagram"),
    ],
)
def test_a_business_gets_a_tree_that_fits_it(tmp_path, language, business, kgi, platform):
    result = run_proposals("new", "shop", "--business", business, "--language", language, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [report] = check_files([tmp_path / "proposals" / "shop.yaml"])
    assert report.error is None
    plan = report.loaded.plan
    assert plan.client.business == business and plan.kgi.metric == kgi
    assert plan.platforms[0].id == platform and plan.platforms[0].role == "primary"
    assert {f.rule for f in report.findings if f.severity == "error"} == {"placeholder"}


def test_a_business_with_another_purpose_keeps_that_purpose(tmp_path):
    result = run_proposals("new", "b2b", "--business", "b2b", "--purpose", "recruiting", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [report] = check_files([tmp_path / "proposals" / "b2b.yaml"])
    assert (
        report.loaded.plan.purposes == ["recruiting"] and report.loaded.plan.kgi.metric == "job_applications"
    )


def test_new_needs_a_purpose_or_a_business(tmp_path):
    result = run_proposals("new", "x", cwd=tmp_path)
    assert result.returncode == 2 and "--purpose, --business" in result.stderr
