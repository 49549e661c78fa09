"""Time expressions found in text and resolved to partial dates against the day of the report.

A date is never guessed. "On 5 December" takes the year that puts it on or before the
report for a step that happened (on or after it for one still to come); "on Thursday" is
the latest Thursday on or before the report; "four days later" counts from the last day the
article gave. Without a publication date a day without a year resolves only against the
article's own latest full date (its anchor), and a weekday not at all. A range of days
("5-7 December") keeps the month only: the step happened on one of them, not on all.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from treatywatch.records import PartialDate

PAST, FUTURE = "past", "future"
# A step reported as done may be dated a day after the report by an outlet in another time zone.
TIME_ZONE_SLACK = timedelta(days=1)
# With no tense known, a day without a year may lie this far after the report ("on March 20").
UNKNOWN_TENSE_AHEAD = timedelta(days=45)
FULL_KINDS = ("iso", "numeric", "day_month_year", "month_day_year")


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A time expression in a text: where it is and what kind of expression it is."""

    start: int
    end: int
    text: str
    kind: str  # iso, numeric, day_month_year, month_day_year, month_year, day_month, month_day,
    #            month, year, weekday, relative, period, count, ago


@dataclass(frozen=True, slots=True)
class DateContext:
    """What a time expression is resolved against."""

    published: date | None = None
    anchor: date | None = None          # the latest full date of an undated article (or its URL's month)
    tense: str | None = None            # PAST, FUTURE or None when the clause does not say
    previous: PartialDate | None = None  # the last day written before it, for "four days later"
    anchor_is_day: bool = False          # the anchor is a day the article writes (not its URL's month)


