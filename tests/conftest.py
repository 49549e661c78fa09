"""Shared fixtures: the spaCy pipeline (once per session), a fresh store, article and CLI helpers."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from treatywatch.records import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TEST_CORPUS = ROOT / "tests" / "data" / "corpus"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp():
    from treatywatch.extract.pipeline import build
    return build()


@pytest.fixture
def store(tmp_path):
    from treatywatch.store.repo import Store
    s = Store(f"sqlite:///{tmp_path / 'test.db'}")
    yield s
    s.close()


def ingested_store(folder: Path, articles: dict[str, str]):
    """A SQLite store in `folder` holding `articles` (id -> text), ingested as files."""
    from treatywatch.jobs import ingest
    from treatywatch.store.repo import Store

    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text)
    store = Store(f"sqlite:///{folder / 'store.db'}")
    ingest(store, [str(folder)])
    return store


@pytest.fixture
def facts_of(nlp):
    """Extract one article written inline: facts_of(text, published=date(...))."""
    from treatywatch.extract.article import extract_all
    from treatywatch.ingest.boilerplate import clean

    def run(text: str, published: date | None = None, article_id: str = "a1"):
        return next(extract_all([Article(id=article_id, text=clean(text), published=published)]))
    return run


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run the real entry point: returns (exit code, stdout, stderr)."""
    from treatywatch.serve.cli import main

    def run(*args: str, stdin: str | None = None):
        monkeypatch.setattr(sys, "argv", ["treatywatch", *args])
        if stdin is not None:
            import io
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code or 0
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run
