"""`treatywatch batch`: JSONL and WARC shards on a 2-worker LocalCluster give the records of `ingest`."""

from __future__ import annotations

import gzip
import html
import json
from io import BytesIO

import pytest

from conftest import TEST_CORPUS
from treatywatch.batch.shards import read_shard
from treatywatch.ingest.read import read
from treatywatch.jobs import ingest
from treatywatch.records import Article, Skipped
from treatywatch.store.repo import Store

NOT_ABOUT_AGREEMENTS = ("The marathon was moved to an earlier start because of the heat, and the winner "
                        "finished in just over two hours and six minutes.")


def _ours() -> list[Article]:
    return [a for a in read([str(TEST_CORPUS / "articles")]) if isinstance(a, Article)]


def _page(article: Article) -> str:
    """An HTML page of our own around an article's paragraphs."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article.text.split("\n") if p.strip())
    return (f"<html><head><title>Report {article.id}</title></head><body><nav>Home | World | Sport</nav>"
            f"<article><h1>Report {article.id}</h1>{paragraphs}</article><footer>All rights reserved</footer>"
            "</body></html>")


def _write_warc(path, pages: list[tuple[str, str]], *, extra: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, page in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(page.encode("utf-8")),
                                                          http_headers=headers))
        if extra:  # what a crawl holds besides pages: a request, an image
            writer.write_record(writer.create_warc_record("https://news.example/", "request",
                                                          payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record("https://news.example/logo.png", "response",
                                                          payload=BytesIO(b"\x89PNG..."), http_headers=image))


def _row(article: Article) -> dict:
    return {"id": article.id, "text": article.text, "url": article.url,
            "published": article.published.isoformat() if article.published else None}


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """Three JSONL shards (one gzipped, one with a bad line), a WARC shard, and the same articles as one
    JSONL file for `ingest` (the WARC's pages as `html` rows)."""
    folder = tmp_path_factory.mktemp("shards")
    ours = _ours()
    text_part, page_part = ours[:22], ours[22:]
    plain = [_row(a) for a in text_part[:11]] + [{"id": "sport-1", "text": NOT_ABOUT_AGREEMENTS}]
    (folder / "a.jsonl").write_text("\n".join(json.dumps(r) for r in plain) + "\nnot json\n", encoding="utf-8")
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(_row(a)) for a in text_part[11:]) + "\n")
    pages = [(f"https://news.example/{a.id}", _page(a)) for a in page_part]
    _write_warc(folder / "c.warc.gz", pages)
    same = [*plain, *(_row(a) for a in text_part[11:]), *({"id": url, "html": page, "url": url} for url, page in pages)]
    (folder / "same.jsonl").write_text("\n".join(json.dumps(r) for r in same) + "\nnot json\n", encoding="utf-8")
    return folder


def test_a_warc_shard_gives_one_article_per_html_page(shards):
    items = list(read_shard(str(shards / "c.warc.gz")))
    assert all(isinstance(i, Article) for i in items) and len(items) == len(_ours()) - 22
    first = items[0]
    assert first.id == first.url and first.url.startswith("https://news.example/t")
    assert "Home | World" not in first.text and "rights reserved" not in first.text


def test_bad_shards_are_one_line_each(tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "cut.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:-8])
    found = {}
    for name in ("missing.jsonl", "x.csv", "cut.warc.gz"):
        items = list(read_shard(str(tmp_path / name)))
        assert len(items) == 1 and isinstance(items[0], Skipped) and "\n" not in items[0].reason
        found[name] = items[0].reason
    assert found["missing.jsonl"] == "no such shard"
    assert found["x.csv"].startswith("unsupported shard")
    assert found["cut.warc.gz"].startswith("unreadable WARC after 0 page(s)")


def test_batch_on_a_local_cluster_gives_the_records_of_ingest(shards, tmp_path):
    from treatywatch.batch.engine import run_batch

    by_ingest = Store(f"sqlite:///{tmp_path / 'ingest.db'}")
    expected = ingest(by_ingest, [str(shards / "same.jsonl")])
    by_batch = Store(f"sqlite:///{tmp_path / 'batch.db'}")
    seen = []
    got = run_batch(by_batch, [str(shards / n) for n in ("a.jsonl", "b.jsonl.gz", "c.warc.gz", "gone.jsonl")],
                    workers=2, progress=lambda done, total: seen.append((done, total)))
    assert by_batch.query()[0] == by_ingest.query()[0] and got.agreements == expected.agreements > 10
    assert (got.read, got.extracted, got.irrelevant) == (expected.read, expected.extracted, expected.irrelevant)
    assert got.irrelevant == 1
    assert [f.reason for f in got.failures] == ["not valid JSON (Expecting value)", "no such shard"]
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    # Again: every article is a duplicate, nothing changes.
    again = run_batch(by_batch, [str(shards / "a.jsonl")], workers=2)
    assert again.duplicates == again.read == 12 and again.created == again.updated == 0
    by_ingest.close()
    by_batch.close()


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    from treatywatch.batch.engine import run_batch
    from treatywatch.errors import TreatywatchError

    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(TreatywatchError, match="^cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run_batch(store, [], scheduler="tcp://127.0.0.1:9")
    store.close()
