"""`treatywatch batch`: shards extracted on a Dask cluster, facts written to the store, one merge at the end.

Each shard is one task: a worker reads it (batch/shards.py) and extracts its articles with the
same function as `ingest --workers` (extract/parallel.py `extract_chunk`), so the facts are
the ones `ingest` makes. The client takes the shards' results back in the order the shards
were given (at most 2 x workers shards in flight, so memory stays bounded), tells new
articles from copies exactly as `ingest` does (jobs.Fresh), saves them, and merges once.
`treatywatch batch` on a LocalCluster and on a real cluster (`--scheduler tcp://host:8786`)
is one code path; on a real cluster the workers must see the shards' paths and have
treatywatch installed.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from itertools import islice

from treatywatch.batch.shards import read_shard
from treatywatch.errors import TreatywatchError
from treatywatch.extract.parallel import CHUNK, Extracted, default_workers, extract_chunk
from treatywatch.jobs import Fresh, IngestReport, store_extracted
from treatywatch.records import Article, Skipped
from treatywatch.store.repo import Store

CONNECT_TIMEOUT = "10s"
# What a shard's task sends back: a Skipped that stopped reading, or an article with its outcome.
ShardItem = tuple[Article | None, Extracted | Skipped]


def extract_shard(shard: str) -> list[ShardItem]:
    """Read one shard and extract its articles (runs on a worker)."""
    items: list[ShardItem] = []
    stream = read_shard(shard)
    while part := list(islice(stream, CHUNK)):
        articles = [item for item in part if isinstance(item, Article)]
        outcomes = iter(extract_chunk(articles))
        items.extend((item, next(outcomes)) if isinstance(item, Article) else (None, item) for item in part)
    return items


@contextmanager
def cluster(scheduler: str | None = None, workers: int | None = None):
    """A Dask client: of the scheduler at `scheduler`, else of a LocalCluster of `workers` processes
    (one thread each: the pipeline is one core's work)."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            reason = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
            raise TreatywatchError(f"cannot reach the Dask scheduler at {scheduler}: {reason}") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as local, Client(local) as client:
        yield client


def _admitted(client, shards: list[str], window: int, fresh: Fresh, report: IngestReport,
              progress: Callable[[int, int | None], None] | None):
    """The outcomes of the new articles, shard after shard in the order given, `window` shards in flight."""
    pending: deque = deque(client.submit(extract_shard, shard, pure=False) for shard in shards[:window])
    for done, _ in enumerate(shards, 1):
        items = pending.popleft().result()
        if done - 1 + window < len(shards):
            pending.append(client.submit(extract_shard, shards[done - 1 + window], pure=False))
        fresh.look_up([article for article, _ in items if article is not None])
        for article, outcome in items:
            if article is None:
                report.failures.append(outcome)  # a Skipped of the reading
            elif fresh.admit(article):
                yield outcome
        if progress:
            progress(done, len(shards))


def run_batch(store: Store, shards: Iterable[str], *, scheduler: str | None = None, workers: int | None = None,
              progress: Callable[[int, int | None], None] | None = None) -> IngestReport:
    """Extract every shard on the cluster, store the new articles' facts, merge once; the report
    counts as `ingest`'s does (a shard that cannot be read is one failure, its articles are not lost
    silently: each is read, a duplicate, stored, or a failure)."""
    shards = list(shards)
    report = IngestReport()
    if progress:
        progress(0, len(shards))
    with cluster(scheduler, workers) as client:
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers or 1)
        saved = store_extracted(store, _admitted(client, shards, window, Fresh(store, report), report, progress), report)
    if saved or store.stale():
        rebuilt = store.rebuild()
        report.created, report.updated = rebuilt.created, rebuilt.updated
    report.agreements = store.query(limit=0)[1]
    return report
