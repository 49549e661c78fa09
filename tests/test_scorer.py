"""The scorer's matching rules on hand-made records."""

from __future__ import annotations

from treatywatch.evaluate import score


def record(events):
    return {"id": "p1", "title": "Treaty on Fisheries", "kind": "treaty", "parties": ["CHL", "PER"],
            "events": events, "provisions": {}, "articles": ["a1"]}


def test_an_exact_date_is_matched_before_a_vaguer_gold_date_takes_it():
    gold = record([
        {"kind": "ratified", "party": "CHL", "date": "2024-05"},
        {"kind": "ratified", "party": "CHL", "date": "2024-05-20"},
    ]) | {"id": "g1"}
    predicted = record([{"kind": "ratified", "party": "CHL", "date": "2024-05-20", "articles": ["a1"]}])
    report = score([predicted], [gold], [{"id": "a1", "agreements": ["g1"]}])
    assert (report.events.tp, report.events.fn, report.events.fp) == (1, 1, 0)
    assert report.misses == ["g1: event missed ratified CHL 2024-05"]


def test_a_precise_prediction_matches_a_vaguer_gold_date():
    gold = record([{"kind": "signed", "party": None, "date": "2024-05"}]) | {"id": "g1"}
    predicted = record([{"kind": "signed", "party": None, "date": "2024-05-02", "articles": ["a1"]}])
    report = score([predicted], [gold], [{"id": "a1", "agreements": ["g1"]}])
    assert (report.events.tp, report.events.fn, report.events.fp) == (1, 0, 0)


def test_evaluate_fails_when_articles_fail_to_extract(tmp_path, monkeypatch):
    """A bug in extraction must not pass for a low score."""
    import json as _json

    from treatywatch.errors import TreatywatchError
    from treatywatch.evaluate import evaluate_corpus
    from treatywatch.extract import article

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a1.txt").write_text("Chile and Peru signed the Treaty on Andean Water Sharing on 3 March 2025.")
    (tmp_path / "articles.jsonl").write_text(_json.dumps({"id": "a1", "agreements": []}) + "\n")
    (tmp_path / "agreements.jsonl").write_text("")

    def broken(doc, art):
        raise NameError("a typo")

    monkeypatch.setattr(article, "extract", broken)
    import pytest
    with pytest.raises(TreatywatchError, match="failed to extract"):
        evaluate_corpus(tmp_path)
