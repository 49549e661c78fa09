"""Date phrases resolved to partial dates against the article's publication date.

A date is never guessed: "on November 21" takes the year of publication (or the
year before when that would put it in the future), and with no publication date
a phrase without a year stays unknown.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from treatywatch.records import PartialDate


@lru_cache(maxsize=1)
def _words() -> dict:
    return json.loads((resources.files("treatywatch") / "data/rules/dates.json").read_text())


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    months = "|".join(sorted(_words()["months"], key=len, reverse=True))
    month = rf"(?P<month>{months})\.?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:1[89]|20)\d\d)"
    return {
        "iso": re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
        "dotted": re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
        "month_day_year": re.compile(rf"\b{month}\s+{day},?\s+{year}\b", re.I),
        "day_month_year": re.compile(rf"\b{day}\s+(?:of\s+)?{month},?\s+{year}\b", re.I),
        "month_year": re.compile(rf"\b{month},?\s+(?:of\s+)?{year}\b", re.I),
        "month_day": re.compile(rf"\b{month}\s+{day}\b(?!\s*(?:,\s*)?(?:1[89]|20)\d\d)", re.I),
        "day_month": re.compile(rf"\b{day}\s+(?:of\s+)?{month}\b(?!,?\s*(?:1[89]|20)\d\d)", re.I),
        "month": re.compile(rf"\b(?:in|since|by|during|until|early|late|mid-?|end of|beginning of)\s+"
                            rf"(?P<month>{months})\b(?!\.?\s*\d)", re.I),
        "year": re.compile(rf"(?:\b(?:in|of|since|year)\s+|^){year}\b", re.I),
    }


def parse_date(text: str, published: date | None, *, anchor: date | None = None) -> PartialDate | None:
    """The date a phrase names, as precisely as it names it; None if it cannot be resolved.

    `anchor`, used when the publication date is unknown, is the latest full date the article
    writes out: a day without a year is then taken on or after it (the article is later).
    """
    text = " ".join(text.split())
    words = _words()
    pats = _patterns()
    for name in ("iso", "dotted", "month_day_year", "day_month_year"):
        if match := pats[name].search(text):
            return _make(match, words)
    for name in ("month_day", "day_month"):
        if match := pats[name].search(text):
            month = words["months"][match["month"].lower().rstrip(".")]
            return day_without_year(month, int(match["day"]), published, anchor)
    if match := pats["month_year"].search(text):
        return _make(match, words)
    if (match := pats["month"].search(text)) and match["month"] != "may":
        # "in June": the latest June up to publication (or, without it, from the anchor on)
        month = words["months"][match["month"].lower().rstrip(".")]
        if published is not None:
            return PartialDate(published.year if month <= published.month else published.year - 1, month)
        if anchor is not None:
            return PartialDate(anchor.year if month >= anchor.month else anchor.year + 1, month)
        return None
    lowered = text.lower()
    for phrase, offset in words["relative_days"].items():
        if re.search(rf"\b{phrase}\b", lowered):
            return PartialDate.from_date(published + timedelta(days=offset)) if published else None
    for name, weekday in words["weekdays"].items():
        if re.search(rf"\b{name}\b", lowered):
            if published is None:
                return None
            # News reports a weekday of the current week: the latest such day up to publication.
            back = (published.weekday() - weekday) % 7
            return PartialDate.from_date(published - timedelta(days=back))
    if match := pats["year"].search(text):
        return PartialDate(int(match["year"]))
    return None


def offset_days(text: str) -> int | None:
    """Days a phrase counts from the date given before it: 'four days later' is 4,
    'the day before' is -1; None when the phrase is not such a count."""
    words = _words()["offsets"]
    lowered = " ".join(text.lower().split())
    for phrase, days in words["phrases"].items():
        if re.search(rf"\b{phrase}\b", lowered):
            return days
    number = "|".join([r"\d+", *words["numbers"]])
    match = re.search(rf"\b({number})\s+({'|'.join(words['units'])})\s+({'|'.join(words['directions'])})\b", lowered)
    if match is None:
        return None
    count = int(match[1]) if match[1].isdigit() else words["numbers"][match[1]]
    return count * words["units"][match[2]] * words["directions"][match[3]]


def _make(match: re.Match[str], words: dict) -> PartialDate | None:
    groups = match.groupdict()
    month = groups.get("mnum") and int(groups["mnum"])
    if groups.get("month"):
        month = words["months"][groups["month"].lower().rstrip(".")]
    try:
        return PartialDate.parse(
            f"{int(groups['year']):04d}" + (f"-{month:02d}" if month else "")
            + (f"-{int(groups['day']):02d}" if month and groups.get("day") else ""))
    except ValueError:
        return None


def day_without_year(month: int, day: int, published: date | None, anchor: date | None) -> PartialDate | None:
    """'on November 21': the year of publication (or the one before, for a day that would be
    in the future); without a publication date, the first year on or after `anchor`; else unknown."""
    if published is not None:
        return _with_year(published, month, day)
    return _after(anchor, month, day) if anchor else None


def _with_year(published: date, month: int, day: int) -> PartialDate | None:
    year = published.year
    try:
        candidate = date(year, month, day)
        if candidate > published + timedelta(days=45):
            candidate = date(year - 1, month, day)
    except ValueError:
        return None
    return PartialDate.from_date(candidate)


def _after(anchor: date, month: int, day: int) -> PartialDate | None:
    try:
        candidate = date(anchor.year, month, day)
        if candidate < anchor - timedelta(days=60):
            candidate = date(anchor.year + 1, month, day)
    except ValueError:
        return None
    return PartialDate.from_date(candidate)


def latest_full_date(text: str) -> date | None:
    """The latest day written out in full (with its year) anywhere in the text."""
    found = []
    for name in ("iso", "month_day_year", "day_month_year"):
        for match in _patterns()[name].finditer(text):
            value = _make(match, _words())
            if value and value.precision == 3 and _plausible(value):
                found.append(date(value.year, value.month, value.day))
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
                return date(value.year, value.month, value.day)
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
        found = parse_date(line[:120], None)
        if found and found.precision == 3 and _plausible(found):
            start = _first_date_offset(line)
            if start is not None and start < 60:
                return date(found.year, found.month, found.day)
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


def _first_date_offset(line: str) -> int | None:
    starts = [m.start() for name in ("iso", "dotted", "month_day_year", "day_month_year")
              if (m := _patterns()[name].search(line))]
    return min(starts) if starts else None


def _plausible(value: PartialDate) -> bool:
    return 1990 <= value.year <= date.today().year + 1
