"""Defects that lost users' data: a merge cut short, and JSONL split on the wrong characters."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import EXAMPLES, TEST_CORPUS

# Characters that str.splitlines() breaks on but JSON writers leave unescaped inside strings.
SEPARATORS = ["\u2028", "\u2029", "\u0085", "\x1c", "\x1d", "\x1e", "\x0b", "\x0c"]

TEXT = ("Vietnam and Laos signed an agreement on the demarcation of their common border in Hanoi on "
        "{day} June 2024.{sep} The agreement sets out the line of the state border.")


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def test_jsonl_keeps_articles_with_line_separators_inside_strings(tmp_path):
    from treatywatch.ingest.read import read

    rows = [{"id": f"s{i}", "text": TEXT.format(day=i + 1, sep=sep)} for i, sep in enumerate(SEPARATORS)]
    path = tmp_path / "batch.jsonl"
    path.write_text(_jsonl(rows) + '{"id": "bad", "text": \n', encoding="utf-8")
    items = list(read([str(path)]))
    articles = [i for i in items if hasattr(i, "text")]
    skipped = [i for i in items if not hasattr(i, "text")]
    assert [a.id for a in articles] == [r["id"] for r in rows]
    # The broken line is reported with its real number, and it is the only failure.
    assert [s.source for s in skipped] == [f"{path}:{len(rows) + 1}"]


def test_jsonl_with_crlf_line_ends(tmp_path):
    from treatywatch.ingest.read import read

    path = tmp_path / "batch.jsonl"
    path.write_bytes(_jsonl([{"id": "a", "text": "One text."}, {"id": "b", "text": "Another."}])
                     .replace("\n", "\r\n").encode())
    assert [a.id for a in read([str(path)])] == ["a", "b"]


def test_deeply_nested_json_line_is_reported_not_raised(tmp_path):
    from treatywatch.ingest.read import read

    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "a", "text": "First."}\n' + "[" * 100_000 + "\n" + '{"id": "b", "text": "Last."}\n')
    items = list(read([str(path)]))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "b"]
    assert items[1].source.endswith(":2") and "nested too deeply" in items[1].reason


@pytest.mark.parametrize("first_line", [
    '{"id": "meta", "url": "https://example.org/meta"}',  # a row without a text
    '{"id": "half", "text": ',                            # a broken line
    '[1, 2, 3]',                                          # not an object
])
def test_folder_jsonl_opening_without_a_text_still_gives_its_articles(tmp_path, first_line):
    from treatywatch.ingest.read import read

    (tmp_path / "batch.jsonl").write_text(first_line + "\n" + _jsonl(
        [{"id": "a", "text": "One text."}, {"id": "b", "text": "Another."}]))
    items = list(read([str(tmp_path)]))
    # Every line is accounted for: the two articles, and the first line reported by its number.
    assert [getattr(i, "id", None) for i in items] == [None, "a", "b"]
    assert items[0].source == f"{tmp_path / 'batch.jsonl'}:1"


def test_folder_whose_jsonl_holds_no_text_says_so(tmp_path):
    from treatywatch.ingest.read import read

    (tmp_path / "batch.jsonl").write_text(_jsonl([{"id": "a", "body": "A text under another field."}]))
    [skipped] = read([str(tmp_path)])
    assert skipped.source == str(tmp_path) and "no article" in skipped.reason and "'text'" in skipped.reason


def test_sidecar_and_gold_beside_texts_are_metadata_not_articles(tmp_path):
    from treatywatch.ingest.read import read

    (tmp_path / "a1.txt").write_text("Two states signed a treaty on trade.")
    (tmp_path / "articles.jsonl").write_text(_jsonl([{"id": "a1", "outlet": "Example Daily"}]))
    (tmp_path / "agreements.jsonl").write_text(_jsonl([{"id": "g1", "parties": ["CHL", "PER"]}]))
    [article] = read([str(tmp_path)])
    assert (article.id, article.outlet) == ("a1", "Example Daily")


def test_api_ingest_keeps_articles_with_line_separators(tmp_path):
    from fastapi.testclient import TestClient

    from treatywatch.serve.api.app import create_app
    from treatywatch.store.repo import Store

    store = Store(f"sqlite:///{tmp_path / 'api.db'}")
    client = TestClient(create_app(store, token="secret"))
    body = [{"id": f"s{i}", "text": TEXT.format(day=i + 1, sep=sep)} for i, sep in enumerate(SEPARATORS[:3])]
    accepted = client.post("/api/articles", json=body, headers={"Authorization": "Bearer secret"})
    assert accepted.status_code == 202, accepted.text
    from test_api import finished

    job = finished(client, accepted, token="secret")
    assert job["status"] == "done", job
    assert job["report"]["read"] == 3 and job["report"]["failures"] == []
    assert store.article_count() == 3
    store.close()


def test_merge_cut_short_is_redone_by_the_next_ingest(tmp_path, monkeypatch):
    from treatywatch.jobs import ingest
    from treatywatch.store.repo import Store

    url = f"sqlite:///{tmp_path / 'stuck.db'}"
    store = Store(url)

    def abort():
        raise KeyboardInterrupt  # the process stops after the facts are stored, before the merge commits

    monkeypatch.setattr(store, "refresh", abort)
    with pytest.raises(KeyboardInterrupt):
        ingest(store, [str(EXAMPLES / "articles")])
    store.close()

    store = Store(url)
    assert store.article_count() > 0 and store.stale()
    report = ingest(store, [str(EXAMPLES / "articles")])  # every article is a duplicate now
    assert report.duplicates == report.read and report.agreements > 0
    assert not store.stale()
    store.close()


def test_read_commands_merge_what_an_interrupted_ingest_left(cli, tmp_path, monkeypatch):
    from treatywatch.store.repo import Store

    db = f"sqlite:///{tmp_path / 'stuck.db'}"
    def abort(self):
        raise OSError("disk full")

    monkeypatch.setattr(Store, "refresh", abort)
    code, _, _ = cli("ingest", str(EXAMPLES / "articles"), "--db", db)
    assert code == 1
    monkeypatch.undo()
    code, out, err = cli("agreements", "--db", db, "--json")
    assert code == 0 and "did not finish" in err
    assert [json.loads(line) for line in out.splitlines() if line.strip()]


def test_rebuild_command(cli, tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    cli("ingest", str(EXAMPLES / "articles"), "--db", db)
    code, _, err = cli("rebuild", "--db", db)
    assert code == 0 and "0 created, 0 updated" in err


def _export(db: str) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "treatywatch.serve.cli", "export", "--db", db],
                         capture_output=True, text=True, check=True).stdout
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    for r in records:
        r.pop("evidence", None)
    return records


def test_kill_during_the_merge_then_any_command_gives_the_clean_records(tmp_path):
    """A real ingest process is killed as soon as every article's facts are stored (while it merges)."""
    clean_db = f"sqlite:///{tmp_path / 'clean.db'}"
    subprocess.run([sys.executable, "-m", "treatywatch.serve.cli", "ingest", str(TEST_CORPUS / "articles"),
                    "--db", clean_db], capture_output=True, check=True)
    expected = _export(clean_db)

    path = tmp_path / "killed.db"
    total = len(list((TEST_CORPUS / "articles").glob("*.txt")))
    process = subprocess.Popen([sys.executable, "-m", "treatywatch.serve.cli", "ingest",
                                str(TEST_CORPUS / "articles"), "--db", f"sqlite:///{path}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
                stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            stored = 0
        if stored == total:
            break
        time.sleep(0.005)
    assert stored == total and process.poll() is None, "the ingest ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _export(f"sqlite:///{path}") == expected


def test_reads_go_on_while_another_process_holds_the_write_lock(tmp_path):
    """A reader of the SQLite store is not stopped by a writer holding its lock (WAL): no 'database is locked'."""
    import threading

    from conftest import ingested_store

    store = ingested_store(tmp_path, {"n1": "Vietnam and Laos signed an agreement on the demarcation of their "
                                            "common border in Hanoi on 4 June 2024."})
    expected = store.summaries()
    writer = sqlite3.connect(tmp_path / "store.db", isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN EXCLUSIVE")  # what a rebuild's write holds while it commits
    writer.execute("UPDATE agreements SET title = title || ' (rewritten)'")
    read, released_first, done = threading.Event(), threading.Event(), threading.Event()

    def release() -> None:  # without WAL the read below waits for this, then reads after the write
        if not read.wait(10):
            released_first.set()
        writer.execute("ROLLBACK")
        done.set()

    threading.Thread(target=release, daemon=True).start()
    try:
        found = store.summaries()  # the last committed state, read while the lock is held
        read.set()
        assert found == expected and not released_first.is_set()
    finally:
        read.set()
        done.wait(15)
        writer.close()
        store.close()


def test_concurrent_readers_reuse_their_connections(tmp_path):
    """Fifteen readers at once, five times: the connections of the first round serve the others (a pool
    that keeps only five opens ten new ones every round)."""
    import threading

    from sqlalchemy import event, select

    from treatywatch.store.repo import Store

    store = Store(f"sqlite:///{tmp_path / 'pool.db'}")
    opened = []
    event.listen(store.engine, "connect", lambda *_: opened.append(1))
    barrier = threading.Barrier(15)

    def read() -> None:
        with store.sessions() as session:
            session.execute(select(1))
            barrier.wait(timeout=30)  # all fifteen hold a connection at once

    for _ in range(5):
        threads = [threading.Thread(target=read) for _ in range(15)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    store.close()
    assert len(opened) <= 15


def test_a_jsonl_line_of_nul_bytes_is_reported_and_the_files_other_articles_are_read(tmp_path):
    from treatywatch.ingest.read import read

    path = tmp_path / "batch.jsonl"
    path.write_bytes(b'{"id": "a", "text": "One text."}\n\x00\x00\x00\n{"id": "b", "text": "Another."}\n')
    items = list(read([str(path)]))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "b"]
    assert items[1].source == f"{path}:2" and "NUL" in items[1].reason
