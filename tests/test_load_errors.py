"""Every kind of unreadable plan: one line, the right line and column, a hint, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import PlanError
from generator.plans.load import load_plan
from tests.conftest import PROPOSALS

VALID = """\
schema: 1
client:
  name: Acme
language: en
purpose: sales
kgi: {metric: ec_revenue, target: 30000, unit: USD, per: month}
"""


def errors_of(path: Path) -> list[str]:
    with pytest.raises(PlanError) as caught:
        load_plan(path, "proposals/plan.yaml")
    return caught.value.lines()


def test_valid_minimal_plan_loads(write_plan):
    loaded = load_plan(write_plan(VALID))
    assert loaded.slug == "plan"
    assert loaded.plan.kgi.target.value == 30000
    assert loaded.plan.purposes == ["sales"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "client:\n  name: Acme\n  industy: retail\n",
            "proposals/plan.yaml:3:3: client.industy: unknown key 'industy' (did you mean 'industry'?)",
            id="misspelt-key",
        ),
        pytest.param(
            "client: {name: Acme}\nkgi:\n  metric: ec_revenue\n  target: lots\n",
            "proposals/plan.yaml:4:11: kgi.target: 'lots' is not a number (write 1500, 1.2% or 0.012)",
            id="wrong-type",
        ),
        pytest.param(
            "client: {name: Acme}\nperiod: {start: 2027-01, months: twelve}\n",
            "proposals/plan.yaml:2:34: period.months: expected a whole number",
            id="wrong-type-int",
        ),
        pytest.param(
            "client: {name: Acme}\npurpose: sale\n",
            "proposals/plan.yaml:2:10: purpose: 'sale' is not one of: awareness, branding, sales, recruiting "
            "(did you mean 'sales'?)",
            id="enum",
        ),
        pytest.param(
            "client: {name: Acme}\npersona:\n  platforms: [instagram, tiktk]\n",
            "proposals/plan.yaml:3:26: persona.platforms[1]: 'tiktk' is not one of: instagram, x, tiktok, "
            "youtube, line, facebook, threads, linkedin, google_business_profile, pinterest, note (did you mean 'tiktok'?)",
            id="unknown-platform",
        ),
        pytest.param(
            "client: {name: Acme}\nkgi:\n  metric: ec_revenu\n",
            "proposals/plan.yaml:3:3: kgi.metric: 'ec_revenu' is not a metric in the catalogue "
            "(did you mean 'ec_revenue'?)",
            id="unknown-metric",
        ),
        pytest.param(
            "client:\n  industry: retail\n",
            "proposals/plan.yaml:1:1: client.name: missing required key 'name' "
            "(every plan names its client: client: {name: …})",
            id="missing-required",
        ),
        pytest.param(
            "client: {name: Acme}\nkpi_tree:\n  op: product\n  children:\n    - {metric: link_ctr, target: 1.2}\n",
            "proposals/plan.yaml:5:34: kpi_tree.children[0].target: a rate of 1.2 means 120% "
            "(write rates as 1.2% or 0.012)",
            id="rate-over-100",
        ),
        pytest.param(
            "client: {name: Acme}\nkgi: {metric: reach, target: 5000, unit: JPY}\n",
            "proposals/plan.yaml:2:36: kgi.unit: reach is a count, which takes no unit "
            "(rates are written with % (1.2%); only money has a currency)",
            id="unit-on-count",
        ),
        pytest.param(
            "client: {name: Acme}\nkpi_tree:\n  op: sum\n  children:\n    - {id: walk_ins}\n",
            "proposals/plan.yaml:5:7: kpi_tree.children[0]: the custom metric 'walk_ins' needs a 'label'",
            id="custom-without-label",
        ),
        pytest.param(
            "client: {name: Acme}\nkpi_tree:\n  children:\n    - {metric: reach}\n",
            "proposals/plan.yaml:3:3: kpi_tree: a node with children needs 'op': product, sum or drivers",
            id="children-without-op",
        ),
        pytest.param(
            "client: {name: Acme}\nplatforms:\n  - id: instagram\n  - id: instagram\n",
            "proposals/plan.yaml:4:9: platforms[1].id: 'instagram' is listed twice (merge it with platforms[0])",
            id="duplicate-platform",
        ),
        pytest.param(
            "client: {name: Acme}\nkgi: {metric: ec_revenue, by: 2027-13}\n",
            "proposals/plan.yaml:2:31: kgi.by: '2027-13' is not a month; write YYYY-MM, e.g. 2027-01",
            id="bad-month",
        ),
        pytest.param(
            "client:\n  name: Acme\n  website: javascript:alert(1)\n",
            "proposals/plan.yaml:3:12: client.website: 'javascript:alert(1)' is not a web address; "
            "write it as https://example.com/page",
            id="javascript-url",
        ),
        pytest.param(
            "client: {name: Acme}\nclient: {name: Other}\n",
            "proposals/plan.yaml:2:1: client: duplicate key 'client' (first set on line 1) "
            "(each key may appear once; remove one of them)",
            id="duplicate-key",
        ),
        pytest.param(
            "client: {name: Acme}\nkgi: {metric: ec_revenue, unit: yen}\n",
            "proposals/plan.yaml:2:33: kgi.unit: 'YEN' is not a currency code we know "
            "(known: JPY, USD, EUR, GBP, AUD, CAD, CNY, HKD, KRW, SGD, TWD, THB)",
            id="bad-currency",
        ),
        pytest.param(
            "client: {name: Acme}\nkgi: {metric: followers, target: 12%}\n",
            "proposals/plan.yaml:2:34: kgi.target: followers is a count, not a rate (write a plain number)",
            id="percent-on-count",
        ),
        pytest.param(
            "client: {name: Acme}\nkpi_tree:\n  op: sum\n  children:\n    - {id: reach, label: Reach}\n",
            "proposals/plan.yaml:5:8: kpi_tree.children[0].id: 'reach' is a catalogue metric "
            "(write metric: reach)",
            id="custom-shadows-catalogue",
        ),
        pytest.param(
            "client: {name: Acme}\nschema: 2\n",
            "proposals/plan.yaml:2:9: schema: must be at most 1",
            id="future-schema",
        ),
    ],
)
def test_error_lines(write_plan, text, expected):
    assert errors_of(write_plan(text)) == [expected]


def test_several_shape_errors_are_all_reported_in_file_order(write_plan):
    path = write_plan("client:\n  nam: Acme\nlanguage: jp\naccess: secret\n")
    lines = errors_of(path)
    assert [line.split(": ")[0] for line in lines] == [
        "proposals/plan.yaml:2:3",
        "proposals/plan.yaml:3:11",
        "proposals/plan.yaml:4:9",
    ]
    assert "did you mean 'name'?" in lines[0]


def test_missing_client_is_reported_at_the_top(write_plan):
    assert errors_of(write_plan("language: en\n")) == [
        "proposals/plan.yaml:1:1: client: missing required key 'client' (add client: {name: …})"
    ]


def test_yaml_syntax_error_names_the_line(write_plan):
    path = write_plan("client:\n  name: Acme\n kgi: {metric: ec_revenue\n")
    [line] = errors_of(path)
    assert line.startswith("proposals/plan.yaml:3:")
    assert "YAML syntax" in line


def test_tab_indentation_gets_a_hint(write_plan):
    [line] = errors_of(write_plan("client:\n\tname: Acme\n"))
    assert line.startswith("proposals/plan.yaml:2:1: YAML syntax")
    assert "indent with spaces" in line


def test_python_tag_is_refused_and_never_run(write_plan, tmp_path):
    marker = tmp_path / "pwned"
    path = write_plan(f"client: {{name: Acme}}\nnotes: !!python/object/apply:os.system ['touch {marker}']\n")
    [line] = errors_of(path)
    assert line.startswith(
        "proposals/plan.yaml:2:8: notes: the tag !!python/object/apply:os.system is not allowed"
    )
    assert not marker.exists()


def test_custom_local_tag_is_refused(write_plan):
    [line] = errors_of(write_plan("client: !Client {name: Acme}\n"))
    assert line.startswith("proposals/plan.yaml:1:9: client: the tag !Client is not allowed")


def test_alias_bomb_is_refused_quickly(write_plan):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    path = write_plan("client: {name: Acme}\n" + "\n".join(levels) + "\n")
    [line] = errors_of(path)
    assert "expands to more than" in line
    assert line.startswith("proposals/plan.yaml:1:1:")


def test_recursive_alias_is_refused(write_plan):
    [line] = errors_of(write_plan("client: {name: Acme}\nloop: &l [*l]\n"))
    assert "aliases must not form a loop" in line


def test_small_aliases_and_merge_keys_work(write_plan):
    path = write_plan(
        """
        client: {name: Acme}
        language: en
        platforms:
          - &ig {id: instagram, role: primary}
          - {<<: *ig, id: tiktok}
        """
    )
    loaded = load_plan(path)
    assert [(p.id, p.role) for p in loaded.plan.platforms] == [
        ("instagram", "primary"),
        ("tiktok", "primary"),
    ]


def test_empty_file(write_plan):
    assert errors_of(write_plan("")) == [
        "proposals/plan.yaml:1:1: the file is empty (start from `proposals new`)"
    ]


def test_top_level_list(write_plan):
    [line] = errors_of(write_plan("- client\n"))
    assert line.startswith("proposals/plan.yaml:1:1: a plan is a mapping")


def test_not_utf8(write_plan):
    path = write_plan("client: {name: Acme}\n")
    path.write_bytes(b"client:\n  name: \x82\xa0\x82\xa2\n")
    assert errors_of(path) == [
        "proposals/plan.yaml:2:1: the file is not UTF-8 text (save it as UTF-8 in your editor)"
    ]


def test_file_size_cap(write_plan):
    path = write_plan("client: {name: Acme}\nnotes: |\n" + "  filler text\n" * 50_000)
    [line] = errors_of(path)
    assert "plans are limited to" in line


def test_file_name_must_make_a_page_address(write_plan):
    path = write_plan(VALID, name="Acme Plan.yaml")
    [line] = errors_of(path)
    assert "cannot be used as a page address" in line


def test_deep_tree_is_capped(write_plan):
    node = "{metric: reach}"
    for _ in range(10):
        node = "{metric: reach, op: sum, children: [" + node + "]}"
    [line] = errors_of(write_plan(f"client: {{name: Acme}}\nkpi_tree: {node}\n"))
    assert "deeper than 8 levels" in line


def test_rates_and_numbers_in_every_written_form(write_plan):
    path = write_plan(
        """
        client: {name: Acme}
        kgi: {metric: ec_revenue, target: "3,000,000", unit: jpy, baseline: 0}
        kpi_tree:
          op: product
          children:
            - {metric: link_ctr, target: 1.2%}
            - {metric: ec_cvr, target: 0.02}
            - {metric: average_order_value, target: 6_000, unit: JPY}
        """
    )
    plan = load_plan(path).plan
    assert plan.kgi.target.value == 3_000_000
    assert plan.kgi.unit == "JPY"
    ctr, cvr, aov = plan.kpi_tree.children
    assert ctr.target.value == pytest.approx(0.012) and ctr.target.percent
    assert cvr.target.value == pytest.approx(0.02) and not cvr.target.percent
    assert aov.target.value == 6000


def test_purpose_list_and_text_lists(write_plan):
    path = write_plan(
        """
        client: {name: Acme}
        purpose: [awareness, sales]
        persona: {habits: Reads the news on the train, age: 25-29}
        """
    )
    plan = load_plan(path).plan
    assert plan.purposes == ["awareness", "sales"]
    assert plan.persona.habits == ["Reads the news on the train"]
    assert plan.persona.age == "25-29"


def test_cadence_keys_are_closed(write_plan):
    path = write_plan(
        "client: {name: Acme}\nplatforms:\n  - id: instagram\n    cadence: {reel_per_week: 2}\n"
    )
    assert errors_of(path) == [
        "proposals/plan.yaml:4:15: platforms[0].cadence.reel_per_week: unknown key 'reel_per_week' "
        "(did you mean 'reels_per_week'?)"
    ]


def test_a_value_split_at_a_comma_inside_braces_gets_the_hint_to_quote_it():
    from generator.plans.load import parse_plan

    text = (
        (PROPOSALS / "kurumi-ramen.yaml")
        .read_text("utf-8")
        .replace("note: 月13本のリール}", "note: 月5,000通まで}")
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "kurumi-ramen", "proposals/kurumi-ramen.yaml")
    (line,) = str(caught.value).splitlines()
    assert "000通まで" in line and "引用符" in line and "カンマ" in line
