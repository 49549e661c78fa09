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
