"""Articles not in English are read with a language pack and merge with English reports."""

from __future__ import annotations

from datetime import date

from treatywatch.extract.article import extract_all
from treatywatch.extract.foreign import language_of
from treatywatch.jobs import ingest
from treatywatch.records import Article, EventKind

RUSSIAN = ("Сенат Казахстана ратифицировал договор о стратегическом партнёрстве с Монголией.\n\n"
           "Документ был подписан 14 мая 2024 года в Улан-Баторе. Договор предусматривает сотрудничество "
           "в экономической сфере.")
ENGLISH = ("ULAANBAATAR, May 14, 2024 - The presidents of Mongolia and Kazakhstan signed the Treaty on "
           "Strategic Partnership between Mongolia and the Republic of Kazakhstan on Tuesday.")


def test_language_of():
    assert language_of(RUSSIAN) == "ru"
    assert language_of(ENGLISH) is None


def test_russian_ratification_is_read():
    [facts] = extract_all([Article(id="r1", text=RUSSIAN, published=date(2024, 9, 3))])
    [agreement] = facts.agreements
    assert agreement.parties == ("KAZ", "MNG") and agreement.kind.value == "treaty"
    assert set(agreement.subject.split()) == {"strategic", "partnership"}
    kinds = {(e.kind, e.party, str(e.date)) for e in facts.events}
    assert (EventKind.RATIFIED, "KAZ", "2024-09-03") in kinds
    assert (EventKind.SIGNED, None, "2024-05-14") in kinds


def test_russian_and_english_reports_merge(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "en.txt").write_text(ENGLISH)
    (folder / "ru.txt").write_text(" date 2024-09-03 " + RUSSIAN)
    ingest(store, [str(folder)])
    [record] = store.query()[0]
    assert record["articles"] == ["en", "ru"]
    assert {(e["kind"], e["party"]) for e in record["events"]} >= {("signed", None), ("ratified", "KAZ")}
