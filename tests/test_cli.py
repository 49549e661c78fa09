"""The command line end to end, through the real entry point."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import EXAMPLES, TEST_CORPUS


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_ingest_list_show_export(cli, db, tmp_path):
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
