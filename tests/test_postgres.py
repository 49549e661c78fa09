"""PostgreSQL for real: the same records as SQLite, migrations from empty, unstorable input, concurrent ingests."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time

import pytest

from conftest import EXAMPLES

pytestmark = pytest.mark.postgres


def _export(cli, db: str) -> list[dict]:
    code, out, err = cli("export", "--format", "jsonl", "--db", db)
    assert code == 0, err
    # Nothing in a record is volatile (the time of ingest is not part of it): records compare whole, by id.
    return sorted((json.loads(line) for line in out.splitlines() if line.strip()), key=lambda r: r["id"])


def _connect(url: str, **options):
    import psycopg
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    return psycopg.connect(host=parts.query["host"], user=parts.username, dbname=parts.database, **options)


def _waiting(url: str) -> int:
    """How many sessions of this database wait for a lock."""
    from sqlalchemy.engine import make_url

    with _connect(url, autocommit=True) as monitor:
        return monitor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                               (make_url(url).database,)).fetchone()[0]


def _wait_for_both(url: str, processes: list[subprocess.Popen], gate) -> None:
    """Wait until both processes wait for a lock (or end), then roll the gate's transaction back."""
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and all(p.poll() is None for p in processes) and _waiting(url) < 2:
            time.sleep(0.05)
        both = _waiting(url) == 2
    finally:
        gate.rollback()
        gate.close()
    if not both:
        errors = [p.communicate(timeout=120)[1] for p in processes]
        pytest.fail(f"the two processes did not both come to wait: {errors}")


def test_examples_give_the_same_export_on_postgresql_as_on_sqlite(cli, postgres_url, tmp_path):
    sqlite_url = f"sqlite:///{tmp_path / 'same.db'}"
    for db in (sqlite_url, postgres_url):
        code, _, err = cli("ingest", str(EXAMPLES / "articles"), "--db", db)
        assert code == 0, err
    expected = _export(cli, sqlite_url)
    assert expected and _export(cli, postgres_url) == expected
    csv = [cli("export", "--format", "csv", "--db", db) for db in (sqlite_url, postgres_url)]
    assert csv[0][0] == csv[1][0] == 0 and csv[1][1] == csv[0][1]


def test_migrations_run_from_an_empty_database(postgres_url):
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine, inspect, text

    from treatywatch.store.repo import Store

    engine = create_engine(postgres_url)
    assert inspect(engine).get_table_names() == []
    Store(postgres_url).close()
    Store(postgres_url).close()  # opening again finds nothing to do
    config = Config()
    config.set_main_option("script_location", str(resources.files("treatywatch") / "store" / "migrations"))
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == \
            ScriptDirectory.from_config(config).get_current_head()
        state = dict(connection.execute(text("SELECT key, value FROM state")).all())
    assert set(inspect(engine).get_table_names()) >= {"articles", "agreements", "agreement_parties",
                                                     "agreement_articles", "mentions", "stories", "state",
                                                     "agreement_keys", "story_signatures", "story_buckets", "pending"}
    assert state == {"facts": 0, "merged": 0, "indexed": 1}
    engine.dispose()


