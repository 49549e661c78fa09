"""The command line end to end, through the real entry point."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pytest

from conftest import EXAMPLES, TEST_CORPUS


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_ingest_list_show_export(cli, db_url, tmp_path):  # on SQLite and on PostgreSQL
    db = db_url
    code, _, err = cli("ingest", str(EXAMPLES / "articles"), "--db", db)
    assert code == 0, err
    assert "articles read" in err and "created" in err

    code, out, _ = cli("agreements", "--db", db, "--json")
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert code == 0 and records
    assert all("evidence" not in r for r in records)
    some = next(r for r in records if r["events"])

    code, out, _ = cli("show", some["id"], "--db", db)
    assert code == 0 and some["title"] in out and "Lifecycle" in out

    code, out, _ = cli("agreements", "--db", db, "--party", some["parties"][0], "--json")
    assert some["id"] in out

    target = tmp_path / "out.jsonl"
    code, _, err = cli("export", "--format", "jsonl", "--out", str(target), "--db", db)
    exported = [json.loads(line) for line in target.read_text().splitlines()]
    assert code == 0 and len(exported) == len(records)
    assert {"id", "title", "kind", "parties", "events", "provisions", "articles", "evidence"} <= set(exported[0])

    code, out, _ = cli("export", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == len(records) and rows[0]["id"]


def test_reingest_reports_duplicates(cli, db):
    cli("ingest", str(EXAMPLES / "articles"), "--db", db)
    code, _, err = cli("ingest", str(EXAMPLES / "articles"), "--db", db)
    assert code == 0 and "skipped as duplicates" in err and "0 created, 0 updated" in err


def test_stdin_ingest(cli, db):
    code, _, err = cli("ingest", "-", "--db", db,
                       stdin="HANOI, June 2, 2024 - Vietnam and Laos signed an agreement on the demarcation "
                             "of their common border in Hanoi on Sunday.")
    assert code == 0, err
    code, out, _ = cli("agreements", "--db", db, "--party", "VNM", "--json")
    assert "LAO" in out


@pytest.mark.parametrize("args, message", [
    (["ingest", "no/such/path"], "no such file or folder"),
    (["agreements", "--db", "notaurl://x"], "cannot use database URL"),
    (["show", "missing-id"], "no agreement with id 'missing-id'"),
    (["agreements", "--since", "last year"], "--since: expected a date as YYYY-MM-DD"),
    (["evaluate", "no/such/corpus"], "no such folder"),
])
def test_bad_input_is_one_line_and_nonzero(cli, db, args, message, tmp_path, monkeypatch):
    monkeypatch.setenv("TREATYWATCH_DB", f"sqlite:///{tmp_path / 'env.db'}")
    from treatywatch.settings import get_settings
    get_settings.cache_clear()
    code, out, err = cli(*args)
    assert code == 1
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2


def test_invalid_jsonl_names_the_line(cli, db, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "ok", "text": "Mongolia and Japan signed a memorandum on defence cooperation."}\n{oops\n')
    code, _, err = cli("ingest", str(batch), "--db", db)
    assert code == 1 and "batch.jsonl:2" in err and "not valid JSON" in err
    assert "1 extracted" in err  # the good line went in


def test_evaluate_json_on_the_test_corpus(cli):
    code, out, _ = cli("evaluate", str(TEST_CORPUS), "--json")
    metrics = json.loads(out)["metrics"]
    assert code == 0
    assert set(metrics) == {"agreements_f1", "parties_exact", "kind_accuracy", "events_f1",
                            "provisions_f1", "attribution_f1", "overall"}
    assert 0 < metrics["overall"] <= 1


def test_every_command_has_help_with_an_example(cli):
    from treatywatch.serve.cli import app
    for command in app.registered_commands:
        assert "Example:" in (command.callback.__doc__ or ""), command.callback.__name__


# -- the hardening issue: what a user sees when something is wrong ---------------------------------------------

PASSWORD = "s3cret-pw"


@pytest.mark.parametrize("url", [f"postgresql://u:{PASSWORD}@127.0.0.1:1/x", f"postgresql://u:{PASSWORD}@127.0.0.1:bad/x",
                                 f"notaurl://u:{PASSWORD}@host/x"])
def test_hardening_database_password_is_never_shown(cli, url):
    code, out, err = cli("agreements", "--db", url)
    assert code == 1 and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert PASSWORD not in out + err
    assert "u:***@" in err or "pip install 'treatywatch[postgres]'" in err  # the URL masked, or no URL at all


@pytest.mark.parametrize("args, usage, message", [
    (["agreements", "--bogus"], "treatywatch agreements [OPTIONS]", "No such option: --bogus"),
    (["show"], "treatywatch show [OPTIONS]", "Missing argument"),
    (["agreements", "--kind", "nope"], "treatywatch agreements [OPTIONS]", "Invalid value for '--kind'"),
    (["export", "--format", "xml"], "treatywatch export [OPTIONS]", "Invalid value for '--format'"),
    (["serve", "--port", "99999"], "treatywatch serve [OPTIONS]", "Invalid value for '--port'"),
    (["serve", "--port", "0"], "treatywatch serve [OPTIONS]", "Invalid value for '--port'"),
    (["nosuch"], "treatywatch [OPTIONS] COMMAND [ARGS]...", "No such command 'nosuch'"),
])
def test_hardening_misuse_exits_2_with_the_usage_text(cli, args, usage, message, monkeypatch):
    import uvicorn

    def never(*_args, **_options):  # `serve` with a port it should refuse must not start serving
        raise AssertionError("the server started")

    monkeypatch.setattr(uvicorn, "run", never)
    monkeypatch.setattr(uvicorn.Server, "run", never)
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"Usage: {usage}") and lines[1].startswith("Try 'treatywatch")
    assert lines[-1].startswith(f"Error: {message}") and "Traceback" not in err


def test_hardening_serve_on_a_port_in_use_is_one_line(cli, db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = cli("serve", "--port", str(port), "--db", db)
    assert code == 1
    assert err.strip() == f"error: cannot listen on 127.0.0.1:{port}: {os.strerror(errno.EADDRINUSE)}"


def test_hardening_serve_on_a_port_not_ours_is_one_line(cli, db, monkeypatch):
    def refuse(self, address):  # what binding port 80 does to a user other than root
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(socket.socket, "bind", refuse)
    code, _, err = cli("serve", "--port", "80", "--db", db)
    assert code == 1 and err.strip() == f"error: cannot listen on 127.0.0.1:80: {os.strerror(errno.EACCES)}"


WORD = "Quillanbrook"  # in the article only: an error message must not quote it
NEW_ARTICLE = (f"HANOI, June 2, 2024 - Vietnam and Laos signed an agreement on the demarcation of their common "
               f"border in Hanoi on Sunday, {WORD} reported.")


def _one_article_db(cli, path) -> None:
    code, _, err = cli("ingest", str(EXAMPLES / "articles" / "ex01.txt"), "--db", f"sqlite:///{path}")
    assert code == 0, err


def _assert_one_line_without_article_text(err: str) -> None:
    # One line of ours; a library's own warning (a model runtime's, say) may come before it.
    [line] = [line for line in err.splitlines() if line.startswith("error: ")]
    assert "read" in line.lower() and line == err.strip().splitlines()[-1]
    assert WORD not in err and "INSERT" not in err and "[SQL" not in err and "Traceback" not in err


def test_hardening_ingest_into_a_read_only_database_is_one_line(cli, tmp_path):
    _one_article_db(cli, tmp_path / "ro.db")
    (tmp_path / "new.txt").write_text(NEW_ARTICLE)
    code, _, err = cli("ingest", str(tmp_path / "new.txt"), "--db", f"sqlite:///file:{tmp_path / 'ro.db'}?mode=ro&uri=true")
    assert code == 1
    _assert_one_line_without_article_text(err)


def _as_another_user() -> list[str] | None:
    """A command prefix that runs a process as 'nobody' when we are root (whom no file mode stops), [] when we
    are not root, None when neither setpriv nor runuser can run this checkout's Python as 'nobody'."""
    if os.geteuid() != 0:
        return []
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    prefixes = [["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups", "--"],
                ["runuser", "-u", "nobody", "--"]]
    for prefix in prefixes:
        if shutil.which(prefix[0]) is None:
            continue
        check = subprocess.run([*prefix, sys.executable, "-c", "import treatywatch.serve.cli"], capture_output=True)
        if check.returncode == 0:
            return prefix
    return None


