"""Extraction on several processes gives what one process gives, in the stream's order."""

from __future__ import annotations

import json

from conftest import TEST_CORPUS
from treatywatch.codec import facts_to_json
from treatywatch.extract.parallel import extract_stream
from treatywatch.ingest.read import read
from treatywatch.jobs import ingest, ingest_articles
from treatywatch.records import Article, ArticleFacts, Skipped

NOT_ABOUT_AGREEMENTS = [
    "The visitors held on for a goalless draw despite playing the last twenty minutes with ten men.",
    "Fog is expected to linger in the valleys until noon, then skies clear and temperatures reach 14C.",
    "The index closed 0.8 % higher as energy stocks rallied on a weaker dollar.",
]
SPANISH = ("El Congreso de Bolivia ratificó el jueves el Acuerdo de Cooperación Minera entre Bolivia y Chile, "
           "que fue firmado en Santiago el 2 de abril de 2024.")


def _articles() -> list[Article]:
    """The project's own corpus, our distractors, a report in Spanish and one article too long to read."""
    ours = [a for a in read([str(TEST_CORPUS / "articles")]) if isinstance(a, Article)]
    others = [Article(id=f"other-{i}", text=text) for i, text in enumerate(NOT_ABOUT_AGREEMENTS)]
    spanish = Article(id="es-1", text=SPANISH)
    huge = Article(id="huge", text="treaty " * 300_000)
    mixed = []
    for i, article in enumerate(ours):
        mixed.append(article)
        if i % 10 == 3 and others:
            mixed.append(others.pop())
    return [*mixed, spanish, huge]


def _outcome(outcome) -> tuple:
    result = outcome.result
    if isinstance(result, Skipped):
        return ("skipped", result.source, result.reason)
    return (result.article.id, outcome.read, json.dumps(facts_to_json(result), sort_keys=True, default=str))


def test_two_workers_give_the_facts_of_one_in_the_same_order():
    articles = _articles()
    one = [_outcome(o) for o in extract_stream(articles, workers=1, chunk=4)]
    two = [_outcome(o) for o in extract_stream(articles, workers=2, chunk=4)]
    assert one == two
    assert [o[0] for o in one if o[0] != "skipped"] == [a.id for a in articles if a.id != "huge"]
    assert one[-1][:2] == ("skipped", "huge") and "too long" in one[-1][2]


def test_articles_that_cannot_report_are_not_read_and_keep_their_pages_date():
    from datetime import date

    articles = [Article(id="match", text="LONDON, March 3, 2025 - " + NOT_ABOUT_AGREEMENTS[0]),
                Article(id="dated", text=NOT_ABOUT_AGREEMENTS[1], published=date(2025, 4, 1))]
    first, second = extract_stream(articles)
    assert not first.read and isinstance(first.result, ArticleFacts)
    assert first.result.published is None and not first.result.agreements and not first.result.events
    assert not second.read and second.result.published == date(2025, 4, 1)


def test_ingest_on_two_workers_stores_the_records_of_one(tmp_path):
    from treatywatch.store.repo import Store

    records = []
    for workers in (1, 2):
        store = Store(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        report = ingest_articles(store, iter(_articles()), workers=workers)
        assert report.irrelevant == len(NOT_ABOUT_AGREEMENTS) and len(report.failures) == 1
        assert report.extracted + report.irrelevant == store.article_count()
        records.append(store.query()[0])
        store.close()
    assert records[0] == records[1] and records[0]


def test_irrelevant_articles_are_stored_and_counted(tmp_path):
    from treatywatch.store.repo import Store

    folder = tmp_path / "news"
    folder.mkdir()
    for i, text in enumerate(NOT_ABOUT_AGREEMENTS):
        (folder / f"n{i}.txt").write_text(text, encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'n.db'}")
    report = ingest(store, [str(folder)], workers=2)
    assert (report.read, report.irrelevant, report.extracted) == (3, 3, 0)
    assert store.article_count() == 3
    assert ingest(store, [str(folder)]).duplicates == 3
    store.close()


def test_a_jsonl_file_streams_line_by_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "f1", "text": NOT_ABOUT_AGREEMENTS[0]}).encode(), "{\"id\": \"f2\", \"text\": \"caf\u00e9\"}".encode("latin-1"),
             json.dumps({"id": "f3", "text": NOT_ABOUT_AGREEMENTS[1]}).encode()]
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(lines) + b"\n")
    stream = read([str(path)])
    first = next(stream)  # read before the rest of the file is
    assert isinstance(first, Article) and first.id == "f1"
    rest = list(stream)
    assert rest[0] == Skipped(f"{path}:2", "not UTF-8 text") and rest[1].id == "f3"