@lru_cache(maxsize=1)
def _words() -> dict:
    return json.loads((resources.files("treatywatch") / "data/rules/dates.json").read_text(encoding="utf-8"))


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _cased(words) -> set[str]:
    """Month and weekday names count only capitalised ('May', 'MAY'), never as 'may' or 'sun'."""
    return {w.capitalize() for w in words} | {w.upper() for w in words}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    words = _words()
    full_weekdays = [w for w in words["weekdays"] if len(w) > 4]
    full_months = [w for w in words["months"] if len(w) > 4 or w in ("may", "june", "july")]
    short_months = [w for w in words["months"] if w not in full_months]
    # Only an abbreviation takes a dot: "Dec. 5", but "on 1 June." ends a sentence.
    month = rf"(?P<month>(?:{_alt(_cased(full_months))})\b|(?:{_alt(_cased(short_months))})\b\.?)"
    weekday = rf"(?:(?:{_alt(_cased(words['weekdays']))})\.?,?\s+)"
    day = r"(?<![\d.,:/])(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
    join = _alt(words["range_joiners"])
    day2 = rf"(?:\s*(?:{join})\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b)?"
    year = r"(?P<year>(?:1[89]|20)\d\d)\b"
    no_year_after = r"(?!\.?,?\s*(?:1[89]|20)\d\d\b)"
    qualifiers = _alt(words["month_qualifiers"])
    year_qualifiers = _alt(words["year_qualifiers"])
    modifiers = _alt(k for k in words["weekday_modifiers"] if k != "note")
    times = _alt(words["times_of_day"])
    relative = _alt(words["relative_days"])
    periods = words["relative_periods"]
    offsets = words["offsets"]
    number = _alt([*offsets["numbers"]]) + r"|\d+"
    return [(kind, re.compile(pattern)) for kind, pattern in [
        ("iso", r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
        ("numeric", r"(?<![\d./])(?P<day>[0-3]?\d)(?P<sep>[./])(?P<mnum>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?!\d)"),
        ("day_month_year", rf"{weekday}?(?i:the\s+)?{day}{day2}\s+(?i:of\s+)?{month},?\s+{year}"),
        ("month_day_year", rf"{weekday}?{month}\s+(?i:the\s+)?{day}{day2}(?:,\s*|\s+){year}"),
        ("month_year", rf"{month},?\s+(?i:of\s+)?{year}"),
        ("day_month", rf"{weekday}?(?i:the\s+)?{day}{day2}\s+(?i:of\s+)?{month}{no_year_after}"),
        ("month_day", rf"{weekday}?{month}\s+(?i:the\s+)?{day}{day2}{no_year_after}(?!\s*(?:%|per\b))"),
        ("month", rf"(?i:\b(?P<qualifier>{qualifiers}))(?:\s+|(?<=-)){month}(?!\s*\d)"
                  rf"(?!,?\s+(?i:of\s+)?(?:1[89]|20)\d\d)"),
        ("year", rf"(?i:\b(?P<qualifier>{year_qualifiers}))(?:\s+|(?<=-))(?i:the\s+year\s+)?{year}(?!\s*[-–]\s*\d)"),
        ("weekday", rf"(?:(?i:\b(?P<modifier>{modifiers}))\s+)?\b(?P<weekday>{_alt(_cased(full_weekdays))})\b"
                    rf"(?:\s+(?i:{times})\b)?"),
        ("relative", rf"(?i:\b(?P<relative>{relative})\b)"),
        ("period", rf"(?i:\b(?P<shift>{_alt(k for k in periods['shifts'] if k != 'note')})\s+"
                   rf"(?P<unit>{_alt(periods['units'])})\b)"),
        ("count", rf"(?i:\b(?P<phrase>{_alt(offsets['phrases'])})\b)"),
        ("count", rf"(?i:\b(?P<number>{number})\s+(?P<unit>{_alt(offsets['units'])})\s+"
                  rf"(?P<direction>{_alt(offsets['directions'])})\b)"),
        ("ago", rf"(?i:\b(?P<number>{number})\s+(?P<unit>{_alt(offsets['units'])})\s+(?:{_alt(offsets['ago'])})\b)"),
    ]]


DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _needs() -> dict[str, tuple[bool, tuple[str, ...]]]:
    """What the pattern of a kind cannot match without: a digit (its day or year), and one of the
    month or weekday names as written (they match case-sensitively). Most sentences have neither:
    their search skips the patterns that need them, with the same result."""
    words = _words()
    months = tuple(sorted(_cased(words["months"])))
    weekdays = tuple(sorted(_cased(w for w in words["weekdays"] if len(w) > 4)))
    return {"iso": (True, ()), "numeric": (True, ()), "year": (True, ()),
            **{kind: (True, months) for kind in ("day_month_year", "month_day_year", "month_year", "day_month",
                                                 "month_day")},
            "month": (False, months), "weekday": (False, weekdays)}


# A sentence is searched by several steps (its events' dates, their counts of days): the last
# texts' expressions are kept (fifteen patterns a text otherwise, each time).
@lru_cache(maxsize=2048)
def find_dates(text: str) -> tuple[DateSpan, ...]:
    """Every time expression in `text`, in order; where two overlap the longer wins."""
    found = []
    needs = _needs()
    digit = DIGIT.search(text) is not None
    named: dict[tuple[str, ...], bool] = {}
    for kind, pattern in _patterns():
        need_digit, names = needs.get(kind, (False, ()))
        if need_digit and not digit:
            continue
        if names and not named.setdefault(names, any(name in text for name in names)):
            continue
        for match in pattern.finditer(text):
            if match.end() > match.start():
                found.append((match.start(), -(match.end() - match.start()), kind, match))
    # Longest first: 'on Thursday' must not cut 'Thursday 14 December 2023' that starts inside it.
    spans: list[DateSpan] = []
    for start, negative_length, kind, match in sorted(found, key=lambda f: (f[1], f[0])):
        if any(start < s.end and s.start < match.end() for s in spans):
            continue
        spans.append(DateSpan(start, match.end(), match.group(0), kind))
    return tuple(sorted(spans, key=lambda s: s.start))


def resolve(span: DateSpan, context: DateContext) -> PartialDate | None:
    """The date a found expression names, as precisely as it names it, or None."""
    pattern = next(p for kind, p in _patterns() if kind == span.kind and p.fullmatch(span.text))
    match = pattern.fullmatch(span.text)
    groups = match.groupdict()
    words = _words()
    if span.kind in ("iso", "numeric", "day_month_year", "month_day_year", "month_year"):
        return _absolute(groups, words)
    if span.kind in ("day_month", "month_day"):
        value = day_without_year(_month(groups["month"]), int(groups["day"]), context.published,
                                 context.anchor, tense=context.tense)
        return _range(value, groups)
    if span.kind == "month":
        return _month_alone(_month(groups["month"]), groups["qualifier"].lower().strip(" -"), context)
    if span.kind == "year":
        return PartialDate(int(groups["year"]))
    if span.kind == "weekday":
        return _weekday(words["weekdays"][groups["weekday"].lower()],
                        (groups.get("modifier") or "").lower(), context)
    if span.kind == "relative":
        offset = words["relative_days"][" ".join(groups["relative"].lower().split())]
        return PartialDate.from_date(context.published + timedelta(days=offset)) if context.published else None
    if span.kind == "period":
        return _period(groups["shift"].lower(), groups["unit"].lower(), context)
    if span.kind == "count":
        days = offset_days(span.text)
        if days is None or context.previous is None or context.previous.precision < 3:
            return None
        return PartialDate.from_date(context.previous.as_date() + timedelta(days=days))
    if span.kind == "ago":
        days = _count(groups["number"]) * words["offsets"]["units"][groups["unit"].lower()]
        return PartialDate.from_date(context.published - timedelta(days=days)) if context.published else None
    return None


def yearless_day(span: DateSpan) -> str | None:
    """'8 August', 'Aug. 8th': the day as "MM-DD" when the expression names one day and no year
    (a range of days names none); None for every other expression."""
    if span.kind not in ("day_month", "month_day"):
        return None
    groups = next(p for kind, p in _patterns() if kind == span.kind).fullmatch(span.text).groupdict()
    month, day = _month(groups["month"]), int(groups["day"])
    if groups.get("day2") and int(groups["day2"]) != day:
        return None
    return as_yearless(month, day)


def as_yearless(month: int, day: int) -> str | None:
    """A day of some year as "MM-DD", or None where no year has it."""
    if _valid(2000, month, day) is None:  # 2000 is a leap year: 29 February stays a day
        return None
    return f"{month:02d}-{day:02d}"


def shift_yearless(day: str, text: str) -> str | None:
    """'four days later' counted from a day without a year ("MM-DD"), as "MM-DD"; None where the
    text is no count of days or the count crosses a 29 February that only some years have."""
    days = offset_days(text)
    if days is None:
        return None
    month, number = (int(part) for part in day.split("-"))
    if (month, number) == (2, 29):
        return None
    shifted = {(date(year, month, number) + timedelta(days=days)).strftime("%m-%d") for year in (2023, 2024)}
    return shifted.pop() if len(shifted) == 1 else None


def parse_date(text: str, published: date | None, *, anchor: date | None = None, tense: str | None = None,
               previous: PartialDate | None = None) -> PartialDate | None:
    """The date the first time expression of `text` names; None if there is none or it cannot be resolved.

    `anchor`, used when the publication date is unknown, is the latest full date the article
    writes out: a day without a year is then taken on or after it (the article is later).
    """
    context = DateContext(published, anchor, tense, previous)
    text = " ".join(text.split())
    for span in find_dates(text):
        return resolve(span, context)
    if _BARE_YEAR.match(text):
        return PartialDate(int(text))  # a date entity that is a year and nothing else: "2012"
    return None


_BARE_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def names_a_point(text: str) -> bool:
    """Whether a date phrase no pattern reads still names a point in time ('the same year',
    'earlier that spring', '1990s') rather than a duration ('decades', 'two years')."""
    words = _words()
    lowered = {w.strip(".,-").lower() for w in text.split()}
    return bool(re.search(r"\b(?:1[89]|20)\d\d", text)) or bool(
        lowered & (set(words["months"]) | set(words["weekdays"]) | set(words["point_words"]["words"])))


def offset_days(text: str) -> int | None:
    """Days a phrase counts from the date given before it: 'four days later' is 4,
    'the day before' is -1; None when the phrase is not such a count."""
    words = _words()["offsets"]
    lowered = " ".join(text.lower().split())
    for phrase, days in sorted(words["phrases"].items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            return days
    number = _alt(words["numbers"]) + r"|\d+"
    match = re.search(rf"\b({number})\s+({_alt(words['units'])})\s+({_alt(words['directions'])})\b", lowered)
    if match is None:
        return None
    return _count(match[1]) * words["units"][match[2]] * words["directions"][match[3]]


def _count(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _words()["offsets"]["numbers"][word]


def _month(word: str) -> int:
    return _words()["months"][word.lower().rstrip(".")]


def _absolute(groups: dict, words: dict) -> PartialDate | None:
    year = int(groups["year"])
    if groups.get("month"):
        month: int | None = _month(groups["month"])
    elif groups.get("mnum"):
        month = int(groups["mnum"])
        if groups.get("sep") != "/" and month > 12:
            return None
        if groups.get("sep") == "/":
            first, second = int(groups["day"]), month
            if first > 12 >= second:
                month = second
            elif second > 12 >= first:
                groups = {**groups, "day": str(second)}
                month = first
            elif first != second:
                return _valid(year)  # 05/12/2019: day and month cannot be told apart
    else:
        month = None
    day = int(groups["day"]) if groups.get("day") else None
    value = _valid(year, month, day)
    return _range(value, groups)


def _valid(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    try:
        if month is not None:
            date(year, month, day or 1)
    except ValueError:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    return PartialDate(year, month, day if month is not None else None)


def _range(value: PartialDate | None, groups: dict) -> PartialDate | None:
    """'5-7 December': the step happened on one of the days, so only the month is known."""
    if value is None or not groups.get("day2") or int(groups["day2"]) == value.day:
        return value
    second = int(groups["day2"])
    if not (value.day or 0) < second <= calendar.monthrange(value.year, value.month)[1]:
        return None  # "5-3 December" or "30-32 June": not a range of days
    return value.truncate(2)


def day_without_year(month: int, day: int, published: date | None, anchor: date | None,
                     *, tense: str | None = None) -> PartialDate | None:
    """'on 21 November': with a publication date, the year that puts the day on or before the
    report for a past step (on or after it for a future one; with no tense, at most 45 days
    after it); without one, the first year on or after `anchor`; else unknown."""
    if published is not None:
        return _with_year(published, month, day, tense)
    return _after(anchor, month, day) if anchor else None


def _with_year(published: date, month: int, day: int, tense: str | None) -> PartialDate | None:
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue  # 29 February of a year that has none
    if tense == FUTURE:
        chosen = min((c for c in candidates if c >= published - TIME_ZONE_SLACK), default=None)
    else:
        ahead = TIME_ZONE_SLACK if tense == PAST else UNKNOWN_TENSE_AHEAD
        chosen = max((c for c in candidates if c <= published + ahead), default=None)
    return PartialDate.from_date(chosen) if chosen else None


def _after(anchor: date, month: int, day: int) -> PartialDate | None:
    try:
        candidate = date(anchor.year, month, day)
        if candidate < anchor - timedelta(days=60):
            candidate = date(anchor.year + 1, month, day)
    except ValueError:
        return None
    return PartialDate.from_date(candidate)


def _month_alone(month: int, qualifier: str, context: DateContext) -> PartialDate | None:
    """'in June': the latest June up to the report (the first from it on for a future step);
    'last December' is the one before the report's month, 'next June' the one after it."""
    shift = _words()["month_shifts"].get(qualifier)
    published = context.published
    if published is None:
        anchor = context.anchor
        if anchor is None or shift is not None:
            return None
        return PartialDate(anchor.year if month >= anchor.month else anchor.year + 1, month)
    if shift == -1 or (shift is None and context.tense != FUTURE):
        before = month < published.month or (month == published.month and shift is None)
        return PartialDate(published.year if before else published.year - 1, month)
    after = month > published.month or (month == published.month and shift is None)
    return PartialDate(published.year if after else published.year + 1, month)


def _weekday(weekday: int, modifier: str, context: DateContext) -> PartialDate | None:
    """'on Thursday': the latest Thursday on or before the report for a step reported as done
    (the first on or after it for one to come); 'last Thursday' is never the report's own day."""
    published = context.published
    if published is None:
        return _weekday_of_anchor(weekday, modifier, context)
    direction = _words()["weekday_modifiers"].get(modifier, "tense")
    if direction == "tense":
        direction = "on_or_after" if context.tense == FUTURE else "on_or_before"
    if direction in ("on_or_before", "before"):
        back = (published.weekday() - weekday) % 7
        if back == 0 and direction == "before":
            back = 7
        return PartialDate.from_date(published - timedelta(days=back))
    ahead = (weekday - published.weekday()) % 7
    if ahead == 0 and direction == "after":
        ahead = 7
    return PartialDate.from_date(published + timedelta(days=ahead))


def _weekday_of_anchor(weekday: int, modifier: str, context: DateContext) -> PartialDate | None:
    """In an undated article, 'signed on Sunday' is the latest day it writes out when that day is
    a Sunday (a photo caption's full date); any other weekday could lie on either side of it."""
    anchor = context.anchor
    if anchor is None or not context.anchor_is_day or context.tense == FUTURE or \
            _words()["weekday_modifiers"].get(modifier, "tense") != "tense":
        return None  # 'last Sunday' is a week before a Sunday report
    return PartialDate.from_date(anchor) if anchor.weekday() == weekday else None


def _period(shift_word: str, unit: str, context: DateContext) -> PartialDate | None:
    """'last month', 'this year', 'earlier this week': the precision both ends of the period share."""
    published = context.published
    if published is None:
        return None
    shift = _words()["relative_periods"]["shifts"][" ".join(shift_word.split())]
    if unit == "year":
        return PartialDate(published.year + shift)
    if unit == "month":
        index = published.year * 12 + published.month - 1 + shift
        return PartialDate(index // 12, index % 12 + 1)
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=shift)
    last = min(monday + timedelta(days=6), published) if shift == 0 else monday + timedelta(days=6)
    return _common(monday, last)


def _common(first: date, last: date) -> PartialDate | None:
    """The part of a date two days share: their month, their year, or nothing."""
    if (first.year, first.month) == (last.year, last.month):
        return PartialDate(first.year, first.month)
    return PartialDate(first.year) if first.year == last.year else None


def shift_date(base: PartialDate | None, text: str) -> PartialDate | None:
    """A date counted from another in an entry-into-force clause: 'on the first day of the month
    following' the base day is the 1st of the next month, 'the first day of the second month
    after' the one after that, '30 days after' is 30 days on. None when `text` says none of these."""
    if base is None:
        return None
    words = _words()["month_offsets"]
    lowered = " ".join(text.lower().split())
    after = _alt(words["after_words"])
    ordinals = _alt(words["ordinals"])
    match = re.search(rf"\b(?:{_alt(words['first_day'])})\s+(?:day\s+)?of\s+the\s+(?P<ord>{ordinals})\s+"
                      rf"(?:{after})\b", lowered)
    if match:
        months = words["ordinals"][match["ord"]]
        if base.precision < 2:
            return None
        index = base.year * 12 + base.month - 1 + months
        return PartialDate(index // 12, index % 12 + 1, 1)
    offsets = _words()["offsets"]
    number = _alt(offsets["numbers"]) + r"|\d+"
    match = re.search(rf"\b(?P<n>{number})\s+(?P<unit>{_alt(offsets['units'])})\s+(?:{_alt(words['day_counts'])})\b",
                      lowered)
    if match and base.precision == 3:
        days = _count(match["n"]) * offsets["units"][match["unit"]]
        return PartialDate.from_date(base.as_date() + timedelta(days=days))
    return None


def latest_full_date(text: str) -> date | None:
    """The latest day written out in full (with its year) anywhere in the text."""
    found = []
    for span in find_dates(text):
        if span.kind in FULL_KINDS:
            value = resolve(span, DateContext())
            if value and value.precision == 3 and _plausible(value):
                found.append(value.as_date())
    return max(found) if found else None


_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/-]?([01]\d)[/-]?([0-3]\d)(?!\d)")


def publication_date(text: str, url: str | None) -> date | None:
    """The publication date an article states: a dateline or byline near its top, or its URL."""
    lines = [line for line in text.split("\n")[:12] if line.strip()]
    # The first line is a dateline or byline more often than not; then the URL; then the head.
    found = _head_date(lines[:1])
    if found is None and url:
        found = _url_date(url)
    return found or _head_date(lines[1:]) or _dateline_without_year(lines[:4], text)


_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/([01]\d)/")


def url_month_anchor(url: str | None) -> date | None:
    """'.../2022/12/story': published in that month; its first day anchors days without a year."""
    match = _URL_MONTH.search(url or "")
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return date(int(match[1]), int(match[2]), 1)


_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Za-z'.-]+(?:[ -][A-Z][A-Za-z'.-]+)*[,.]\s*(?:[A-Z][a-z]+[,.]\s*)?)?"
                       r"(?P<when>[0-3]?\d\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+[0-3]?\d)\b")


