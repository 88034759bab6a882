"""One figure, one source: the tables read from a folder turned into the month's figures.

Each table is a download of one platform's series (an account's daily series, or its posts).
Downloads of the same series are merged, a later download replacing what it overlaps (later
by the days it covers, never by when the file was saved). For each month and metric the
figure then comes from one source only, chosen by the rule in ``exports.yaml``
(``source_rank``: the account's own series before a sum of its posts before a typed figure);
the others are set aside, and where one disagrees beyond ``sources_tolerance`` the reading
says so. Nothing is ever added across sources. People counted per post (reach) are never
summed into a month: the account's own series is the only source of its monthly reach.
Rows of another account than the plan's are left out and counted.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from generator.actuals.formats import Parsed, Record
from generator.actuals.records import Observation, Origin, Post
from generator.knowledge import knowledge
from generator.plans.keys import node_key, split_key
from generator.plans.model import Plan
from generator.plans.values import Month

DERIVED = ("sns_sessions", "orders", "ec_revenue")
"""Totals that are the sum of their platforms' figures when no source gives them whole."""


@dataclass
class Figure:
    month: Month
    key: str
    value: float
    sources: tuple[Origin, ...]
    days: tuple[int, int] | None = None
    """(days covered, days in the month) when the sources cover only part of it."""
    rank: int = 0
    line: int = 0

    @property
    def typed(self) -> bool:
        return bool(self.sources) and self.sources[0].table == "" and self.line > 0


@dataclass
class Chosen:
    figures: list[Figure] = field(default_factory=list)
    notes: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    """Tables (by name) that gave at least one figure."""
    set_aside: dict[str, str] = field(default_factory=dict)
    """Tables whose every figure another source gave instead: the table → the source used."""
    posts: list[Post] = field(default_factory=list)


@dataclass
class _Candidate:
    value: float
    source: Origin
    tables: tuple[str, ...]
    """The tables' own names (``file#2``), which the files list knows them by."""
    rank: int
    days: set[dt.date]
    covered: tuple[int, int] | None = None
    line: int = 0
    """The line of a typed row."""


