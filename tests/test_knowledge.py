"""Integrity of the built-in knowledge base: every reference resolves, every text exists in ja and en."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from generator.knowledge import Bilingual, knowledge, vocab

CONTRACT_METRICS = """
impressions reach views followers follower_growth likes comments shares saves engagement_rate
profile_visits profile_visit_rate link_clicks link_ctr story_link_taps video_views avg_watch_time
completion_rate sns_sessions ec_cvr average_order_value ec_revenue inquiries document_requests
store_reservations branded_search_volume ugc_posts ugc_positive_ratio brand_favorability
job_applications event_signups recruiting_page_visits target_follower_share
""".split()

DOCTOR_RULES = """
multiple-purposes vanity-kgi follower-only kpi-not-linked unrealistic-target vague-persona
no-measurement tree-inconsistent tree-underdetermined no-deadline utm-naming
deadline-outside-period target-conflict placeholder tree-shape metric-not-on-platform rate-variant-missing
undisclosed-promotion budget-inconsistent pillar-shares team-capacity
actuals-off-track actuals-gap actuals-outside-period actuals-unmapped actuals-account-mismatch
actuals-definition-change actuals-unread actuals-unused actuals-partial
actuals-sources-disagree actuals-other-account
kgi-period-missing platform-not-in-plan platform-leftover next-step-past
exposure-implausible link-routes-exceeded budget-unrealistic advertising-claim
""".split()

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
KB = knowledge()


def test_every_contract_metric_is_in_the_catalogue():
    assert set(CONTRACT_METRICS) <= set(KB.metrics)


def test_metric_references_resolve():
    for metric in KB.metrics.values():
        assert set(metric.drivers) <= set(KB.metrics), metric.id
        assert metric.can_be_kgi or not metric.drivers, f"{metric.id}: only KGI-class metrics list drivers"
        if metric.can_be_kgi:
            assert metric.drivers, f"{metric.id}: a KGI-class metric names the KPIs that drive it"
        assert metric.purposes, metric.id


def test_vanity_metrics_cannot_be_kgis():
    for vanity in (
        "followers",
        "likes",
        "impressions",
        "reach",
        "views",
        "engagement_rate",
        "follower_growth",
    ):
        assert not KB.metrics[vanity].can_be_kgi


def test_every_purpose_has_business_kgis_and_known_kpis():
    assert set(KB.purposes) == set(vocab.PURPOSE_IDS)
    for purpose in KB.purposes.values():
        assert purpose.kgis and purpose.kpis and purpose.content
        for kgi in purpose.kgis:
            assert KB.metrics[kgi].can_be_kgi, kgi
            assert purpose.id in KB.metrics[kgi].purposes, (purpose.id, kgi)
        for kpi in purpose.kpis:
            assert kpi in KB.metrics, kpi
            assert purpose.id in KB.metrics[kpi].purposes, (purpose.id, kpi)


def test_platforms_match_the_closed_vocabulary():
    assert set(KB.platforms) == set(vocab.PLATFORM_IDS)
    for platform in KB.platforms.values():
        assert platform.exposure in KB.metrics
        assert set(platform.kpis) <= set(KB.metrics), platform.id
        assert set(platform.formats) <= set(vocab.CADENCE_FORMATS), platform.id
        assert platform.analytics in KB.tools
        # what the ranking rewards is dated: a 2023 open-sourcing, a 2025 video, a 2020 post
        assert re.search(r"20\d\d", platform.rewards_said.en), platform.id
        assert platform.utm_source == platform.utm_source.lower()


def test_tools_match_the_closed_vocabulary():
    assert set(KB.tools) == set(vocab.TOOL_IDS)


def test_pitfalls_cover_every_doctor_rule():
    assert set(KB.pitfalls) == set(DOCTOR_RULES)


def test_five_design_steps_in_order():
    assert [s.number for s in KB.steps] == [1, 2, 3, 4, 5]


def test_benchmarks_are_ranges_with_sources():
    for metric in KB.metrics.values():
        for bench in metric.benchmarks:
            assert bench.low.value <= bench.high.value, metric.id
            if metric.kind == "rate" and not metric.unbounded:
                assert bench.high.value <= 1, metric.id
            if bench.variant:
                assert bench.variant in metric.variants, (metric.id, bench.variant)


def test_every_benchmark_has_one_source_one_year_one_method_in_both_languages():
    for metric in KB.metrics.values():
        for bench in metric.benchmarks:
            where = (metric.id, bench.source.en)
            # two sources glued into one row name two years ("Rival IQ 2023 / Socialinsider 2026")
            assert len(set(re.findall(r"20\d\d", bench.source.en))) <= 1, where
            assert "/" not in bench.source.en.replace("WordStream / LocaliQ", ""), where
            assert not re.search(r"20\d\d and 20\d\d", bench.method.en), where
            assert CJK.search(bench.method.ja) and CJK.search(bench.source.ja), where


def test_no_entry_prints_a_source_it_does_not_have():
    texts = [t.ja + t.en for t in _texts(KB)] + [
        b.source.en for m in KB.metrics.values() for b in m.benchmarks
    ]
    assert not [
        t for t in texts if re.search(r"project default|no published benchmark|Glossary compilation", t)
    ]
    for threshold in KB.rules.thresholds.values():
        if threshold.origin == "agency_default":
            assert threshold.source is None and threshold.year is None, threshold.id
        else:
            assert threshold.source and threshold.year, threshold.id


def test_follower_growth_ceilings_sit_above_the_cited_typical_rates():
    ceiling = KB.rules.thresholds["follower_growth_ceiling"]
    for bench in KB.metrics["follower_growth_rate"].benchmarks:
        assert bench.platform and bench.high.value < ceiling.for_platform(bench.platform), bench


def test_engagement_rate_benchmarks_always_state_the_variant():
    assert all(b.variant for b in KB.metrics["engagement_rate"].benchmarks)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_text_exists_in_both_languages(language):
    texts = list(_texts(KB))
    assert len(texts) > 300
    for text in texts:
        assert text(language).strip()


def test_japanese_text_has_japanese_and_english_has_none():
    for text in _texts(KB):
        # A Japanese law's own name may follow its English name in brackets (the name a
        # client will look it up by): 'the Medical Care Act ... (医療法・医療広告ガイドライン)'.
        english = re.sub(r"\((?:[^()]*?(法|基準|ガイドライン|規制)[^()]*)\)", "", text.en)
        assert not CJK.search(english), text.en
    names = [m.name.ja for m in KB.metrics.values()]
    assert sum(bool(CJK.search(n)) for n in names) >= len(names) - 2


def test_currencies():
    assert {"JPY", "USD", "EUR"} <= set(KB.currencies)


def _texts(node: object):
    if isinstance(node, Bilingual):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _texts(value)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name))
