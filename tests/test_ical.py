"""The review calendar is written directly (generator/render/text/ical.py), byte for byte as
icalendar writes the same events: every example plan, and any client name, title or link."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from generator.render.site.calendar import _calendar, review_dates
from generator.render.text import ical
from tests.conftest import PROPOSALS, report_of


def _by_icalendar(head: dict[str, str], events: list[dict[str, object]]) -> str:
    calendar = Calendar()
    for name, value in head.items():
        calendar.add(name, value)
    for fields in events:
        event = Event()
        for name, value in fields.items():
            event.add(name, value)
        calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))


def _ours(head: dict[str, str], events: list[dict[str, object]]) -> str:
    def prop(name: str, value: object) -> ical.Property:
        if isinstance(value, dt.datetime):
            return name.upper(), ical.utc(value)
        if isinstance(value, dt.date):
            return f"{name.upper()};VALUE=DATE", ical.date(value)
        if name in ("url", "x-wr-calname"):  # a URI; an extension property, written as it is
            return name.upper(), str(value)
        return name.upper(), ical.text(str(value))

    return ical.calendar(
        [prop(n, v) for n, v in head.items()], [[prop(n, v) for n, v in e.items()] for e in events]
    )


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=300, deadline=None)
@given(name=TEXT, summary=TEXT, body=TEXT, slug=st.from_regex(r"[a-z0-9-]{1,60}", fullmatch=True))
def test_any_text_is_written_as_icalendar_writes_it(name, summary, body, slug):
    day = dt.date(2027, 1, 4)
    head = {"prodid": "-//sns-proposals//reviews//EN", "version": "2.0", "calscale": "GREGORIAN"}
    head["x-wr-calname"] = " ".join(name.split())  # one line, as the calendar makes it
    event: dict[str, object] = {
        "uid": f"{slug}-review-{day.isoformat()}@sns-proposals",
        "dtstamp": dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        "dtstart": day,
        "dtend": day + dt.timedelta(days=1),
        "summary": summary,
        "url": f"https://example.com/{slug}/progress/",
        "description": body,
        "transp": "TRANSPARENT",
    }
    assert _ours(head, [event, event]) == _by_icalendar(head, [event, event])


def test_every_example_plans_calendar_is_the_one_icalendar_writes():
    written = 0
    for plan in sorted(PROPOSALS.glob("*.yaml")):
        report = report_of(plan)
        dates = review_dates(report)
        if not dates:
            continue
        for url in (None, f"https://agency.example/{report.slug}/progress/"):
            ours = _calendar(report, dates, url)
            back = Calendar.from_ical(ours)  # a calendar icalendar reads back whole
            assert len(back.walk("VEVENT")) == len(dates)
            assert ours == back.to_ical().decode("utf-8")  # and writes again unchanged
            written += 1
    assert written >= 4
