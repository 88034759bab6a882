"""The seed's three failures, and the deadline and target contradictions, in both languages.

Each case is a whole plan as a strategist would write it; each finding is checked by rule,
place and wording in the plan's language.
"""

from __future__ import annotations

import textwrap

import pytest

from generator.analysis.report import analyse
from generator.analysis.settings import DoctorSettings
from generator.errors import ConfigError
from generator.plans.load import parse_plan

PLAN = """
client: {{name: {client}}}
language: {language}
purpose: {purpose}
prepared: {{date: 2026-12-01}}
period: {{start: 2027-01, months: 12}}
persona:
  summary: {persona}
  age: 29
  occupation: {occupation}
  habits: [{habits}]
  platforms: [instagram]
kgi: {kgi}
kpi_tree:
{tree}
platforms:
  - id: instagram
    kpis:
{kpis}
measurement:
  landing_url: https://shop.sample-store.jp/
  utm: {{medium: social, campaign: 2027_plan}}
"""

WORDS = {
    "ja": {
        "client": "株式会社サンプル",
        "persona": "梅田で働く29歳の会社員。仕事帰りに店を探す",
        "occupation": "会社員",
        "habits": "昼休みにInstagramで店を探す",
    },
    "en": {
        "client": "Sample Ltd",
        "persona": "A 29-year-old office worker in Leeds who looks for places after work",
        "occupation": "office worker",
        "habits": "browses Instagram for places at lunch",
    },
}

SALES_TREE = """  op: product
  children:
    - {metric: sns_sessions}
    - {metric: ec_cvr, target: 1%}
    - {metric: average_order_value, target: 6000, unit: JPY}"""
SALES_KPIS = "      - {metric: saves, target: 1500, per: month}"


def plan(
    language: str, *, kgi: str, tree: str = SALES_TREE, kpis: str = SALES_KPIS, purpose: str = "sales"
) -> str:
    return PLAN.format(language=language, kgi=kgi, tree=tree, kpis=kpis, purpose=purpose, **WORDS[language])


def findings(text: str):  # type: ignore[no-untyped-def]
    return analyse(parse_plan(textwrap.dedent(text), "plan", "proposals/plan.yaml")).findings


def by_rule(text: str, rule: str):  # type: ignore[no-untyped-def]
    return [f for f in findings(text) if f.rule == rule]


LANGUAGES = ["ja", "en"]
GOOD_KGI = "{metric: ec_revenue, target: 3000000, unit: JPY, per: month, baseline: 1000000, by: 2027-12}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_good_plan_has_none_of_these_findings(language):
    found = {f.rule for f in findings(plan(language, kgi=GOOD_KGI))}
    assert not found & {"vanity-kgi", "unrealistic-target", "deadline-outside-period", "target-conflict"}


# ---------------------------------------------------------------------------- 1. followers as the goal


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "kgi",
    [
        "{metric: followers, target: 10000, by: 2027-12}",
        "{id: instagram_followers, label: Instagramフォロワー数, target: 10000, by: 2027-12}",
        "{id: ig_fans, label: Instagram followers, target: 10000, by: 2027-12}",
        "{id: post_likes, label: いいね数, target: 50000, by: 2027-12}",
    ],
)
def test_followers_or_likes_as_the_goal_in_any_form(language, kgi):
    found = by_rule(
        plan(language, kgi=kgi, tree="  op: drivers\n  children:\n    - {metric: saves}"), "vanity-kgi"
    )
    assert len(found) == 1 and found[0].severity == "error"
    assert ("KGIにはできません" in found[0].message) == (language == "ja")


def test_a_custom_kgi_that_is_a_real_result_is_not_vanity():
    kgi = "{id: store_visits, label: 来店客数, target: 3000, by: 2027-12, baseline: 2000}"
    assert (
        by_rule(plan("ja", kgi=kgi, tree="  op: drivers\n  children:\n    - {metric: saves}"), "vanity-kgi")
        == []
    )


# ---------------------------------------------------------------------------- 2. KPIs that do not reach the KGI


@pytest.mark.parametrize("language", LANGUAGES)
def test_likes_do_not_lead_to_store_reservations(language):
    kgi = "{metric: store_reservations, target: 450, per: month, baseline: 120, by: 2027-12}"
    tree = "  op: drivers\n  children:\n    - {metric: profile_visits, platform: instagram}"
    kpis = "      - {metric: likes, target: 20000, per: month}"
    found = by_rule(plan(language, kgi=kgi, tree=tree, kpis=kpis, purpose="sales"), "kpi-not-linked")
    assert [f.path for f in found] == ["platforms[0].kpis[0]"]


