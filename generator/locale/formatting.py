"""Numbers as a proposal shows them: 3,000,000円 in tables and 300万円 in sentences and
diagrams in Japanese, ¥3,000,000 and ¥3M in English; counts with their counter (月450件);
rates as 1.2%."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from generator.knowledge import kinds, knowledge
from generator.locale.labels import labels


def _trim(number: float, decimals: int) -> str:
    text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sig(number: float, digits: int = 3) -> float:
    if number == 0:
        return 0.0
    return round(number, max(0, digits - 1 - math.floor(math.log10(abs(number)))))


def compact_number(value: float, language: str) -> str:
    """Short form for diagrams and cards: 120万 / 1.2M."""
    magnitude = abs(value)
    if language == "ja":
        if magnitude >= 1e8:
            return _trim(_sig(value / 1e8), 2) + "億"
        if magnitude >= 1e4:
            return _trim(_sig(value / 1e4), 1) + "万"
    else:
        for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
            if magnitude >= size * 10 or (magnitude >= size and size >= 1e6):
                return _trim(_sig(value / size), 2) + suffix
    return _trim(value, 0 if magnitude >= 100 else 2)


def rate(value: float) -> str:
    percent = value * 100
    decimals = 0 if percent >= 10 or percent == int(percent) else (1 if percent >= 1 else 2)
    return _trim(percent, decimals) + "%"


def cited_rate(value: float) -> str:
    """A published rate as its source printed it: 0.035%, never rounded to 0.04%."""
    return f"{value * 100:.4g}%"


def cited_range(low: float, high: float, language: str) -> str:
    """Two published rates as a range: 1〜3% in Japanese, 1%–3% in English (one rate alone
    when they are the same)."""
    if low == high:
        return cited_rate(low)
    if language == "ja":
        return f"{cited_rate(low).removesuffix('%')}〜{cited_rate(high)}"
    return f"{cited_rate(low)}–{cited_rate(high)}"


def seconds(value: float, language: str) -> str:
    t = labels(language)
    if value >= 120:
        return t("minutes", n=_trim(value / 60, 1))
    return t("seconds", n=_trim(value, 1))


def money(value: float, currency: str | None, language: str, *, compact: bool = False) -> str:
    spec = knowledge().currencies.get(currency or "")
    if compact:
        number = compact_number(value, language)
    elif value == int(value) or not spec or abs(value) >= 1000:
        number = f"{round(value):,}"
    else:
        number = f"{value:,.{spec.decimals}f}"
    if spec and language == "ja" and spec.suffix_ja:
        return number + spec.suffix_ja  # a Japanese agency writes 3,000,000円, not ¥3,000,000
    symbol = spec.symbol if spec else (f"{currency} " if currency else "")
    return symbol + number


def value(
    value: float | None,
    kind: str | None,
    unit: str | None,
    language: str,
    *,
    compact: bool = False,
    metric: str | None = None,
    counter: str | None = None,
) -> str:
    """Any plan value in the form its kind calls for; '—' when there is none. A count of a
    catalogue ``metric`` carries its counter in Japanese (450件, 1,500人); a custom count the
    plan's own ``counter`` (its unit_label: 21件, 21 demo requests)."""
    if value is None:
        return "—"
    if kinds.kind(kind).share:
        return rate(value)
    if kinds.kind(kind).currency:
        return money(value, unit, language, compact=compact)
    if kind == "seconds":
        return seconds(value, language)
    if compact:
        text = compact_number(value, language)
    else:
        rounded = round(value) if abs(value) >= 100 else value
        text = _trim(rounded, 0 if abs(value) >= 100 else 2)
    if counter:
        return f"{text}{counter}" if language == "ja" else f"{text} {counter}"
    found = knowledge().metric(metric) if metric and language == "ja" else None
    return text + (found.counter or "" if found else "")


def with_period(text: str, period: str | None, language: str, *, sentence: bool = False) -> str:
    """An amount with the period it is counted over: 月450件 / 450 / month; in a sentence
    月300万円 / ¥3M a month."""
    if not period or not text or text == "—":
        return text
    return labels(language)(f"{'in_sentence' if sentence else 'per'}_{period}", v=text)


def round_target(value: float) -> float:
    """A planned figure to three significant digits: ¥418,000, not ¥418,056."""
    if abs(value) < 1000:
        return value
    return float(round(value, 2 - math.floor(math.log10(abs(value)))))