def test_hardening_ingest_into_a_database_file_we_may_not_write(cli):
    """The file is not ours to write while another process reads it (the web server, say): run as another user,
    since root writes whatever the file's mode says."""
    as_user = _as_another_user()
    if as_user is None:
        pytest.skip("running as root (who may write any file) and setpriv/runuser cannot run this checkout's "
                    "Python as 'nobody'")
    folder = Path(tempfile.mkdtemp(prefix="treatywatch-ro-"))  # not tmp_path: that is private to our user
    try:
        path = folder / "ro.db"
        _one_article_db(cli, path)
        (folder / "new.txt").write_text(NEW_ARTICLE)
        folder.chmod(0o755)
        with closing(sqlite3.connect(path)) as reader:
            reader.execute("SELECT count(*) FROM articles").fetchone()  # keeps the WAL files while it is open
            for name in ("ro.db", "ro.db-wal", "ro.db-shm"):
                (folder / name).chmod(0o444)
            run = subprocess.run([*as_user, sys.executable, "-m", "treatywatch.serve.cli", "ingest",
                                  str(folder / "new.txt"), "--db", f"sqlite:///{path}"],
                                 capture_output=True, text=True, timeout=120)
        assert run.returncode == 1
        _assert_one_line_without_article_text(run.stderr)
    finally:
        shutil.rmtree(folder)


def test_hardening_reading_a_stale_read_only_database_shows_the_last_merge(cli, tmp_path):
    path = tmp_path / "stale.db"
    _one_article_db(cli, path)
    with sqlite3.connect(path) as connection:  # as an ingest cut short before its merge leaves it
        connection.execute("UPDATE state SET value = value + 1 WHERE key = 'facts'")
    connection.close()
    code, out, err = cli("agreements", "--json", "--db", f"sqlite:///file:{path}?mode=ro&uri=true")
    assert code == 0 and "warning: cannot merge" in err
    assert [json.loads(line) for line in out.splitlines() if line.strip()]