# ---------------------------------------------------------------------------- 3. the slow start


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "kgi",
    [
        # the case: 20× in month 1
        "{metric: ec_revenue, target: 18000, unit: JPY, per: month, baseline: 900, by: 2027-01}",
        # the seed's own example: ¥500k → ¥10M in the first month
        "{metric: ec_revenue, target: 10000000, unit: JPY, per: month, baseline: 500000, by: 2027-01}",
        # the first quarter at five times today
        "{metric: ec_revenue, target: 2500000, unit: JPY, per: month, baseline: 500000, by: 2027-03}",
        # from nothing, due in month 4
        "{metric: ec_revenue, target: 3000000, unit: JPY, per: month, baseline: 0, by: 2027-04}",
        # steep compound over the year: 130× and 40× in twelve months
        "{metric: ec_revenue, target: 13000000, unit: JPY, per: month, baseline: 100000, by: 2027-12}",
        "{metric: ec_revenue, target: 4000000, unit: JPY, per: month, baseline: 100000, by: 2027-12}",
    ],
)
def test_targets_that_ignore_the_growth_curve(language, kgi):
    found = by_rule(plan(language, kgi=kgi), "unrealistic-target")
    assert found and found[0].path == "kgi.target", findings(plan(language, kgi=kgi))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_modest_early_target_passes(language):
    kgi = "{metric: ec_revenue, target: 600000, unit: JPY, per: month, baseline: 400000, by: 2027-03}"
    assert by_rule(plan(language, kgi=kgi), "unrealistic-target") == []


def test_the_month_one_finding_names_the_multiple():
    kgi = "{metric: ec_revenue, target: 18000, unit: JPY, per: month, baseline: 900, by: 2027-01}"
    (found,) = by_rule(plan("ja", kgi=kgi), "unrealistic-target")
    assert "20倍" in found.message and "1か月" in found.message
    (found,) = by_rule(plan("en", kgi=kgi), "unrealistic-target")
    assert "20×" in found.message


# ---------------------------------------------------------------------------- deadlines and conflicts


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("by", ["2026-11", "2028-02"])
def test_a_deadline_outside_the_period_is_an_error(language, by):
    kgi = f"{{metric: ec_revenue, target: 3000000, unit: JPY, per: month, baseline: 400000, by: {by}}}"
    found = by_rule(plan(language, kgi=kgi), "deadline-outside-period")
    assert found and all(f.path == "kgi.by" and f.severity == "error" for f in found)
    if by == "2026-11":  # also before the proposal's date
        assert len(found) == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_platform_kpi_that_contradicts_the_tree(language):
    tree = """  op: product
  children:
    - metric: sns_sessions
      op: product
      children:
        - {metric: reach, platform: instagram}
        - {metric: link_ctr, target: 1%}
    - {metric: ec_cvr, target: 1%}
    - {metric: average_order_value, target: 6000, unit: JPY}"""
    conflicting = "      - {metric: reach, target: 900000, per: month}"
    found = by_rule(plan(language, kgi=GOOD_KGI, tree=tree, kpis=conflicting), "target-conflict")
    assert [f.path for f in found] == ["platforms[0].kpis[0].target"]
    assert ("5,000,000" in found[0].message) or ("500万" in found[0].message), found[0].message
    agreeing = "      - {metric: reach, target: 5000000, per: month}"
    assert by_rule(plan(language, kgi=GOOD_KGI, tree=tree, kpis=agreeing), "target-conflict") == []


# ---------------------------------------------------------------------------- placeholders


@pytest.mark.parametrize("language", LANGUAGES)
def test_starter_text_is_flagged_wherever_it_is_left(language):
    text = plan(language, kgi=GOOD_KGI).replace(WORDS[language]["client"], "株式会社〇〇")
    text = text.replace("https://shop.sample-store.jp/", "https://example.com/")
    text += "notes: |\n  TODO: 予算を確認\ninternal_notes: |\n  TODO: 社内で確認する\n"
    found = {f.path for f in by_rule(text, "placeholder")}
    assert found == {"client.name", "measurement.landing_url", "notes"}


