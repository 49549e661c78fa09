"""The date-resolution table: one time expression, what it is resolved against, the date it names.

Each row is (text, published, context, expected). `context` is a dict of DateContext fields
beyond the publication date: `tense` ("past", "future"), `anchor` (the latest full date of an
undated article) and `previous` (the last day written before, for counts of days). `expected`
is the partial date as FORMAT.md writes it, or None where the text does not say enough.
Written for this project; no row comes from a corpus article.
"""

from __future__ import annotations

from datetime import date

import pytest

from treatywatch.extract.dates import (DateContext, dateline_day, find_dates, latest_full_date, parse_date, resolve,
                                       shift_date, shift_yearless, yearless_day)
from treatywatch.records import PartialDate

WED = date(2024, 3, 6)        # a Wednesday
NEW_YEAR = date(2025, 1, 3)   # a Friday, just after a new year
MONDAY = date(2023, 10, 2)    # a Monday
LEAP = date(2024, 3, 1)       # a Friday after a 29 February
PAST, FUTURE = {"tense": "past"}, {"tense": "future"}


def _context(published, extra):
    extra = dict(extra or {})
    if "previous" in extra:
        extra["previous"] = PartialDate.parse(extra["previous"])
    return DateContext(published=published, **extra)


TABLE = [
    # absolute days, months, years, in many spellings
    ("signed on December 5, 2019", WED, None, "2019-12-05"),
    ("on 5 December 2019", WED, None, "2019-12-05"),
    ("on the 5th of December, 2019", WED, None, "2019-12-05"),
    ("Dec. 5th, 2019", WED, None, "2019-12-05"),
    ("DECEMBER 5, 2019", WED, None, "2019-12-05"),
    ("Thursday, December 5, 2019", WED, None, "2019-12-05"),
    ("5.12.2019", WED, None, "2019-12-05"),
    ("05.12.2019", WED, None, "2019-12-05"),
    ("2019-12-05", WED, None, "2019-12-05"),
    ("25/12/2019", WED, None, "2019-12-25"),
    ("12/25/2019", WED, None, "2019-12-25"),
    ("05/12/2019", WED, None, "2019"),            # day and month cannot be told apart
    ("31.02.2019", WED, None, None),              # no such day
    ("in December 2019", WED, None, "2019-12"),
    ("Sept. 2021", WED, None, "2021-09"),
    ("in December of 2019", WED, None, "2019-12"),
    ("in 1997", WED, None, "1997"),
    ("since 2012", WED, None, "2012"),
    ("mid-2019", WED, None, "2019"),
    ("in the 1990s", WED, None, None),
    ("in 2019-2021", WED, None, None),
    # days without a year: never in the future of the report for a step that happened
    ("on 5 December", WED, PAST, "2023-12-05"),
    ("on December 5", WED, PAST, "2023-12-05"),
    ("on Dec. 5th", WED, PAST, "2023-12-05"),
    ("on 4 March", WED, PAST, "2024-03-04"),
    ("on 6 March", WED, PAST, "2024-03-06"),
    ("on 7 March", WED, PAST, "2024-03-07"),       # a day ahead: another time zone
    ("on 8 March", WED, PAST, "2023-03-08"),
    ("on 20 March", WED, None, "2024-03-20"),      # no tense: a few weeks ahead may be meant
    ("on 20 March", WED, FUTURE, "2024-03-20"),
    ("on 20 February", WED, FUTURE, "2025-02-20"),  # future: looks forward only
    ("on 30 December", NEW_YEAR, PAST, "2024-12-30"),  # across the new year
    ("on 2 January", NEW_YEAR, PAST, "2025-01-02"),
    ("on 10 January", NEW_YEAR, PAST, "2024-01-10"),
    ("on 10 January", NEW_YEAR, FUTURE, "2025-01-10"),
    ("on 29 February", LEAP, PAST, "2024-02-29"),
    ("on 29 February", date(2025, 3, 10), PAST, "2024-02-29"),
    ("on 21 November", None, None, None),           # nothing to take a year from
    ("on 21 November", None, {"anchor": date(2022, 11, 10)}, "2022-11-21"),
    ("on 3 January", None, {"anchor": date(2022, 12, 20)}, "2023-01-03"),
    # ranges keep what their days share
    ("on 5-7 December 2019", WED, None, "2019-12"),
    ("December 5-7, 2019", WED, None, "2019-12"),
    ("between 12 and 14 March 2018", WED, None, "2018-03"),
    ("on 12-13 February", WED, PAST, "2024-02"),
    # months alone
    ("in June", date(2024, 12, 4), None, "2024-06"),
    ("in December", WED, None, "2023-12"),
    ("in March", WED, None, "2024-03"),
    ("last March", WED, None, "2023-03"),
    ("last December", WED, None, "2023-12"),
    ("in June", WED, FUTURE, "2024-06"),
    ("next January", WED, None, "2025-01"),
    ("in late November", WED, None, "2023-11"),
    ("in June", None, None, None),
    ("the signing may follow", WED, None, None),   # 'may' is no month
    # weekdays: the latest such day on or before the report for a step that happened
    ("on Thursday", WED, PAST, "2024-02-29"),
    ("on Monday", WED, PAST, "2024-03-04"),
    ("on Wednesday", WED, PAST, "2024-03-06"),
    ("last Wednesday", WED, PAST, "2024-02-28"),
    ("on Friday", WED, FUTURE, "2024-03-08"),
    ("next Wednesday", WED, None, "2024-03-13"),
    ("on Sunday", MONDAY, PAST, "2023-10-01"),
    ("on Thursday night", NEW_YEAR, PAST, "2025-01-02"),
    ("on Tuesday", NEW_YEAR, PAST, "2024-12-31"),
    ("on Friday", None, PAST, None),
    # an undated article whose latest written day (a caption's) is that weekday
    ("on Sunday", None, {"tense": "past", "anchor": date(2024, 4, 14), "anchor_is_day": True}, "2024-04-14"),
    ("on Saturday", None, {"tense": "past", "anchor": date(2024, 4, 14), "anchor_is_day": True}, None),
    ("last Sunday", None, {"tense": "past", "anchor": date(2024, 4, 14), "anchor_is_day": True}, None),
    ("on Sunday", None, {"tense": "future", "anchor": date(2024, 4, 14), "anchor_is_day": True}, None),
    ("on Wednesday", None, {"tense": "past", "anchor": date(2024, 5, 1)}, None),   # a URL's month, not a day
    # days relative to the report
    ("today", WED, None, "2024-03-06"),
    ("yesterday", WED, None, "2024-03-05"),
    ("late last night", WED, None, "2024-03-05"),
    ("the day before yesterday", WED, None, "2024-03-04"),
    ("tomorrow", NEW_YEAR, None, "2025-01-04"),
    ("three days ago", WED, None, "2024-03-03"),
    ("two weeks ago", NEW_YEAR, None, "2024-12-20"),
    ("yesterday", None, None, None),
    # periods relative to the report
    ("last month", WED, None, "2024-02"),
    ("last month", NEW_YEAR, None, "2024-12"),
    ("earlier this month", WED, None, "2024-03"),
    ("last week", WED, None, "2024"),              # 26 February - 3 March: one month and the next
    ("last week", date(2024, 3, 20), None, "2024-03"),
    ("last week", NEW_YEAR, None, "2024-12"),      # 23-29 December
    ("last week", date(2025, 1, 8), None, None),   # 30 December - 5 January: not even a year
    ("last year", WED, None, "2023"),
    ("earlier this year", WED, None, "2024"),
    ("next year", WED, None, "2025"),
    # counts of days from the last day written
    ("four days later", WED, {"previous": "2024-02-27"}, "2024-03-02"),
    ("the next day", WED, {"previous": "2024-02-28"}, "2024-02-29"),
    ("the following day", NEW_YEAR, {"previous": "2024-12-31"}, "2025-01-01"),
    ("a week later", WED, {"previous": "2024-02-20"}, "2024-02-27"),
    ("the day before", WED, {"previous": "2024-03-01"}, "2024-02-29"),
    ("two days earlier", WED, {"previous": "2024-03-01"}, "2024-02-28"),
    ("the same day", WED, {"previous": "2024-02-11"}, "2024-02-11"),
    ("four days later", WED, None, None),          # nothing to count from
    ("four days later", WED, {"previous": "2024-02"}, None),
    # things that are no dates
    ("every 10 years", WED, None, None),
    ("the 21st century", WED, None, None),
    ("voted 338-0 in favour", WED, None, None),
    ("a 10-year agreement", WED, None, None),
]


