"""Date phrases resolved against the publication date; nothing guessed."""

from __future__ import annotations

from datetime import date

import pytest

from treatywatch.extract.dates import parse_date, publication_date

PUBLISHED = date(2024, 3, 6)  # a Wednesday


@pytest.mark.parametrize("text, published, expected", [
    ("December 25, 2022", PUBLISHED, "2022-12-25"),
    ("4 May 2023", PUBLISHED, "2023-05-04"),
    ("13.01.1993", PUBLISHED, "1993-01-13"),
    ("April 19th, 2024", PUBLISHED, "2024-04-19"),
    ("May 2023", PUBLISHED, "2023-05"),
    ("in 1997", PUBLISHED, "1997"),
    ("on February 21", PUBLISHED, "2024-02-21"),
    ("Dec. 6", PUBLISHED, "2023-12-06"),     # later than publication: last year's
    ("on Monday", PUBLISHED, "2024-03-04"),
    ("Wednesday", PUBLISHED, "2024-03-06"),
    ("today", PUBLISHED, "2024-03-06"),
    ("yesterday", PUBLISHED, "2024-03-05"),
    ("on February 21", None, None),          # no year and no publication date: unknown
    ("on Friday", None, None),
    ("every 10 years", PUBLISHED, None),
    ("the 21st century", PUBLISHED, None),
])
def test_parse_date(text, published, expected):
    value = parse_date(text, published)
    assert (str(value) if value else None) == expected


@pytest.mark.parametrize("text, url, expected", [
    (" date 2025-02-26 The upper house voted.", None, date(2025, 2, 26)),
    ("Last update: March 29, 2024 01:04\n\nHeadline\n\nBy A. Writer December 25, 2022\n\nBody.", None, date(2022, 12, 25)),
    ("Headline\nBody without dates.", "https://example.org/2024/05/21/story", date(2024, 5, 21)),
    ("Headline\nBody without dates.", "https://example.org/news/12345", None),
])
def test_publication_date(text, url, expected):
    assert publication_date(text, url) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://news.example.org/2022/12/presidents-sign-laws", date(2022, 12, 1)),
    ("https://news.example.org/world/presidents-sign-laws", None),
    ("https://news.example.org/2022/13/x", None),
])
def test_url_month_anchor(url, expected):
    from treatywatch.extract.dates import url_month_anchor
    assert url_month_anchor(url) == expected


def test_day_without_year_takes_the_url_month(facts_of):
    from treatywatch.extract.article import extract_all
    from treatywatch.records import Article
    text = "On November 29, in Lima, the president of Peru signed the law ratifying the border treaty with Ecuador."
    [facts] = extract_all([Article(id="u1", text=text, url="https://news.example.org/2022/12/laws")])
    assert [(e.kind.value, e.party, str(e.date)) for e in facts.events] == [("ratified", "PER", "2022-11-29")]


def test_a_month_alone_is_the_latest_such_month():
    from datetime import date
    from treatywatch.extract.dates import parse_date
    assert str(parse_date("in June", date(2024, 12, 4))) == "2024-06"
    assert str(parse_date("in December", date(2024, 3, 4))) == "2023-12"
    assert parse_date("in June", None) is None