def test_kpis_without_any_target_are_flagged():
    kpis = "      - {metric: saves}\n      - {metric: profile_visits}"
    found = by_rule(plan("en", kgi=GOOD_KGI, kpis=kpis), "placeholder")
    assert [f.path for f in found] == ["platforms[0].kpis"] and "Instagram" in found[0].message


# ---------------------------------------------------------------------------- tree shapes


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("tree", "path"),
    [
        # mis-indented: the sessions' children became the KGI's factors
        (
            "  op: product\n  children:\n    - {metric: sns_sessions}\n    - {metric: sns_sessions, platform: instagram}\n"
            "    - {metric: sns_sessions, platform: x}\n    - {metric: ec_cvr, target: 1%}\n"
            "    - {metric: average_order_value, target: 6000, unit: JPY}",
            "kpi_tree",
        ),
        (
            "  op: product\n  children:\n    - {metric: sns_sessions, op: sum}\n    - {metric: ec_cvr, target: 1%}\n"
            "    - {metric: average_order_value, target: 6000, unit: JPY}",
            "kpi_tree.children[0].op",
        ),
        (
            "  op: product\n  children:\n    - metric: sns_sessions\n      op: sum\n      children:\n"
            "        - {metric: link_clicks, target: 20000}\n        - {metric: link_ctr, target: 1%}\n"
            "    - {metric: ec_cvr, target: 1%}\n    - {metric: average_order_value, target: 6000, unit: JPY}",
            "kpi_tree.children[0]",
        ),
    ],
)
def test_tree_shapes_that_cannot_add_up(language, tree, path):
    found = by_rule(plan(language, kgi=GOOD_KGI, tree=tree), "tree-shape")
    assert [f.path for f in found] == [path] and found[0].severity == "error"


def test_posts_times_views_per_post_is_a_sound_product():
    tree = (
        "  op: product\n  children:\n    - metric: sns_sessions\n      op: product\n      children:\n"
        "        - metric: views\n          platform: instagram\n          op: product\n          children:\n"
        "            - {metric: posts, platform: instagram, target: 20}\n"
        "            - {metric: views_per_post, platform: instagram, target: 5000}\n"
        "        - {metric: link_ctr, target: 1%}\n"
        "    - {metric: ec_cvr, target: 1%}\n    - {metric: average_order_value, target: 6000, unit: JPY}"
    )
    assert by_rule(plan("en", kgi=GOOD_KGI, tree=tree), "tree-shape") == []


# ---------------------------------------------------------------------------- metrics a platform cannot report


@pytest.mark.parametrize("language", LANGUAGES)
def test_metrics_the_platform_does_not_report(language):
    kpis = (
        "      - {metric: impressions, target: 100000, per: month}\n"
        "      - {metric: saves, target: 1500, per: month}\n"
    )
    tree = """  op: product
  children:
    - metric: sns_sessions
      op: sum
      children:
        - {metric: sns_sessions, platform: instagram}
        - {metric: sns_sessions, platform: x, target: 500}
    - {metric: ec_cvr, target: 1%}
    - {metric: average_order_value, target: 6000, unit: JPY}"""
    text = plan(language, kgi=GOOD_KGI, tree=tree, kpis=kpis)
    x_platform = (
        "  - id: x\n    kpis:\n      - {metric: reach, target: 50000, per: month}\n"
        "      - {metric: impressions, target: 90000, per: month}\nmeasurement:"
    )
    text = text.replace("measurement:", x_platform, 1)
    found = by_rule(text, "metric-not-on-platform")
    assert [f.path for f in found] == ["platforms[0].kpis[0].metric", "platforms[1].kpis[0].metric"]
    retired, missing = found
    # The month as people write it (audit 2026-12 E9): 2024年8月, August 2024 — never 2024-08.
    assert (
        "2024年8月" in retired.message or "August 2024" in retired.message
    ) and "2024-08" not in retired.message
    assert "ビュー" in retired.hint or "Views" in retired.hint
    assert "X" in missing.message