@pytest.mark.parametrize("text, published, context, expected", TABLE,
                         ids=[f"{i:03d}-{row[0][:30]}" for i, row in enumerate(TABLE)])
def test_date_table(text, published, context, expected):
    found = find_dates(text)
    value = resolve(found[0], _context(published, context)) if found else None
    assert (str(value) if value else None) == expected


def test_the_table_is_large_enough():
    assert len(TABLE) >= 60


@pytest.mark.parametrize("text, expected", [
    ("The pact signed on 3 May entered into force on 1 June.", ["3 May", "1 June"]),
    ("Talks in mid-May, a vote on Tuesday and the decree four days later.",
     ["mid-May", "on Tuesday", "four days later"]),
    ("The accord of 5.12.2019 lapsed in 2021.", ["5.12.2019", "in 2021"]),
    # a weekday before a full date: the longer expression wins over 'On Tuesday' that starts first
    ("On Tuesday 9 April 2024, the envoys met and on Friday they signed.",
     ["Tuesday 9 April 2024", "on Friday"]),
    ("The ministers initialled it on Monday, March 4, 2019 in the capital.", ["Monday, March 4, 2019"]),
])
def test_find_dates_returns_every_expression_in_order(text, expected):
    assert [d.text for d in find_dates(text)] == expected


