"""Storage and merging: idempotent ingest, updates from later articles, stable ids, bad URLs."""

from __future__ import annotations

import json

import pytest

from treatywatch.errors import NotFound, StoreError
from treatywatch.jobs import ingest
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


def test_ingesting_twice_changes_nothing(store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    first = ingest(store, [str(tmp_path / "in")])
    before = store.query()[0]
    second = ingest(store, [str(tmp_path / "in")])
    assert (first.extracted, first.created) == (1, 1)
    assert (second.read, second.duplicates, second.extracted, second.created, second.updated) == (1, 1, 0, 0, 0)
    assert store.query()[0] == before


def test_later_ratification_updates_the_same_agreement(store, tmp_path):
    write(tmp_path / "jan", "a1", SIGNING)
    ingest(store, [str(tmp_path / "jan")])
    [before] = store.query()[0]
    write(tmp_path / "sep", "a2", RATIFICATION)
    report = ingest(store, [str(tmp_path / "sep")])
    [after] = store.query()[0]
    assert after["id"] == before["id"] and report.updated == 1 and report.created == 0
    assert after["articles"] == ["a1", "a2"]
    kinds = {(e["kind"], e["party"], e["date"]) for e in after["events"]}
    assert ("signed", None, "2024-05-14") in kinds
    assert ("ratified", "KAZ", "2024-09-02") in kinds
    assert after["status"] == "ratified"
    assert after["provisions"].get("economic_cooperation") is True


def test_different_agreements_stay_apart_and_filter(store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    write(tmp_path / "in", "a3", OTHER)
    ingest(store, [str(tmp_path / "in")])
    records, total = store.query()
    assert total == 2
    assert [r["parties"] for r in store.query(party="LAO")[0]] == [["LAO", "VNM"]]
    assert store.query(party="lao")[1] == 1
    assert store.query(kind="treaty")[1] == 1
    assert store.query(status="signed")[1] == 2


def test_same_text_under_another_id_is_a_duplicate(store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    write(tmp_path / "in", "copy", SIGNING)
    report = ingest(store, [str(tmp_path / "in")])
    assert (report.read, report.duplicates, report.extracted) == (2, 1, 1)


def test_one_bad_file_does_not_stop_the_others(store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x00binary")
    report = ingest(store, [str(tmp_path / "in"), str(tmp_path / "missing")])
    assert report.extracted == 1
    assert sorted(f.reason for f in report.failures) == ["binary file, not text", "no such file or folder"]


def test_unknown_id_is_not_found(store):
    with pytest.raises(NotFound):
        store.get_agreement("nope")


@pytest.mark.parametrize("url", ["notaurl://x", "sqlite:////nonexistent-folder/x/y.db", "postgresql://u@127.0.0.1:1/x"])
def test_database_that_cannot_be_opened(url):
    with pytest.raises(StoreError, match="database"):
        Store(url)


def test_records_follow_the_export_format(store, tmp_path):
    write(tmp_path / "in", "a1", SIGNING)
    ingest(store, [str(tmp_path / "in")])
    [record] = store.query()[0]
    assert set(record) >= {"id", "title", "kind", "parties", "events", "provisions", "articles", "evidence"}
    event = record["events"][0]
    assert set(event) >= {"kind", "date", "place", "party", "articles"}
    quote = record["evidence"]["events"][0][0]
    article_text = store.get_article("a1")["text"]
    assert article_text[quote["start"]:quote["end"]].strip() == quote["quote"]
    json.dumps(record)  # plain JSON all the way down