# ---------------------------------------------------------------------------- rates and their base


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("kpi", "expected"),
    [
        ("{metric: engagement_rate, target: 25%}", ["platforms[0].kpis[0]"]),
        ("{metric: engagement_rate, target: 4.5%, variant: er_reach}", []),
        ("{metric: engagement_rate, target: 4.5%, variant: er_clicks}", ["platforms[0].kpis[0]"]),
        ("{metric: saves, target: 1500, per: month}", []),
    ],
)
def test_an_engagement_rate_target_says_its_base(language, kpi, expected):
    found = by_rule(plan(language, kgi=GOOD_KGI, kpis=f"      - {kpi}"), "rate-variant-missing")
    assert [f.path for f in found] == expected
    if expected:
        assert "er_followers" in found[0].hint and "er_reach" in found[0].hint


# ---------------------------------------------------------------------------- persona


@pytest.mark.parametrize(
    ("summary", "language"),
    [
        ("20代女性", "ja"),
        ("30代の会社員", "ja"),
        ("a 44-year-old homeowner", "en"),
        ("women in their 20s", "en"),
    ],
)
def test_a_one_line_persona_that_states_an_age_is_not_told_it_has_none(summary, language):
    text = textwrap.dedent(plan(language, kgi=GOOD_KGI))
    start = text.index("persona:")
    end = text.index("kgi:")
    text = text[:start] + f"persona: {summary}\n" + text[end:]
    (found,) = by_rule(text, "vague-persona")
    age = "年齢" if language == "ja" else "age"
    assert age not in found.message
    assert ("職業" if language == "ja" else "occupation") in found.message


# ---------------------------------------------------------------------------- whole counts


def test_a_path_of_counts_is_whole_numbers_from_the_baseline_to_the_target():
    kgi = "{metric: store_reservations, target: 450, per: month, baseline: 120, by: 2027-12}"
    tree = "  op: drivers\n  children:\n    - {metric: profile_visits, platform: instagram}"
    report = analyse(
        parse_plan(textwrap.dedent(plan("ja", kgi=kgi, tree=tree)), "plan", "proposals/plan.yaml")
    )
    values = [point.value for point in report.path]
    assert all(v == int(v) for v in values)
    assert values == sorted(values) and values[-1] == 450 and values[0] >= 120


def test_the_vanity_hint_fits_a_restaurant():
    kgi = "{metric: followers, target: 10000, by: 2027-12}"
    tree = (
        "  op: drivers\n  children:\n    - {metric: profile_visits, platform: instagram}\n"
        "    - {metric: store_reservations}"
    )
    (found,) = by_rule(plan("ja", kgi=kgi, tree=tree), "vanity-kgi")
    assert found.hint.index("来店予約") < (found.hint.index("EC") if "EC" in found.hint else len(found.hint))


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_awareness_plan_is_never_pointed_at_site_visits(language):
    """Seed ①, for an online shop: its reach drives site visits, but in the seed's table
    site visits are a sales KGI; an awareness goal is branded search or UGC."""
    kgi = "{metric: followers, target: 10000, baseline: 3500, by: 2027-12}"
    tree = (
        "  op: drivers\n  children:\n    - {metric: follower_growth, platform: instagram, target: 800}\n"
        "    - {metric: reach, platform: instagram, target: 200000}"
    )
    text = plan(language, kgi=kgi, tree=tree, purpose="awareness").replace(
        f"client: {{name: {WORDS[language]['client']}}}",
        f"client: {{name: {WORDS[language]['client']}, industry: {'生活雑貨のEC' if language == 'ja' else 'online homeware shop'}}}",
    )
    (found,) = by_rule(text, "vanity-kgi")
    site_visits = "SNS経由のサイト流入数" if language == "ja" else "Sessions from social"
    search = "指名検索数" if language == "ja" else "Branded search volume"
    assert site_visits not in found.hint and search in found.hint, found.hint


@pytest.mark.parametrize(
    ("platform", "metric"),
    [
        ("threads", "link_clicks"),  # the Threads insights API's clicks
        ("linkedin", "reach"),  # Members reached
        ("google_business_profile", "gbp_bookings"),
        ("google_business_profile", "gbp_menu_clicks"),
        ("youtube", "shorts_viewed_rate"),
        ("tiktok", "search_view_share"),
        ("line", "line_target_reach"),
        ("line", "line_rich_menu_taps"),
        ("line", "line_click_rate"),
        ("facebook", "frequency"),
        ("facebook", "cpv"),
        ("note", "views"),  # note (gap G5): its dashboard's views, likes (スキ) and comments
        ("note", "likes"),
        ("note", "follower_growth"),
    ],
)
def test_the_audits_missing_metrics_are_reportable_where_the_platform_reports_them(platform, metric):
    """Coverage gaps G1–G6 of the December audit: each a KPI a plan may now set."""
    per = "" if metric.endswith(("_rate", "_share")) else ", per: month"
    target = "0.2" if metric in ("cpv",) else ("30%" if not per else "2")
    extra = (
        f"  - id: {platform}\n    kpis:\n      - {{metric: {metric}, target: {target}{per}}}\nmeasurement:"
    )
    text = plan("ja", kgi=GOOD_KGI).replace("measurement:", extra, 1)
    found = [f for f in findings(text) if f.rule in ("metric-not-on-platform", "unknown-metric")]
    assert found == [], found