_CITY_DATELINE = re.compile(r"^\s*[A-Z][A-Za-z'.-]+(?:[ -][A-Z][A-Za-z'.-]+)*,\s*(?:[A-Z][a-z]+,\s*)?"
                            r"(?P<when>[0-3]?\d\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+[0-3]?\d)\b(?:,?\s*(?P<year>(?:19|20)\d\d))?")


def dateline_day(text: str, published: date | None) -> date | None:
    """'WASHINGTON, Aug 8 (Agency) -': the day the report was filed where it differs from the
    publication date by the hours between time zones (published on the 9th, filed on the 8th)."""
    if published is None:
        return None
    for line in [line for line in text.split("\n")[:12] if line.strip()][:4]:
        match = _CITY_DATELINE.match(line)
        if not match:
            continue
        value = parse_date(f"{match['when']} {match['year'] or ''}".strip(), published, tense=PAST)
        if value is not None and value.precision == 3 and \
                timedelta(0) <= published - value.as_date() <= TIME_ZONE_SLACK:
            return value.as_date()
        return None
    return None


def _dateline_without_year(lines: list[str], text: str) -> date | None:
    """'TASHKENT, Uzbekistan, February 25.' or '30 Apr. 17:50': the year is the first that puts
    the day on or after every full date the article mentions."""
    anchor = latest_full_date(text)
    if anchor is None:
        return None
    for line in lines:
        match = _DATELINE.match(line)
        if match:
            value = parse_date(match["when"], None, anchor=anchor)
            if value is not None and value.precision == 3:
                return value.as_date()
    return None


_TIME = re.compile(r"\b[0-2]?\d:[0-5]\d\b")


def _head_date(lines: list[str]) -> date | None:
    """The first full date near the start of a line; a line that also gives the time of day
    is the article's own timestamp and wins over a page's 'today' banner."""
    markers = tuple(_words()["update_markers"])
    lines = sorted(lines, key=lambda line: not _TIME.search(line))
    for line in lines:
        if line.strip().lower().startswith(markers):
            continue
        for span in find_dates(line[:120]):
            if span.kind not in FULL_KINDS:
                continue
            value = resolve(span, DateContext())
            if value and value.precision == 3 and _plausible(value) and span.start < 60:
                return value.as_date()
            break
    return None


def _url_date(url: str) -> date | None:
    for match in _URL_DATE.finditer(url):
        try:
            found = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
        if 1990 <= found.year <= date.today().year:
            return found
    return None


def _plausible(value: PartialDate) -> bool:
    return 1990 <= value.year <= date.today().year + 1
