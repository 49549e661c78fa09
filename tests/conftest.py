"""Shared fixtures: the spaCy pipeline (once per session), a fresh store, article and CLI helpers, PostgreSQL."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

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


# -- PostgreSQL: one throwaway server per session, a fresh database per test ------------------------------


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs a PostgreSQL server (started by the `postgres` fixture)")


def _postgres_bin() -> Path | None:
    """The folder holding initdb and postgres: Debian's newest /usr/lib/postgresql/N/bin, else the PATH's."""
    folders = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    folders.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        folders.append(Path(on_path).parent)
    return next((f for f in folders if (f / "postgres").exists()), None)


class PostgresServer:
    """A PostgreSQL cluster in a temporary folder, listening only on a unix socket there."""

    ROLE = "treatywatch"

    def __init__(self, bindir: Path):
        import psycopg

        self._psycopg = psycopg
        self._names = itertools.count(1)
        # Not under pytest's tmp_path: that is private to our user, and the server may run as another one.
        self.folder = Path(tempfile.mkdtemp(prefix="treatywatch-pg-"))
        self._as = {}
        if os.geteuid() == 0:  # postgres refuses to run as root: the package's system user (or nobody) runs it
            account = next((a for a in ("postgres", "nobody") if _account(a)), None)
            if account is None:
                pytest.skip("running as root and neither a 'postgres' nor a 'nobody' user to run PostgreSQL as")
            entry = _account(account)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            self._as = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        data = self.folder / "data"
        self.log = self.folder / "server.log"
        env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}
        # C collation: text sorts by code point, as in SQLite.
        initdb = subprocess.run([str(bindir / "initdb"), "-D", str(data), "-U", self.ROLE, "--auth=trust",
                                 "-E", "UTF8", "--locale=C", "--no-sync"], cwd=self.folder, env=env,
                                capture_output=True, text=True, **self._as)
        if initdb.returncode:
            self.remove()
            raise RuntimeError(f"initdb failed: {initdb.stderr.strip()}")
        self._log = self.log.open("w")
        self.process = subprocess.Popen(
            [str(bindir / "postgres"), "-D", str(data), "-k", str(self.folder), "-c", "listen_addresses=",
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            cwd=self.folder, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            **self._as)
        deadline = time.monotonic() + 30
        while True:
            try:
                self._psycopg.connect(host=str(self.folder), user=self.ROLE, dbname="postgres").close()
                break
            except self._psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"postgres did not start: {self.log.read_text().strip()}") from None
                time.sleep(0.05)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.ROLE}@/{database}?host={quote(str(self.folder), safe='')}"

    def database(self) -> str:
        """A new, empty database: its SQLAlchemy URL."""
        name = f"test{next(self._names)}"
        with self._psycopg.connect(host=str(self.folder), user=self.ROLE, dbname="postgres", autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown: it does not wait for clients to leave
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _account(name: str):
    import pwd
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the session (skipped, with the reason, where its binaries or psycopg are absent)."""
    bindir = _postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (no initdb/postgres): `make test-deps` installs Debian's package")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install -e '.[dev]' (or '.[postgres]')")
    server = PostgresServer(bindir)
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres):
    """The SQLAlchemy URL of a new, empty PostgreSQL database."""
    return postgres.database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """The URL of a new, empty database: a SQLite file, then (a second run of the test) PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def any_store(db_url):
    """A fresh store on each database the project supports (SQLite and PostgreSQL)."""
    from treatywatch.store.repo import Store
    s = Store(db_url)
    yield s
    s.close()
