"""Steps merged across articles: one event per step, the best supported date, disagreements
flagged. Articles written for these tests (invented agreements between real states)."""

from __future__ import annotations

from datetime import date

from treatywatch.records import (Article, ArticleFacts, AgreementKind, AgreementMention, EventFact, EventKind,
                                 Evidence, PartialDate)
from treatywatch.resolve.merge import merge


def _facts(article_id: str, published: str, events: list[tuple]) -> ArticleFacts:
    """One article's facts: the Tonga-Samoa fisheries treaty and `events` (kind, party, body, date, inferred)."""
    article = Article(id=article_id, text="x" * 200, published=date.fromisoformat(published))
    mention = AgreementMention(ref="m0", title="Treaty on Fisheries between Tonga and Samoa", kind=AgreementKind.TREATY,
                               subject="fisheries", parties=("TON", "WSM"), background=False,
                               evidence=[Evidence(article_id, 0, 10, "the treaty")])
    facts = [EventFact(EventKind(kind), "m0", PartialDate.parse(when) if when else None, None, party, body,
                       Evidence(article_id, 20 + 10 * i, 29 + 10 * i, f"step {i}"), inferred)
             for i, (kind, party, body, when, inferred) in enumerate(events)]
    return ArticleFacts(article=article, published=article.published, agreements=[mention], events=facts)


def _steps(facts: list[ArticleFacts]) -> list[tuple]:
    [agreement], _ = merge(facts)
    return [(e.kind.value, e.party, str(e.date) if e.date else None) for e in agreement.events]


def test_a_lead_s_publication_day_joins_the_written_step_before_it():
    steps = _steps([
        _facts("a1", "2024-02-15", [("ratified", "TON", "Parliament", "2024-02-14", False)]),
        _facts("a2", "2024-02-29", [("ratified", "TON", None, "2024-02-29", True)]),
    ])
    assert steps == [("ratified", "TON", "2024-02-14")]


def test_a_publication_day_with_another_body_is_a_step_of_its_own():
    steps = _steps([
        _facts("a1", "2024-02-15", [("ratified", "TON", "Parliament", "2024-02-14", False)]),
        _facts("a2", "2024-02-29", [("ratified", "TON", "King", "2024-02-29", True)]),
    ])
    assert steps == [("ratified", "TON", "2024-02-14"), ("ratified", "TON", "2024-02-29")]


def test_proposals_months_apart_are_two_stages():
    steps = _steps([
        _facts("a1", "2024-03-13", [("proposed", None, None, "2024-03-13", True)]),
        _facts("a2", "2024-03-18", [("proposed", None, None, "2024-03", False)]),
        _facts("a3", "2024-08-08", [("proposed", None, None, "2024-08-08", True)]),
    ])
    assert steps == [("proposed", None, "2024-03-13"), ("proposed", None, "2024-08-08")]


def test_only_publication_days_give_the_earliest_report():
    steps = _steps([
        _facts("a1", "2024-04-23", [("terminated", "TON", None, "2024-04-23", True)]),
        _facts("a2", "2024-05-03", [("terminated", "TON", None, "2024-05-03", True)]),
    ])
    assert steps == [("terminated", "TON", "2024-04-23")]


def test_a_written_date_outweighs_publication_days():
    steps = _steps([
        _facts("a1", "2024-05-06", [("signed", None, None, "2024-05-06", True)]),
        _facts("a2", "2024-05-07", [("signed", None, None, "2024-05-03", False)]),
    ])
    assert steps == [("signed", None, "2024-05-03")]


def test_a_partyless_step_goes_to_the_party_dated_nearest_in_its_article():
    steps = _steps([
        _facts("a1", "2024-02-27", [("ratified", "WSM", "Government", "2012", False),
                                    ("ratified", "TON", None, None, False),
                                    ("ratified", None, "National Parliament", "2024-02-14", False)]),
    ])
    assert ("ratified", "TON", "2024-02-14") in steps and ("ratified", "WSM", "2012") in steps


