"""The 2026 platforms and catalogue (design.md, "Knowledge — added") load, render and are
listed by `proposals catalogue` with their sources; a plan's pages speak to its business."""

from __future__ import annotations

import html
import json
import re

import pytest

from generator.knowledge import knowledge, vocab
from generator.locale.labels import labels
from generator.render.site.pages import RenderOptions, render_proposal
from tests.conftest import PROPOSALS, report_of, run_proposals

KB = knowledge()
PLATFORMS = "threads linkedin google_business_profile pinterest".split()
TOOLS = "threads_insights linkedin_analytics google_business_profile_insights pinterest_analytics".split()
METRICS = """sends home_rate reach_rate non_follower_reach_share engaged_views
avg_percentage_viewed shorts_views line_friends_added line_blocks line_message_clicks
coupon_redemptions gbp_views gbp_direction_requests gbp_calls gbp_website_clicks
demo_requests mql sql cpm cpc paid_ctr cost_per_result""".split()


def test_the_added_ids_are_in_the_knowledge_base():
    assert set(PLATFORMS) <= set(KB.platforms) and set(PLATFORMS) <= set(vocab.PLATFORM_IDS)
    assert set(TOOLS) <= set(KB.tools)
    assert set(METRICS) <= set(KB.metrics)
    for tool in TOOLS:
        assert KB.tools[tool].platform in PLATFORMS


@pytest.mark.parametrize("platform", list(KB.platforms))
def test_every_platform_is_complete(platform):
    info = KB.platforms[platform]
    assert info.ga4_channel in ("Organic Social", "Organic Search", "Organic Video")
    assert re.search(r"20\d\d", info.rewards_said.en) and re.search(r"20\d\d", info.rewards_said.ja)
    assert info.exposure in KB.metrics and set(info.kpis) <= set(KB.metrics)
    for placement in KB.utm.placements[platform]:
        for language in ("ja", "en"):
            assert getattr(labels(language), f"placement_{placement}")
    # a placement limited to some formats names formats this platform has
    for placement in set(KB.utm.placements[platform]) & set(KB.utm.placement_formats):
        assert set(KB.utm.placement_formats[placement]) <= set(info.formats), placement
    for fmt in info.formats:
        assert getattr(labels("ja"), f"format_{fmt}")
    # the KPIs it weighs are ones it can report
    assert all(KB.metrics[m].reported_on(platform) for m in info.kpis), platform


def test_rates_that_differ_by_base_say_so_and_every_added_metric_has_both_names():
    for metric_id in METRICS:
        metric = KB.metrics[metric_id]
        assert metric.name.ja != metric.name.en and metric.definition.ja and metric.definition.en
        if metric.kind == "rate":
            assert metric.formula is not None, metric_id


def test_catalogue_json_lists_everything_with_sources():
    result = run_proposals("catalogue", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {m["id"] for m in data["metrics"]} >= set(METRICS)
    assert {p["id"] for p in data["platforms"]} >= set(PLATFORMS)
    assert {t["id"] for t in data["tools"]} >= set(TOOLS)
    for metric in data["metrics"]:
        for bench in metric["benchmarks"]:
            assert bench["source"]["ja"] and bench["source"]["en"] and bench["year"] and bench["method"]["en"]
    er = next(m for m in data["metrics"] if m["id"] == "engagement_rate")
    assert any(b["low"] == 0.00035 for b in er["benchmarks"])  # X 0.035 %, as published
    assert all(t["origin"] in ("agency_default", "published") for t in data["thresholds"])


@pytest.mark.parametrize("language", ["ja", "en"])
def test_catalogue_text_reads_in_either_language(language):
    result = run_proposals("catalogue", "--language", language)
    assert result.returncode == 0, result.stderr
    assert "google_business_profile" in result.stdout and "demo_requests" in result.stdout
    assert ("Rival IQ ソーシャルメディア" in result.stdout) == (language == "ja")


def pages_of(slug: str) -> str:
    """Every page the client sees, as text (Markdown escapes undone)."""
    report = report_of(PROPOSALS / f"{slug}.yaml")
    rendered = render_proposal(report, RenderOptions(internal=False))
    return html.unescape("\n".join(v for k, v in rendered.files.items() if k.endswith(".md")))


def test_a_b2b_plan_says_nothing_of_online_shops_or_instagram():
    text = pages_of("ledgerly-b2b")
    for word in (
        "E-commerce",
        "e-commerce",
        "online shop",
        "Instagram",
        "Stories",
        "TikTok",
        "Reels",
        "products or menus",
    ):
        assert word not in text, word
    assert "Demo requests" in text and "LinkedIn" in text


def test_a_local_store_plan_speaks_of_bookings_and_maps():
    text = pages_of("kurumi-ramen")
    assert "SNS経由のEC売上" not in text and "EC購入率" not in text
    assert "Googleビジネスプロフィール" in text and "ルート" in text
    assert "utm_source=google&utm_medium=organic" in text  # a Business Profile visit is Organic Search


def test_every_metric_has_something_to_change_when_it_falls_short():
    """The progress page proposes levers for the parts behind target: a metric without one
    would leave a strategist's next step blank (the December audit found eight)."""
    assert [m for m in KB.metrics if m not in KB.levers] == []
