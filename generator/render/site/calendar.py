"""`reviews.ics`: the plan's review meetings over its period, for the agency's and the
client's calendars. All-day events (the team sets the hour), one per review, each with a
UID made from the proposal and the date, so a calendar that subscribes to the file sees
the same events on every build instead of duplicates."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from generator.analysis.report import PlanReport
from generator.cache.store import Store, code_digest, fingerprint
from generator.locale import formatting
from generator.locale.labels import labels
from generator.plans.values import Month
from generator.render.text import ical
from generator.render.text.escape import clean

REVIEW_DAY = 5
"""A monthly review falls on the first weekday on or after this day of the next month: the
platforms' monthly figures are complete and exported by then."""


def review_dates(report: PlanReport) -> list[tuple[dt.date, Month | None]]:
    """(meeting day, month it reviews) for each review in the plan's period; weekly reviews
    fall on the Monday after each week of the period and review no single month."""
    plan = report.plan
    if plan.period is None or plan.measurement is None or plan.measurement.review is None:
        return []
    start = dt.date(plan.period.start.year, plan.period.start.month, 1)
    after = plan.period.end.plus(1)
    end = dt.date(after.year, after.month, 1)
    if plan.measurement.review == "weekly":
        first = start + dt.timedelta(days=7 - start.weekday())  # the first Monday after a full week starts
        return [(first + dt.timedelta(weeks=i), None) for i in range((end - first).days // 7 + 1)]
    found: list[tuple[dt.date, Month | None]] = []
    month = plan.period.start
    while month <= plan.period.end:
        nxt = month.plus(1)
        day = dt.date(nxt.year, nxt.month, REVIEW_DAY)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        found.append((day, month))
        month = nxt
    return found


def reviews_ics(
    report: PlanReport, progress_url: str | None = None, cache_dir: Path | None = None
) -> str | None:
    """The calendar file, or None when the plan names no period or review rhythm. Encoding a
    year of weekly meetings takes a few milliseconds a proposal, so the text is kept in the
    cache store by everything it is made from."""
    dates = review_dates(report)
    if not dates:
        return None
    plan = report.plan
    t = labels(plan.language)
    words = (t.review_event, t.review_event_body, t.progress_link)
    key = fingerprint("ics", _code(), report.slug, plan.client.name, words, dates, progress_url)
    store = Store(cache_dir)
    cached = store.get("ics", key)
    if cached is not None:
        return cached.decode("utf-8")
    text = _calendar(report, dates, progress_url)
    store.put("ics", key, text.encode("utf-8"))
    return text


@cache
def _code() -> str:
    """The code that writes the file (this package and the iCalendar writer): a change to
    how events are written is a new cache key."""
    return fingerprint(
        code_digest(__name__.rpartition(".")[0]), code_digest(ical.__name__.rpartition(".")[0])
    )


def _calendar(report: PlanReport, dates: list[tuple[dt.date, Month | None]], progress_url: str | None) -> str:
    plan = report.plan
    lang = plan.language
    t = labels(lang)
    # Plan text is one line of plain text here: a client name with a line break or a control
    # character must not end the property (iCalendar folds lines, it does not escape them all).
    client = " ".join(clean(plan.client.name).split())
    # DTSTAMP is required; the plan's start keeps the file the same from build to build.
    assert plan.period is not None  # review_dates gave none without a period
    stamp = ical.utc(dt.datetime(plan.period.start.year, plan.period.start.month, 1, tzinfo=dt.UTC))
    head = [
        ("PRODID", ical.text("-//sns-proposals//reviews//EN")),
        ("VERSION", "2.0"),
        ("CALSCALE", "GREGORIAN"),
        # icalendar writes this extension property as it is, unescaped (one line: see client).
        ("X-WR-CALNAME", t("review_event", client=client)),
    ]
    events = []
    for day, month in dates:
        title = t("review_event", client=client)
        if month is not None:
            title += (
                f" ({formatting.month(month, lang)})"
                if lang == "en"
                else f"({formatting.month(month, lang)}分)"
            )
        body = t.review_event_body
        event = [
            ("UID", ical.text(f"{report.slug}-review-{day.isoformat()}@sns-proposals")),
            ("DTSTAMP", stamp),
            ("DTSTART;VALUE=DATE", ical.date(day)),
            ("DTEND;VALUE=DATE", ical.date(day + dt.timedelta(days=1))),
            ("SUMMARY", ical.text(title)),
        ]
        if progress_url:
            body += f"\n{t.progress_link}: {progress_url}"
            event.append(("URL", progress_url))
        event += [("DESCRIPTION", ical.text(body)), ("TRANSP", "TRANSPARENT")]
        events.append(event)
    return ical.calendar(head, events)
