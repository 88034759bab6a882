"""`proposals check examples/seed/` reports each of the seed article's three failures, in the
article's own terms, in the plan's language; and nothing else is wrong with those plans."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO, run_proposals

SEED = REPO / "examples" / "seed"

EXPECTED = {
    # plan: (the rule, words of the seed that the message must carry)
    "followers-as-the-goal-ja": ("vanity-kgi", ["フォロワー数", "KGIにはできません"]),
    "followers-as-the-goal-en": ("vanity-kgi", ["Followers", "cannot be the KGI"]),
    "likes-for-reservations-ja": ("kpi-not-linked", ["いいね数", "来店予約数"]),
    "likes-for-reservations-en": ("kpi-not-linked", ["Likes", "Store reservations"]),
    "ten-million-in-month-one-ja": ("unrealistic-target", ["1か月", "売上1,000万円", "成長曲線"]),
    "ten-million-in-month-one-en": ("unrealistic-target", ["1 month", "¥10M", "grow slowly"]),
}


@pytest.fixture(scope="module")
def checked() -> dict[str, list[dict[str, object]]]:
    result = run_proposals("check", "--format", "json", str(SEED))
    assert result.returncode == 1, result.stderr  # vanity-kgi is an error
    plans = json.loads(result.stdout)["plans"]
    return {p["slug"]: p["findings"] for p in plans}


def test_every_seed_plan_is_checked(checked):
    assert set(checked) == set(EXPECTED)


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_the_seed_failure_is_reported_in_the_seed_terms(checked, slug):
    rule, words = EXPECTED[slug]
    findings = checked[slug]
    assert {f["rule"] for f in findings} == {rule}, findings
    message = findings[0]["message"]
    assert all(word in message for word in words), message
