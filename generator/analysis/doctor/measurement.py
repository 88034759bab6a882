"""Measurement: a landing page and UTM values GA4 files under the right channel."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.analysis.doctor.context import Context, rule
from generator.analysis.findings import Finding
from generator.errors import KeyPath
from generator.plans.model import Utm

# ---------------------------------------------------------------------------- measurement


@rule
def no_measurement(c: Context) -> Iterator[Finding]:
    kgi = c.plan.kgi
    metric = c.kb.metric(kgi.metric) if kgi and kgi.metric else None
    if (
        metric is None
        or not (c.kb.rules.tracked_purposes & set(metric.purposes))
        or metric.stage not in ("action", "conversion")
    ):
        return
    m = c.plan.measurement
    utm = m.utm if m else None
    missing = []
    if not (m and m.landing_url):
        missing.append(c.word("no-measurement", "landing_url"))
    if not (utm and (utm.campaign or utm.source or utm.medium)):
        missing.append(c.word("no-measurement", "utm"))
    if missing:
        where: KeyPath = ("measurement",) if m else ("kgi", "metric")
        yield c.finding(
            "no-measurement",
            where,
            "missing",
            "hint",
            kgi=metric.name(c.lang),
            missing=c.join(missing),
        )


_UPPER = re.compile(r"[A-Z]")


@rule
def utm_naming(c: Context) -> Iterator[Finding]:
    """The plan's UTM values, and each platform's own, named so GA4 files them together."""
    m = c.plan.measurement
    places: list[tuple[KeyPath, Utm]] = [(("measurement", "utm"), m.utm)] if m and m.utm else []
    places += [(("platforms", i, "utm"), p.utm) for i, p in enumerate(c.plan.platforms) if p.utm]
    for where, utm in places:
        yield from _utm_values(c, where, utm)


def _utm_values(c: Context, where: KeyPath, utm: Utm) -> Iterator[Finding]:
    rules = c.kb.utm
    for key in rules.keys:
        value = getattr(utm, key)
        if not value:
            continue
        path = (*where, key)
        fixed = re.sub(r"\s+", "_", value.strip()).lower()
        if _UPPER.search(value):
            yield c.finding("utm-naming", path, "case", "case_hint", key=key, value=value, fixed=fixed)
        if re.search(r"\s", value) and not (
            key == "medium" and value.lower() in rules.organic_social_mediums
        ):
            yield c.finding("utm-naming", path, "space", "space_hint", key=key, value=value, fixed=fixed)
        lowered = value.strip().lower()
        if lowered in rules.discouraged.get(key, ()):
            suggestion = rules.recommended.organic_medium if key == "medium" else _source_for(c, lowered)
            yield c.finding(
                "utm-naming",
                path,
                "discouraged",
                "discouraged_hint",
                key=key,
                value=value,
                suggestion=suggestion,
            )
        elif (
            key == "medium"
            and lowered not in rules.organic_social_mediums
            and not re.match(rules.paid_social_medium_pattern, lowered)
        ):
            yield c.finding("utm-naming", path, "medium", "medium_hint", value=value)
        if key == "campaign" and not re.match(rules.recommended.campaign_pattern, value):
            yield c.finding("utm-naming", path, "campaign", "campaign_hint", value=value)
        allowed = c.utm_allowed.get(f"{key}s") or c.utm_allowed.get(key)
        if allowed and value not in allowed:
            yield c.finding(
                "utm-naming",
                path,
                "allowed",
                "allowed_hint",
                key=key,
                value=value,
                allowed=", ".join(allowed),
            )


def _source_for(c: Context, value: str) -> str:
    aliases = {
        "fb": "facebook",
        "ig": "instagram",
        "insta": "instagram",
        "meta": "facebook or instagram",
        "tw": "x",
        "twitter.com": "x",
    }
    return aliases.get(value, ", ".join(p.utm_source for p in c.kb.platforms.values()))