def choose(parsed: list[Parsed], typed: list[Observation], plan: Plan) -> Chosen:
    """The month's figures from every table read and every row typed, one source each."""
    rules = knowledge().exports
    rank = {level: i for i, level in enumerate(rules.source_rank)}
    out = Chosen()
    candidates: dict[tuple[Month, str], list[_Candidate]] = {}
    for series in _series(parsed, plan, out):
        level = "account" if series[0].format.kind == "daily" else "posts"
        for slot, candidate in _figures(series, level, rank[level]).items():
            candidates.setdefault(slot, []).append(candidate)
        if level == "posts":
            out.posts += _posts(series)
    for row in typed:
        origin = Origin(row.file, "", "", None, None, 1, row.file)
        candidate = _Candidate(row.value, origin, (row.file,), rank["manual"], set(), None, row.line)
        candidates.setdefault((row.month, row.key), []).append(candidate)
    tolerance = rules.sources_tolerance
    offered: dict[str, set[str]] = {}
    for (month, key), found in sorted(candidates.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        found.sort(
            key=lambda c: (c.rank, -len(c.days), -(c.source.last or dt.date.min).toordinal(), c.source.file)
        )
        best = found[0]
        out.figures.append(Figure(month, key, best.value, (best.source,), best.covered, best.rank, best.line))
        out.used |= set(best.tables)
        for other in found[1:]:
            for table in other.tables:
                offered.setdefault(table, set()).add(best.source.file)
            apart = _apart(best.value, other.value)
            # Outside the period the figures are left out anyway: their disagreement is noise.
            if apart > tolerance and (plan.period is None or plan.period.start <= month <= plan.period.end):
                out.notes.append(
                    (
                        "actuals-sources-disagree",
                        "disagree",
                        {
                            "file": other.source.file,
                            "month": str(month),
                            "key": key,
                            "used": best.source.file,
                            "used_value": _plain(best.value),
                            "other_value": _plain(other.value),
                            "apart": f"{apart:.0%}",
                        },
                    )
                )
    for table, used_instead in offered.items():
        if table not in out.used:
            out.set_aside[table] = ", ".join(sorted(used_instead))
    _derive(out)
    return out


def _apart(a: float, b: float) -> float:
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else 0.0


def _plain(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.4g}"


# ---------------------------------------------------------------------------- series


def _series(parsed: list[Parsed], plan: Plan, out: Chosen) -> list[list[Parsed]]:
    """Tables grouped by what they measure (format and platform), each group's rows of
    another account left out; in each group, earlier downloads first."""
    groups: dict[tuple[str, str | None], list[Parsed]] = {}
    for item in parsed:
        groups.setdefault((item.format.id, item.platform), []).append(item)
    found = []
    for (_, platform), items in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        items.sort(key=lambda p: (p.last or dt.date.min, p.table.name))
        _own_account(items, plan, platform, out)
        found.append(items)
    return found


def _own_account(items: list[Parsed], plan: Plan, platform: str | None, out: Chosen) -> None:
    """Leave out rows of other accounts: the plan's account when it names one, else the
    account most rows come from."""
    counts: Counter[str] = Counter(r.account for p in items for r in p.records.values() if r.account)
    if len(counts) < 1 or platform is None:
        return
    named = _named_accounts(plan, platform)
    own = named or {counts.most_common(1)[0][0]}
    for item in items:
        others = [k for k, r in item.records.items() if r.account and r.account not in own]
        if not others:
            continue
        accounts = sorted({item.records[k].account for k in others})
        if len(others) == len(item.records):  # the whole file is another account's export
            out.notes.append(
                ("actuals-account-mismatch", "other", {"file": item.table.name, "account": accounts[0]})
            )
        for k in others:
            del item.records[k]
        out.notes.append(
            (
                "actuals-other-account",
                "left_out" if named else "left_out_guessed",
                {
                    "file": item.table.name,
                    "count": str(len(others)),
                    "accounts": ", ".join(f"@{a}" for a in accounts[:3]) + ("…" if len(accounts) > 3 else ""),
                    "own": ", ".join(f"@{a}" for a in sorted(own)),
                },
            )
        )


def _named_accounts(plan: Plan, platform: str) -> set[str]:
    names = {str(p.handle) for p in plan.platforms if p.id == platform and p.handle}
    if plan.situation is not None:
        names |= {str(a.handle) for a in plan.situation.accounts if a.platform == platform and a.handle}
    return {n.strip().lstrip("@").lower() for n in names if n.strip()}


def _figures(items: list[Parsed], level: str, rank: int) -> dict[tuple[Month, str], _Candidate]:
    """One series' monthly figures: rows merged across downloads (the later replaces what it
    overlaps), counts summed by month, levels (followers) at the month's last day."""
    merged: dict[str, tuple[Record, Parsed]] = {}
    for item in items:
        for key, record in item.records.items():
            before = merged.get(key)
            # A post's figures are lifetime counts, which only grow: of two downloads, the one
            # with the larger counts was made later. Days: the later download, as sorted.
            if before is not None and level == "posts" and _lifetime(before[0]) > _lifetime(record):
                continue
            merged[key] = (record, item)
    people = knowledge().rules.people_counts
    totals: dict[tuple[Month, str], float] = {}
    latest: dict[tuple[Month, str], dt.date] = {}
    days: dict[tuple[Month, str], set[dt.date]] = {}
    tables: dict[tuple[Month, str], dict[str, list[Record]]] = {}
    for record, item in sorted(merged.values(), key=lambda pair: pair[0].day or dt.date.min):
        for metric, value in record.values.items():
            base = split_key(metric)[0]
            if level == "posts" and base in people:
                continue  # a post's reach is people per post: never added into a month
            key = metric if split_key(metric)[1] else node_key(metric, item.platform)
            slot = (record.month, key)
            tables.setdefault(slot, {}).setdefault(item.table.name, []).append(record)
            if record.day is not None:
                days.setdefault(slot, set()).add(record.day)
            if metric in item.format.stocks:  # a level: the month's last value, never a sum
                if record.day is not None and record.day >= latest.get(slot, dt.date.min):
                    latest[slot] = record.day
                    totals[slot] = value
                continue
            totals[slot] = totals.get(slot, 0.0) + value
    by_name = {item.table.name: item for item in items}
    found = {}
    for slot, value in totals.items():
        if not math.isfinite(value):
            continue
        contributing = tables[slot]
        name = max(contributing, key=lambda n: (len(contributing[n]), n))
        item = by_name[name]
        month = slot[0]
        spans = [by_name[n].span for n in contributing]
        rows_days = [r.day for r in contributing[name] if r.day]
        # A file with no dates in its rows stands for the range its comment lines state.
        span = item.span if item.format.ranged else None
        in_month = span is not None and all(Month(d.year, d.month) == month for d in span)
        stated = span if in_month else None
        found[slot] = _Candidate(
            value,
            Origin(
                file=item.table.name.split("#", 1)[0],
                table=item.table.title or item.table.name,
                account=item.own_account(),
                first=stated[0] if stated else min(rows_days, default=None),
                last=stated[1] if stated else max(rows_days, default=None),
                rows=sum(len(rs) for rs in contributing.values()),
                name=name,
            ),
            tuple(sorted(contributing)),
            rank,
            days.get(slot, set()),
            _coverage(month, spans),
        )
    return found


def _posts(items: list[Parsed]) -> list[Post]:
    """The series' posts, one copy each (the one with the larger lifetime counts)."""
    merged: dict[str, tuple[Record, Parsed]] = {}
    for item in items:
        for key, record in item.records.items():
            before = merged.get(key)
            if before is None or _lifetime(record) >= _lifetime(before[0]):
                merged[key] = (record, item)
    return [
        Post(
            item.platform or "",
            record.day,
            dict(record.values),
            record.post.get("caption", ""),
            record.post.get("type", ""),
            record.post.get("link", ""),
            item.table.name,
        )
        for record, item in merged.values()
        if record.day is not None
    ]


def _lifetime(record: Record) -> float:
    return math.fsum(v for v in record.values.values() if v > 0)


def _coverage(month: Month, spans: list[tuple[dt.date, dt.date] | None]) -> tuple[int, int] | None:
    """(days covered, days in the month) when the downloads behind a figure cover only part of
    the month; None when they cover all of it or do not say."""
    in_month = calendar.monthrange(month.year, month.month)[1]
    first, last = dt.date(month.year, month.month, 1), dt.date(month.year, month.month, in_month)
    covered: set[int] = set()
    for span in spans:
        if span is None:
            return None
        start, end = max(span[0], first), min(span[1], last)
        covered |= {d for d in range(start.day, end.day + 1)} if start <= end else set()
    return None if len(covered) >= in_month else (len(covered), in_month)


def _derive(out: Chosen) -> None:
    """Totals made of their platforms' parts (sessions from every platform), where no source
    gives the total itself; and the rates made of totals (purchases per session)."""
    by_slot = {(f.month, f.key): f for f in out.figures}
    for figure in list(out.figures):
        base, platform = split_key(figure.key)
        if platform is None or base not in DERIVED or (figure.month, base) in by_slot or figure.typed:
            continue
        parts = [
            f
            for f in out.figures
            if f.month == figure.month and split_key(f.key)[0] == base and split_key(f.key)[1] and not f.typed
        ]
        total = math.fsum(f.value for f in parts)
        sources = tuple(s for f in parts for s in f.sources)
        derived = Figure(figure.month, base, total, sources, _least(parts))
        by_slot[(figure.month, base)] = derived
        out.figures.append(derived)
    for month in sorted({f.month for f in out.figures}):
        sessions, orders, revenue = (by_slot.get((month, k)) for k in DERIVED)
        if sessions is not None and orders is not None and sessions.value:
            rate = Figure(month, "ec_cvr", orders.value / sessions.value, orders.sources + sessions.sources)
            if (month, "ec_cvr") not in by_slot:
                out.figures.append(rate)
        if orders is not None and revenue is not None and orders.value:
            average = Figure(month, "average_order_value", revenue.value / orders.value, revenue.sources)
            if (month, "average_order_value") not in by_slot:
                out.figures.append(average)


def _least(parts: list[Figure]) -> tuple[int, int] | None:
    known = [f.days for f in parts if f.days is not None]
    return min(known) if known else None
