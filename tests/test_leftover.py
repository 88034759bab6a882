"""A platform taken out of a plan leaves words behind: its fee line, calendar entries,
roadmap phases, measurement tool and metric names. `check` finds each one; a persona that
names a platform the plan does not run gets a note, not a warning."""

from __future__ import annotations

from generator.analysis.report import analyse
from generator.plans.load import parse_plan
from tests.conftest import PROPOSALS, report_of


def without_platform(slug: str, platform: str) -> str:
    lines = (PROPOSALS / f"{slug}.yaml").read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  - id: {platform}")
    end = start + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    return "\n".join(lines[:start] + lines[end:])


def leftovers(text: str, slug: str) -> list:
    report = analyse(parse_plan(text, slug, f"proposals/{slug}.yaml"))
    return [f for f in report.findings if f.rule == "platform-leftover"]


def test_line_taken_out_leaves_its_fee_its_tool_and_the_persona_named():
    found = leftovers(without_platform("kurumi-ramen", "line"), "kurumi-ramen")
    by_kind = {(f.severity, f.message.split("「")[0]) for f in found}
    assert any("LINE配信費" in f.message and f.severity == "warning" for f in found)  # the fee line
    assert any("計測ツール" in f.message and f.severity == "warning" for f in found)  # LINE's own analytics
    assert any(f.message.startswith("ペルソナ") and f.severity == "info" for f in found)
    # The node on LINE itself is platform-not-in-plan's: one finding, not two.
    assert not any(f.message.startswith("指標名「LINE経由の予約」") for f in found)
    assert all(f.line for f in found) and by_kind


def test_a_label_calendar_and_roadmap_naming_a_platform_not_run_are_found():
    from tests.test_doctor import GOOD

    text = GOOD.replace(
        "    - {metric: sns_sessions}\n", "    - {metric: sns_sessions, label: TikTok経由のサイト流入数}\n"
    )
    text += (
        "content:\n  calendar:\n    - {month: 2027-02, posts: [TikTokでバレンタイン企画]}\n"
        "roadmap:\n  phases:\n    - {name: 立ち上げ, months: 2, aims: [YouTubeショートの検証]}\n"
    )
    found = leftovers(text, "plan")
    said = [f.message for f in found]
    assert any(m.startswith("指標名「TikTok経由のサイト流入数」") for m in said)
    assert any(m.startswith("カレンダー") and "TikTok" in m for m in said)
    assert any(m.startswith("ロードマップ") and "YouTube" in m for m in said)
    assert {f.severity for f in found} == {"warning"}


def test_no_example_has_a_leftover_and_own_platforms_are_never_one():
    for plan in sorted(PROPOSALS.glob("*.yaml")):
        report = report_of(plan)
        assert [f.message for f in report.findings if f.rule == "platform-leftover"] == [], plan.stem


def test_english_words_are_not_platforms():
    from tests.test_doctor import GOOD

    text = GOOD.replace("language: ja", "language: en").replace(
        "persona:\n  summary: 都内で一人暮らしの25歳会社員",
        "persona:\n  summary: A 25-year-old who keeps a note of every line she buys",
    )
    text += (
        "content:\n  calendar:\n    - {month: 2027-02, posts: ['X marks the spot: a treasure-hunt note', Online sale]}\n"
        "budget:\n  items:\n    - {item: Copy line editing, monthly: 50000, note: a note on tone}\n"
    )
    found = leftovers(text, "plan")
    # "note", "line" and "X" as English words never read as note, LINE or X; Instagram is the plan's own.
    assert found == []
