"""A throwaway PostgreSQL cluster for the benchmarks, started the way the tests start theirs (tests/conftest.py)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """The SQLAlchemy URL of an empty database in a cluster of its own, listening on a unix socket only;
    the cluster and its files are removed afterwards."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import PostgresServer, _postgres_bin

    bindir = _postgres_bin()
    if bindir is None:
        raise SystemExit("PostgreSQL is not installed (no initdb/postgres): `make test-deps` installs it")
    server = PostgresServer(bindir)
    # A benchmark stopped with SIGTERM stops its cluster too (the default action would leave it running).
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        yield server.database()
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