@pytest.mark.parametrize("base, text, expected", [
    ("2024-05-20", "on the first day of the month following the last notification", "2024-06-01"),
    ("2024-12-20", "on the first day of the month after the exchange of notes", "2025-01-01"),
    ("2024-05-20", "on the first day of the second month following receipt", "2024-07-01"),
    ("2024-05-20", "30 days after the exchange of instruments", "2024-06-19"),
    ("2024-05", "30 days after the exchange of instruments", None),
    ("2024-05-20", "upon signature", None),
])
def test_shift_date(base, text, expected):
    value = shift_date(PartialDate.parse(base), text)
    assert (str(value) if value else None) == expected


def test_parse_date_reads_a_bare_year_entity():
    assert str(parse_date("2012", None)) == "2012"


@pytest.mark.parametrize("text, expected", [
    ("ratified on 14 November", "11-14"),
    ("signed Aug. 5th", "08-05"),
    ("on February 29", "02-29"),
    ("on 5-7 December", None),        # one of three days
    ("on 14 November 2023", None),     # the year is written
    ("on June 31", None),
    ("on Thursday", None),
])
def test_yearless_day_is_kept_for_the_merge(text, expected):
    [span] = find_dates(text)
    assert yearless_day(span) == expected


@pytest.mark.parametrize("day, text, expected", [
    ("11-14", "four days later", "11-18"),
    ("12-31", "the next day", "01-01"),
    ("02-27", "two days later", None),   # 1 March or 29 February, by the year
    ("05-01", "in May", None),           # no count of days
])
def test_shift_yearless(day, text, expected):
    assert shift_yearless(day, text) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("WASHINGTON, Aug 8 (Wire) - The ministers met.", date(2025, 8, 9), "2025-08-08"),   # filed a time zone earlier
    ("Headline\n\nTASHKENT, 24 December 2024 - The talks ended.", date(2024, 12, 25), "2024-12-24"),
    ("WASHINGTON, Aug 9 (Wire) - The ministers met.", date(2025, 8, 9), "2025-08-09"),
    ("WASHINGTON, Aug 3 (Wire) - The ministers met.", date(2025, 8, 9), None),         # a week off: no dateline of this report
    ("The ministers met in Washington on Aug 8.", date(2025, 8, 9), None),
    ("WASHINGTON, Aug 8 (Wire) - The ministers met.", None, None),
])
def test_dateline_day(text, published, expected):
    value = dateline_day(text, published)
    assert (str(value) if value else None) == expected


def test_a_weekday_before_a_full_date_anchors_the_article_on_that_day():
    text = "On Tuesday 9 April 2024, the envoys met in the capital."
    assert latest_full_date(text) == date(2024, 4, 9)


@pytest.mark.parametrize("text", [
    "Ministers met again on the sidelines of the summit and said little afterwards.",
    "The accord was signed on 3 March 2021 and ratified in May.",
    "Talks resume next Thursday, two weeks after the last round, officials said.",
    "The pact of 14.06.2019 expired last year; a new one is due by the end of SEPTEMBER.",
])
def test_skipping_the_patterns_a_text_cannot_match_finds_what_every_pattern_finds(text):
    from treatywatch.extract.dates import _patterns
    everything = sorted((m.start(), m.end(), kind) for kind, p in _patterns() for m in p.finditer(text)
                        if m.end() > m.start())
    found = {(d.start, d.end, d.kind) for d in find_dates(text)}
    assert found <= set(everything) and all(any(s < d[1] and d[0] < e for d in found) for s, e, _k in everything)
