"""`proposals diff` says every section a client reads, in the plan's words (issue 38): the
period, each roadmap phase, each fee line added or removed, pictures — not "wording edited"."""

from __future__ import annotations

from generator.analysis.report import analyse
from generator.locale.labels import labels
from generator.plans.load import parse_plan
from generator.versions.diff import diff_text, plan_diff
from tests.conftest import PROPOSALS

ROADMAP = """roadmap:
  phases:
    - {name: 立ち上げ期, months: 3, aims: [投稿を習慣にする]}
    - {name: 拡大期, months: 9, aims: [来店につなげる]}
"""


def _diff(before: str, after: str) -> list[str]:
    old = analyse(parse_plan(before, "kurumi-ramen"))
    new = analyse(parse_plan(after, "kurumi-ramen"))
    return diff_text(plan_diff(old, new), labels("ja"))


def test_period_roadmap_fee_lines_and_pictures_are_said_as_such():
    text = (PROPOSALS / "kurumi-ramen.yaml").read_text("utf-8")
    before = text + ROADMAP
    after = (
        text.replace("period: {start: 2027-01, months: 12}", "period: {start: 2027-02, months: 12}").replace(
            "    - {item: 撮影・動画制作費, monthly: 195000, note: 月13本のリール}\n", ""
        )
        + ROADMAP.replace(
            "{name: 拡大期, months: 9, aims: [来店につなげる]}",
            "{name: 拡大期, months: 9, aims: [常連を増やす]}",
        )
        + "images:\n  - {path: shop.png, alt: 本店の外観, where: cover}\n"
    )
    said = _diff(before, after)
    joined = "\n".join(said)
    assert any(
        line.startswith("期間: 2027年1月から12か月間") and "2027年2月から12か月間" in line for line in said
    )
    assert any(line.startswith("費用 撮影・動画制作費: 削除") and "195,000円" in line for line in said), (
        joined
    )
    assert any(line.startswith("ロードマップ 拡大期:") and "常連を増やす" in line for line in said), joined
    assert any(line.startswith("写真 shop.png: 追加") for line in said), joined
    # Said once, as what it is: no "roadmap: wording edited" on top.
    assert not any("文言の修正" in line for line in said), joined
