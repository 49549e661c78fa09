"""Storage and merging: idempotent ingest, updates from later articles, stable ids, bad URLs."""

from __future__ import annotations

import json
import sys

import pytest

from treatywatch.errors import MissingExtra, NotFound, StoreError, TreatywatchError
from treatywatch.jobs import Fresh, IngestReport, ingest
from treatywatch.records import Article, ArticleFacts
from treatywatch.store.repo import Store

SIGNING = ("ULAANBAATAR, May 14, 2024 - The presidents of Mongolia and Kazakhstan signed the Treaty on "
           "Strategic Partnership between Mongolia and the Republic of Kazakhstan in Ulaanbaatar on Tuesday.\n\n"
           "The treaty commits both states to cooperation in trade, investment and energy projects.")
RATIFICATION = ("ASTANA, September 3, 2024 - Kazakhstan's Senate ratified the Treaty on Strategic Partnership "
                "with Mongolia on Monday, the document signed in Ulaanbaatar on May 14.")
OTHER = ("HANOI, June 2, 2024 - Vietnam and Laos signed an agreement on the demarcation of their common border "
         "in Hanoi on Sunday.")


def write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(text)
    return folder / f"{name}.txt"


def test_ingesting_twice_changes_nothing(any_store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    first = ingest(any_store, [str(tmp_path / "in")])
    before = any_store.query()[0]
    second = ingest(any_store, [str(tmp_path / "in")])
    assert (first.extracted, first.created) == (1, 1)
    assert (second.read, second.duplicates, second.extracted, second.created, second.updated) == (1, 1, 0, 0, 0)
    assert any_store.query()[0] == before


def test_later_ratification_updates_the_same_agreement(any_store, tmp_path):
    write(tmp_path / "jan", "a1", SIGNING)
    ingest(any_store, [str(tmp_path / "jan")])
    [before] = any_store.query()[0]
    write(tmp_path / "sep", "a2", RATIFICATION)
    report = ingest(any_store, [str(tmp_path / "sep")])
    [after] = any_store.query()[0]
    assert after["id"] == before["id"] and report.updated == 1 and report.created == 0
    assert after["articles"] == ["a1", "a2"]
    kinds = {(e["kind"], e["party"], e["date"]) for e in after["events"]}
    assert ("signed", None, "2024-05-14") in kinds
    assert ("ratified", "KAZ", "2024-09-02") in kinds
    assert after["status"] == "ratified"
    assert after["provisions"].get("economic_cooperation") is True


def test_different_agreements_stay_apart_and_filter(any_store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    write(tmp_path / "in", "a3", OTHER)
    ingest(any_store, [str(tmp_path / "in")])
    records, total = any_store.query()
    assert total == 2
    assert [r["parties"] for r in any_store.query(party="LAO")[0]] == [["LAO", "VNM"]]
    assert any_store.query(party="lao")[1] == 1
    assert any_store.query(kind="treaty")[1] == 1
    assert any_store.query(status="signed")[1] == 2


def test_same_text_under_another_id_is_a_duplicate(any_store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    write(tmp_path / "in", "copy", SIGNING)
    report = ingest(any_store, [str(tmp_path / "in")])
    assert (report.read, report.duplicates, report.extracted) == (2, 1, 1)


def test_one_bad_file_does_not_stop_the_others(any_store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x00binary")
    report = ingest(any_store, [str(tmp_path / "in"), str(tmp_path / "missing")])
    assert report.extracted == 1
    assert sorted(f.reason for f in report.failures) == ["binary file, not text", "no such file or folder"]


def test_unknown_id_is_not_found(any_store):
    with pytest.raises(NotFound):
        any_store.get_agreement("nope")


@pytest.mark.parametrize("url", ["notaurl://x", "sqlite:////nonexistent-folder/x/y.db", "postgresql://u@127.0.0.1:1/x"])
def test_database_that_cannot_be_opened(url):
    with pytest.raises(StoreError, match="database"):
        Store(url)


def test_records_follow_the_export_format(any_store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    ingest(any_store, [str(tmp_path / "in")])
    [record] = any_store.query()[0]
    assert set(record) >= {"id", "title", "kind", "parties", "events", "provisions", "articles", "evidence"}
    event = record["events"][0]
    assert set(event) >= {"kind", "date", "place", "party", "articles"}
    quote = record["evidence"]["events"][0][0]
    article_text = any_store.get_article("a1")["text"]
    assert article_text[quote["start"]:quote["end"]].strip() == quote["quote"]
    json.dumps(record)  # plain JSON all the way down


def test_changed_text_under_the_same_id_replaces_the_article(any_store, tmp_path):
    write(tmp_path / "v1", "a1", SIGNING)
    ingest(any_store, [str(tmp_path / "v1")])
    write(tmp_path / "v2", "a1", OTHER)
    report = ingest(any_store, [str(tmp_path / "v2")])
    assert report.extracted == 1 and any_store.article_count() == 1
    assert any_store.get_article("a1")["text"] == OTHER
    assert [r["parties"] for r in any_store.query()[0]] == [["LAO", "VNM"]]


@pytest.mark.parametrize("url", ["postgresql://u:s3cret-pw@127.0.0.1:1/x", "postgresql://u:s3cret-pw@127.0.0.1:bad/x",
                                 "postgresql+psycopg://u:s3cret-pw@/x?host=/nonexistent-folder"])
def test_hardening_store_errors_hide_the_password(url):
    with pytest.raises(TreatywatchError) as caught:
        Store(url)
    assert "s3cret-pw" not in str(caught.value)


@pytest.mark.parametrize("url", ["postgresql://u@127.0.0.1:1/x", "postgresql+psycopg://u@127.0.0.1:1/x"])
def test_hardening_postgresql_without_its_driver_says_which_extra(url, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed: importing it fails
    with pytest.raises(MissingExtra, match=r"pip install 'treatywatch\[postgres\]'"):
        Store(url)


def test_hardening_cli_names_the_postgres_extra(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    code, _, err = cli("agreements", "--db", "postgresql://u:s3cret-pw@127.0.0.1:1/x")
    assert code == 1 and err.strip() == "error: The PostgreSQL driver (psycopg) is missing: pip install 'treatywatch[postgres]'"


def test_one_batch_stores_an_id_given_twice_once_with_its_later_text(any_store):
    first, second = Article("a1", SIGNING), Article("a2", OTHER)
    later = Article("a1", RATIFICATION)
    any_store.save_many([ArticleFacts(first, None), ArticleFacts(second, None), ArticleFacts(later, None)])
    assert any_store.article_count() == 2
    assert any_store.get_article("a1")["text"] == RATIFICATION
    assert any_store.get_article("a2")["text"] == OTHER
    assert any_store.stale()
    any_store.save_many([ArticleFacts(Article("a2", SIGNING), None)])  # an id stored before: replaced
    assert any_store.get_article("a2")["text"] == SIGNING and any_store.article_count() == 2


def test_fresh_articles_looked_up_in_a_batch_are_those_asked_for_one_by_one(any_store):
    any_store.save_many([ArticleFacts(Article("kept", SIGNING), None), ArticleFacts(Article("edited", OTHER), None)])
    stream = [Article("kept", SIGNING),            # stored with this text: a duplicate
              Article("edited", RATIFICATION),     # stored with another text: read again
              Article("copy", SIGNING),            # a stored text under a new id: a duplicate
              Article("new", OTHER + " More."),    # new
              Article("new", OTHER + " More."),    # the same article again in the stream
              Article("again", OTHER + " More.")]  # a text seen earlier in the stream
    decisions = []
    for batched in (True, False):
        report = IngestReport()
        fresh = Fresh(any_store, report)
        if batched:
            fresh.look_up(stream)
        decisions.append(([fresh.admit(a) for a in stream], report.read, report.duplicates))
    assert decisions[0] == decisions[1] == ([False, True, False, True, False, False], 6, 4)