def test_paid_reach_is_people_and_frequency_ties_showings_to_them():
    tree = (
        "  op: sum\n  children:\n    - {metric: reach, platform: instagram, target: 40000}\n"
        "    - {metric: paid_impressions, target: 90000}"
    )
    kgi = "{metric: branded_search_volume, target: 12000, per: month, baseline: 9000, by: 2027-12}"
    assert by_rule(plan("ja", kgi=kgi, tree=tree, purpose="awareness"), "tree-shape")
    people = tree.replace("paid_impressions, target: 90000", "paid_reach, target: 30000")
    assert by_rule(plan("ja", kgi=kgi, tree=people, purpose="awareness"), "tree-shape") == []


# ---------------------------------------------------------------------------- the growth curve from nothing


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_account_on_a_straight_line_is_told_to_ramp(language):
    kgi = "{metric: ec_revenue, target: 3000000, unit: JPY, per: month, baseline: 0, by: 2027-12, curve: linear}"
    found = by_rule(plan(language, kgi=kgi), "unrealistic-target")
    assert [f.path for f in found] == ["kgi.curve"]
    assert ("curve: linear" in found[0].message) and (
        ("毎月同じ幅" in found[0].message) == (language == "ja")
    )
    assert by_rule(plan(language, kgi=kgi.replace(", curve: linear", "")), "unrealistic-target") == []


def test_a_month_one_target_above_a_fifth_of_the_goal_is_flagged_for_a_new_account():
    # a linear path over six months gives month 1 a sixth; over seven, under a fifth
    kgi = "{metric: ec_revenue, target: 3000000, unit: JPY, per: month, baseline: 0, by: 2027-06, curve: linear}"
    settings = DoctorSettings.from_options({"doctor": {"slow_start_months": 3}})
    text = textwrap.dedent(plan("ja", kgi=kgi))
    found = [
        f
        for f in analyse(parse_plan(text, "plan", "proposals/plan.yaml"), settings).findings
        if f.rule == "unrealistic-target"
    ]
    assert found == [] or "1か月目" not in found[0].message  # 1/6 < 20 %: the straight line is the finding
    kgi = kgi.replace("2027-06", "2027-04")
    text = textwrap.dedent(plan("ja", kgi=kgi))
    found = [
        f
        for f in analyse(parse_plan(text, "plan", "proposals/plan.yaml"), settings).findings
        if f.rule == "unrealistic-target"
    ]
    assert [f.path for f in found] == ["kgi.target"] and "1か月目" in found[0].message


# ---------------------------------------------------------------------------- bounds: cited or the agency's own


@pytest.mark.parametrize("language", LANGUAGES)
def test_follower_growth_beyond_the_ceiling_names_the_cited_typical_rate_and_the_agency_default(language):
    kpis = "      - {metric: followers, target: 20000, baseline: 1000, per: month}"
    (found,) = by_rule(plan(language, kgi=GOOD_KGI, kpis=kpis), "unrealistic-target")
    assert found.path == "platforms[0].kpis[0].target"
    assert "ezibreezy" in found.message and "2026" in found.message  # the typical 1–3 %, with its source
    assert "mkdocs.yml" in found.hint  # the ceiling is the agency's default, and says where it is set
    assert "project default" not in found.message + found.hint


def test_the_workspace_sets_its_own_ceiling():
    kpis = "      - {metric: followers, target: 3000, baseline: 1000, per: month}"  # ~9.6 %/month
    text = textwrap.dedent(plan("en", kgi=GOOD_KGI, kpis=kpis))
    loaded = parse_plan(text, "plan", "proposals/plan.yaml")
    assert [f.rule for f in analyse(loaded).findings if f.rule == "unrealistic-target"] == []
    strict = DoctorSettings.from_options({"doctor": {"follower_growth_ceiling": {"instagram": "5%"}}})
    (found,) = [f for f in analyse(loaded, strict).findings if f.rule == "unrealistic-target"]
    assert "5%" in found.hint