def date(value: dt.date, language: str) -> str:
    """A calendar date as people write it: 2027年3月31日, 31 March 2027."""
    return f"{value.year}年{value.month}月{value.day}日" if language == "ja" else value.strftime("%-d %B %Y")


def short_month(month: Any, language: str, *, first: bool = False) -> str:
    """A month as a chart axis shows it: the year where it starts (the first point, each
    January), the month alone between — 2027年1月, 2月 … / Jan 2027, Feb … Never 2/27, which
    reads as a day."""
    with_year = first or month.month == 1
    if language == "ja":
        return f"{month.year}年{month.month}月" if with_year else f"{month.month}月"
    name = dt.date(month.year, month.month, 1).strftime("%b")
    return f"{name} {month.year}" if with_year else name


def axis_months(months: Any, language: str) -> list[str]:
    """The axis labels of a run of months (the first one carries its year)."""
    return [short_month(m, language, first=i == 0) for i, m in enumerate(months)]


def language_name(language: str) -> str:
    """A language named in itself, as a language switcher shows it."""
    return {"ja": "日本語", "en": "English"}.get(language, language)


def language_in(language: str, said_in: str) -> str:
    """A language named in another, as a sentence of that other language names it."""
    names = {"ja": {"ja": "日本語", "en": "英語"}, "en": {"ja": "Japanese", "en": "English"}}
    return names.get(said_in, {}).get(language, language_name(language))


def month(value: Any, language: str) -> str:
    """A calendar month as people write it: 2027年12月, December 2027."""
    if language == "ja":
        return f"{value.year}年{value.month}月"
    return dt.date(value.year, value.month, 1).strftime("%B %Y")


def month_range(first: Any, last: Any, language: str) -> str:
    """Two months as a span, the year said once where both share it: 2027年1月〜3月,
    January–March 2027 (one month alone when they are the same)."""
    if first == last:
        return month(first, language)
    if language == "ja":
        end = f"{last.month}月" if first.year == last.year else month(last, language)
        return f"{month(first, language)}〜{end}"
    if first.year == last.year:
        return f"{dt.date(2000, first.month, 1):%B}–{month(last, language)}"
    return f"{month(first, language)} – {month(last, language)}"


def day_range(first: dt.date, last: dt.date, language: str) -> str:
    """Days as a span, as people write them: 6月1日〜21日, 1–21 June; the month and year said
    once where both days share them (2027年6月28日〜7月3日, 28 June – 3 July 2027)."""
    if language == "ja":
        if (first.year, first.month) == (last.year, last.month):
            end = f"{last.day}日"
        elif first.year == last.year:
            end = f"{last.month}月{last.day}日"
        else:
            end = f"{last.year}年{last.month}月{last.day}日"
        start = f"{first.month}月{first.day}日"
        return start if first == last else f"{start}〜{end}"
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def quoted(name: str, language: str) -> str:
    """A name quoted as Japanese writes it: 「…」, or 『…』 around one that holds 「…」 itself
    (『「しまなみ サイクリング」の検索数』, never 「「…」の検索数」); English leaves it as it is."""
    if language != "ja":
        return name
    return f"『{name}』" if "「" in name else f"「{name}」"


def listing(items: Iterable[str], language: str) -> str:
    """Items side by side: 「、」 in Japanese, ", " in English."""
    return str(labels(language).list_sep).join(items)


def months(count: int, language: str) -> str:
    """A number of months: 3か月, 1 month, 3 months."""
    if language == "ja":
        return f"{count}か月"
    return f"{count} month" if count == 1 else f"{count} months"


def multiple(value: float, language: str) -> str:
    """How many times: 20倍, 20×; one decimal below ten (2.5倍)."""
    number = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:,.0f}"
    return f"{number}倍" if language == "ja" else f"{number}×"


def spoken_list(items: Iterable[str], language: str) -> str:
    """Names in a sentence: Instagram、TikTok; in English "X, YouTube and LinkedIn"."""
    items = list(items)
    if language != "en" or len(items) < 2:
        return listing(items, language)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def in_sentence(name: str) -> str:
    """A catalogue name inside an English sentence: "Leads and sales" → "leads and sales";
    names that start with an acronym or a brand (GA4, LINE, YouTube) keep their capitals."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper() and name.split()[0] not in _BRANDS:
        return name[0].lower() + name[1:]
    return name


_BRANDS = {"Instagram", "TikTok", "YouTube", "Facebook", "Google", "LinkedIn", "Threads", "Pinterest", "X"}