def test_sources_that_disagree_on_the_signing_day_are_a_conflict(tmp_path):
    from tests.conftest import ingested_store

    store = ingested_store(tmp_path, {
        "one": "NUKU'ALOFA, 6 May 2024 - Tonga and Samoa signed the Treaty on Fisheries between Tonga and Samoa "
               "on 3 May 2024 in Apia, the foreign ministry said.\n\nThe treaty sets shared catch limits for tuna.",
        "two": "APIA, 8 May 2024 - Ministers of Samoa and Tonga put their names to the Treaty on Fisheries between "
               "Tonga and Samoa. The Treaty on Fisheries between Tonga and Samoa was signed on 5 May 2024, "
               "officials in Apia confirmed on Wednesday.\n\nFishing crews welcomed the news.",
    })
    try:
        records, _ = store.query()
        [record] = [r for r in records if "Fisheries" in r["title"]]
        assert [e["kind"] for e in record["events"]].count("signed") == 1
        dates = [c for c in record["conflicts"] if c["kind"] == "date"]
        assert dates and dates[0]["field"] == "events.signed.date"
        assert sorted(v["value"] for v in dates[0]["values"]) == ["2024-05-03", "2024-05-05"]
    finally:
        store.close()


def _undated(article_id: str, kind: str, party: str | None, day: str) -> ArticleFacts:
    """An article without a publication date that writes a step's day without its year."""
    facts = _facts(article_id, "2000-01-01", [])
    step = EventFact(EventKind(kind), "m0", None, None, party, None, Evidence(article_id, 20, 29, "step"),
                     yearless_day=day)
    return ArticleFacts(article=facts.article, published=None, agreements=facts.agreements, events=[step])


def test_a_day_without_a_year_takes_the_year_of_the_other_steps():
    steps = _steps([
        _facts("a1", "2024-03-20", [("signed", None, None, "2024-03-18", False)]),
        _undated("a2", "ratified", "TON", "05-02"),
    ])
    assert steps == [("signed", None, "2024-03-18"), ("ratified", "TON", "2024-05-02")]


def test_a_step_after_the_signing_is_not_placed_before_it():
    # 10 January after a December signing: the next year, not the same one
    steps = _steps([
        _facts("a1", "2023-12-13", [("signed", None, None, "2023-12-12", False)]),
        _undated("a2", "ratified", "WSM", "01-10"),
    ])
    assert ("ratified", "WSM", "2024-01-10") in steps


def test_a_day_far_from_every_dated_step_stays_without_a_date():
    steps = _steps([
        _facts("a1", "2024-03-20", [("signed", None, None, "2024-03-18", False)]),
        _undated("a2", "in_force", None, "11-01"),
    ])
    assert ("in_force", None, None) in steps


def test_a_state_s_later_accession_is_a_signing_of_its_own():
    steps = _steps([
        _facts("a1", "2022-07-22", [("signed", None, None, "2022-07-21", False)]),
        _facts("a2", "2025-08-28", [("signed", "TON", None, "2025-08-28", True),
                                    ("signed", None, None, "2022-07-21", False)]),
    ])
    assert steps == [("signed", None, "2022-07-21"), ("signed", "TON", "2025-08-28")]


def test_a_chamber_s_vote_told_by_its_month_is_no_part_of_the_president_s_day():
    steps = _steps([
        _facts("a1", "2024-05-21", [("ratified", "TON", "King", "2024-05-20", False),
                                    ("ratified", None, None, None, False),
                                    ("ratified", None, "Parliament", "2024-05", False)]),
    ])
    assert steps == [("ratified", "TON", "2024-05"), ("ratified", "TON", "2024-05-20")]


def test_a_report_s_own_day_breaks_a_tie_between_written_dates():
    steps = _steps([
        _facts("a1", "2024-07-01", [("signed", None, None, "2024-06-27", False)]),
        _facts("a2", "2024-12-04", [("signed", None, None, "2024-12-04", False),
                                    ("signed", None, None, "2024-12-04", True)]),
    ])
    assert steps == [("signed", None, "2024-12-04")]