@pytest.mark.parametrize(
    ("doctor", "words"),
    [
        ({"max_growth": 0.2}, "max_growth: not a threshold"),
        ({"follower_growth_ceiling": {"myspace": 0.2}}, "myspace: not a platform"),
        ({"max_monthly_growth": "fast"}, "max_monthly_growth: 'fast' is not a number"),
        ({"max_monthly_growth": 0}, "max_monthly_growth: must be above 0"),
    ],
)
def test_a_threshold_the_doctor_cannot_use_is_one_line(doctor, words):
    with pytest.raises(ConfigError) as caught:
        DoctorSettings.from_options({"doctor": doctor})
    assert str(caught.value).startswith("mkdocs.yml: plugins.proposals.doctor.") and words in str(
        caught.value
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_reach_added_to_impressions_is_a_tree_shape_error(language):
    kgi = "{metric: branded_search_volume, target: 30000, per: month, baseline: 12000, by: 2027-12}"
    tree = """  op: drivers
  children:
    - id: total_exposure
      label: exposure
      op: sum
      children:
        - {metric: reach, platform: instagram, target: 700000}
        - {metric: views, platform: instagram, target: 500000}"""
    (found,) = by_rule(plan(language, kgi=kgi, tree=tree, purpose="awareness"), "tree-shape")
    assert found.path == "kpi_tree.children[0]"
    assert ("リーチ数" if language == "ja" else "Reach") in found.message
    fixed = tree.replace(
        "{metric: reach, platform: instagram, target: 700000}",
        "{metric: impressions, platform: x, target: 700000}",
    )
    assert by_rule(plan(language, kgi=kgi, tree=fixed, purpose="awareness"), "tree-shape") == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("tree_cvr", "kpi", "flagged"),
    [
        (
            "2%",
            "{metric: saves, target: 1500, per: month}",
            ["kpi_tree.children[1].target"],
        ),  # 0.7 % for social
        ("1%", "{metric: saves, target: 1500, per: month}", []),
        (
            "1%",
            "{metric: engagement_rate, target: 25%, variant: er_followers}",
            ["platforms[0].kpis[0].target"],
        ),
        ("1%", "{metric: engagement_rate, target: 3%, variant: er_followers}", []),
    ],
)
def test_a_rate_far_above_every_published_figure_is_questioned(language, tree_cvr, kpi, flagged):
    tree = SALES_TREE.replace("{metric: ec_cvr, target: 1%}", f"{{metric: ec_cvr, target: {tree_cvr}}}")
    found = by_rule(plan(language, kgi=GOOD_KGI, tree=tree, kpis=f"      - {kpi}"), "unrealistic-target")
    assert [f.path for f in found] == flagged
    if flagged:
        assert "20" in found[0].message and ("公表" in found[0].message) == (language == "ja")


# ---------------------------------------------------------------------------- disclosure


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("notes", "flagged"),
    [
        ("インフルエンサー10名に商品提供を行い、投稿を依頼します。", True),
        ("We will send the new range to twenty influencers and run a giveaway in May.", True),
        ("インフルエンサー10名に商品提供を行い、投稿には「PR」表記とタイアップ投稿ラベルを付けます。", False),
        (
            "Twenty influencers post the range; every post is disclosed with #ad and the paid partnership label.",
            False,
        ),
        ("保存されやすいカルーセルを週3本投稿します。", False),
    ],
)
def test_promotion_without_disclosure_is_flagged(language, notes, flagged):
    text = plan(language, kgi=GOOD_KGI) + f"notes: {notes}\n"
    found = by_rule(text, "undisclosed-promotion")
    # every promotion phrase is reported where it stands (one finding a phrase and place)
    assert {f.path for f in found} == ({"notes"} if flagged else set())
    if flagged:
        assert ("PR" in found[0].hint) if language == "ja" else ("#ad" in found[0].hint)


def test_a_persona_who_follows_influencers_is_no_campaign():
    text = plan("ja", kgi=GOOD_KGI).replace("仕事帰りに店を探す", "美容系インフルエンサーの投稿を毎晩見る")
    assert by_rule(text, "undisclosed-promotion") == []
