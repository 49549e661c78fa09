"""Reading inputs: folders, sidecars, JSONL, HTML, stdin, boilerplate, and bad input."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from treatywatch.ingest.boilerplate import clean
from treatywatch.ingest.read import read
from treatywatch.records import Article, Skipped


def test_folder_with_sidecar_gives_metadata(tmp_path):
    (tmp_path / "a1.txt").write_text("Two states signed a treaty on trade.")
    (tmp_path / "notes.md").write_text("A second note about a pact.")
    (tmp_path / "articles.jsonl").write_text(json.dumps(
        {"id": "a1", "url": "https://example.org/a1", "outlet": "Example Daily", "published": "2024-05-02",
         "unknown": 1}) + "\n")
    items = list(read([str(tmp_path)]))
    assert [i.id for i in items] == ["a1", "notes"]
    first = items[0]
    assert (first.url, first.outlet, first.published) == ("https://example.org/a1", "Example Daily", date(2024, 5, 2))
    assert items[1].outlet is None


def test_fields_limit_what_the_sidecar_gives(tmp_path):
    (tmp_path / "a1.txt").write_text("Text.")
    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "a1", "published": "2024-05-02", "outlet": "X"}))
    [article] = read([str(tmp_path)], fields=("url", "outlet"))
    assert article.published is None and article.outlet == "X"


@pytest.mark.parametrize("content, reason", [
    (b"\x00\x01\x02binary", "binary file, not text"),
    ("caf\u00e9".encode("latin-1"), "not UTF-8 text"),
])
def test_unreadable_files_are_skipped_with_reason(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("A readable article.")
    items = list(read([str(bad), str(good)]))
    assert items[0] == Skipped(str(bad), reason)
    assert isinstance(items[1], Article)


def test_missing_path_and_wrong_suffix(tmp_path):
    other = tmp_path / "data.csv"
    other.write_text("a,b")
    items = list(read([str(tmp_path / "nope"), str(other)]))
    assert items[0].reason == "no such file or folder"
    assert "unsupported file type .csv" in items[1].reason


def test_jsonl_reports_the_bad_line_and_reads_the_rest(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "x1", "text": "First."}\n{broken\n{"id": "x3"}\n{"id": "x4", "text": "Fourth."}\n')
    items = list(read([str(path)]))
    assert [getattr(i, "id", None) for i in items] == ["x1", None, None, "x4"]
    assert items[1].source.endswith("batch.jsonl:2") and "not valid JSON" in items[1].reason
    assert items[2].source.endswith("batch.jsonl:3") and "missing 'text'" in items[2].reason


def test_stdin_plain_text_and_jsonl():
    [plain] = read(["-"], stdin=io.StringIO("Leaders signed a pact today."))
    assert plain.id.startswith("stdin-") and plain.text == "Leaders signed a pact today."
    rows = list(read(["-"], stdin=io.StringIO('{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n')))
    assert [r.id for r in rows] == ["s1", "s2"]


def test_html_is_reduced_to_the_article(tmp_path):
    body = " ".join(["The foreign ministers of the two countries signed a border treaty in the capital."] * 6)
    html = f"""<html><head><title>Border treaty signed</title>
    <meta property="article:published_time" content="2024-03-05"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Border treaty signed</h1><p>{body}</p></article>
    <footer>Copyright Example Media</footer></body></html>"""
    (tmp_path / "page.html").write_text(html)
    [article] = read([str(tmp_path / "page.html")])
    assert "signed a border treaty" in article.text
    assert "Sport" not in article.text and "Copyright" not in article.text
    assert article.published == date(2024, 3, 5)


@pytest.mark.parametrize("line", [
    "Leave a Reply", "Exit mobile version", "Share this:", "Follow us on Telegram", "Share on Facebook",
    "Related Articles", "Skip to content",
])
def test_boilerplate_lines_are_removed(line):
    text = f"The parliament ratified the treaty.\n{line}\nIt enters into force in May."
    assert clean(text) == "The parliament ratified the treaty.\nIt enters into force in May."


def test_sentences_mentioning_sharing_are_kept():
    text = "The states agreed to share water from the river under the accord."
    assert clean(text) == text


def test_non_breaking_spaces_become_spaces():
    assert clean("the Republic of\u00a0Kazakhstan") == "the Republic of Kazakhstan"