def test_processes_opening_one_empty_database_at_once_all_migrate_it(postgres_url):
    # Alembic's first table, created and not committed: both processes find no table and wait to create it, then
    # go on together once it is rolled back, as two processes opening a new database at one moment do.
    gate = _connect(postgres_url)
    gate.execute("CREATE TABLE alembic_version (version_num varchar(32) NOT NULL)")
    opening = [subprocess.Popen([sys.executable, "-c", "import sys; from treatywatch.store.repo import Store; "
                                 "Store(sys.argv[1]).close()", postgres_url],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    _wait_for_both(postgres_url, opening, gate)
    results = [p.communicate(timeout=120) for p in opening]
    assert [p.returncode for p in opening] == [0, 0], [err for _, err in results]


UNSTORABLE = [
    {"id": "ok", "text": "Vietnam and Laos signed an agreement on the demarcation of their common border in Hanoi "
                         "on 2 June 2024."},
    {"id": "nul", "text": "Mongolia and Japan signed a memorandum\u0000 on defence cooperation in Tokyo on 3 May 2024."},
    {"id": "surrogate", "text": "Kenya and Ethiopia signed a security agreement \ud800in Nairobi on 4 April 2024."},
    {"id": "x" * 300, "text": "Chile and Peru signed a fisheries agreement in Lima on 5 March 2024."},
]


def test_nul_surrogate_and_overlong_id_are_handled_without_a_traceback(cli, postgres_url, tmp_path):
    batch = tmp_path / "unstorable.jsonl"
    batch.write_text("".join(json.dumps(row) + "\n" for row in UNSTORABLE), encoding="utf-8")
    code, _, err = cli("ingest", str(batch), "--db", postgres_url)
    assert code == 1 and "Traceback" not in err and "[SQL:" not in err
    assert f"{batch}:4: id too long" in err  # the only failure, reported by its line
    assert "3 extracted" in err
    from treatywatch.store.repo import Store
    store = Store(postgres_url)
    assert "\x00" not in store.get_article("nul")["text"] and "memorandum on defence" in store.get_article("nul")["text"]
    assert "\ufffd" in store.get_article("surrogate")["text"]
    assert store.article_count() == 3
    store.close()


def test_an_article_another_ingest_stores_meanwhile_is_replaced_not_a_conflict(postgres_url, facts_of):
    from treatywatch.store.repo import Store

    store = Store(postgres_url)
    facts = facts_of(UNSTORABLE[0]["text"], article_id="a1")
    outcome: list[BaseException | None] = []

    def save():
        try:
            store.save_facts(facts)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome.append(exc)

    with _connect(postgres_url) as other:  # another ingest, midway through storing the same article
        other.execute("INSERT INTO articles (id, text, content_hash, facts, ingested_at) "
                      "VALUES ('a1', 'an older text', '-', '{}', now())")
        thread = threading.Thread(target=save)
        thread.start()
        deadline = time.monotonic() + 30
        while _waiting(postgres_url) < 1 and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        other.commit()
    thread.join(timeout=30)
    assert outcome == [None]
    assert store.get_article("a1")["text"] == facts.article.text and store.article_count() == 1
    store.close()


def _sets(folder):
    """Two overlapping sets of the example articles, each a folder with its own sidecar."""
    names = sorted(p.stem for p in (EXAMPLES / "articles").glob("*.txt"))
    sidecar = {json.loads(line)["id"]: line for line in (EXAMPLES / "articles.jsonl").read_text().splitlines()
               if line.strip()}
    third = len(names) // 3
    folders = []
    for key, ids in (("a", names[:-third]), ("b", names[third:])):
        target = folder / key
        target.mkdir()
        for ident in ids:
            shutil.copy(EXAMPLES / "articles" / f"{ident}.txt", target)
        (target / "articles.jsonl").write_text("".join(sidecar[i] + "\n" for i in ids if i in sidecar))
        folders.append(target)
    return folders, names


def test_two_concurrent_ingests_lose_and_duplicate_no_article(cli, postgres, tmp_path):
    """Two ingest processes with overlapping articles merge at the same moment into one database."""
    from treatywatch.store.repo import Store

    (first, second), names = _sets(tmp_path)
    sequential = postgres.database()
    for folder in (first, second):
        code, _, err = cli("ingest", str(folder), "--db", sequential)
        assert code == 0, err
    expected = _export(cli, sequential)

    url = postgres.database()
    Store(url).close()
    # Held until both processes wait for it: it lets their merges read but not write, so both replace the
    # agreements at the same moment, as two ingests finishing at about the same time do by chance.
    gate = _connect(url)
    gate.execute("LOCK TABLE mentions IN SHARE MODE")
    processes = [subprocess.Popen([sys.executable, "-m", "treatywatch.serve.cli", "ingest", str(folder), "--db", url],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for folder in (first, second)]
    _wait_for_both(url, processes, gate)
    results = [p.communicate(timeout=120) for p in processes]
    for process, (_, err) in zip(processes, results):
        assert process.returncode == 0, err

    store = Store(url)
    assert store.article_count() == len(names)
    assert not store.stale()  # the later merge saw every article of both
    store.close()
    assert _export(cli, url) == expected
