"""/api/jobs: the ingests sent with POST /api/articles, run in the background one at a time."""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import secrets
import signal
import threading
import traceback
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from fastapi import APIRouter, Depends, Request

from treatywatch.errors import NotFound, StoreError, TreatywatchError
from treatywatch.records import Article, Skipped
from treatywatch.serve.api.auth import require_token
from treatywatch.serve.api.models import JobPublic
from treatywatch.store.repo import Store

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/jobs", tags=["articles"], dependencies=[Depends(require_token)])

# One ingest at a time, across every app of the process: each merges its articles into the stored agreements.
_INGEST = threading.Lock()
KEEP_FINISHED = 100   # finished jobs remembered for GET /api/jobs/{id}; the oldest are forgotten first
MAX_WAITING = 20      # queued or running jobs; one more is refused (503) rather than held in memory
NICE = 10             # the ingest process's lower CPU priority (POSIX nice increment)


class Busy(TreatywatchError):
    """Too many ingests are waiting."""


@dataclass(slots=True)
class Job:
    id: str
    articles: int
    submitted: datetime
    status: str = "queued"
    started: datetime | None = None
    finished: datetime | None = None
    extracted: int = 0   # new articles extracted so far; when it reaches `to_extract` the merge runs
    to_extract: int | None = None
    report: dict[str, Any] | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "articles": self.articles,
                "submitted": _iso(self.submitted), "started": _iso(self.started), "finished": _iso(self.finished),
                "progress": {"extracted": self.extracted, "total": self.to_extract},
                "report": self.report, "error": self.error}

    def advance(self, done: int, total: int) -> None:
        self.extracted, self.to_extract = done, total


@dataclass
class Jobs:
    """The app's ingest jobs: a queue worked by one thread, and the latest finished jobs' outcomes.

    Each ingest runs in a process of its own (`separate_process`, unless the database lives in this
    process's memory): extracting and merging are CPU-bound Python, and in the server's process they
    would hold the interpreter lock the reads need (bench/bench_load.py). A job holds its articles only
    until it has run. On shutdown the server waits for the queued jobs to finish, and Ctrl+C does not
    stop a running one, so an accepted article is stored before the server ends (unless it is killed).
    """

    store: Store
    keep: int = KEEP_FINISHED
    max_waiting: int = MAX_WAITING
    separate_process: bool | None = None   # None: whenever the database is not in memory
    _jobs: OrderedDict[str, Job] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _worker: ThreadPoolExecutor | None = None

    def submit(self, items: list[Article | Skipped]) -> Job:
        """Queue an ingest of `items`; raises Busy when `max_waiting` jobs are already queued or running."""
        with self._lock:
            waiting = sum(job.status in ("queued", "running") for job in self._jobs.values())
            if waiting >= self.max_waiting:
                raise Busy(f"{waiting} ingests are waiting already: try again when one has finished")
            job = Job(id=secrets.token_hex(8), articles=len(items), submitted=_now())
            self._jobs[job.id] = job
            if self._worker is None:
                self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="treatywatch-ingest")
            self._worker.submit(self._run, job, items)
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job with id {job_id!r} (finished jobs are kept for the latest {self.keep} only)")
        return job

    def _run(self, job: Job, items: list[Article | Skipped]) -> None:
        with _INGEST:
            job.status, job.started = "running", _now()
            try:
                report = self._ingest(job, items)
            except TreatywatchError as exc:
                job.status, job.error = "failed", str(exc)
            except Exception:  # the job's outcome is the only place a client can see what happened
                log.exception("ingest job %s failed", job.id)
                job.status, job.error = "failed", "internal error: see the server's log"
            else:
                job.report = {"read": report.read, "duplicates": report.duplicates, "extracted": report.extracted,
                              "created": report.created, "updated": report.updated,
                              "agreements": report.agreements,
                              "failures": [{"source": f.source, "reason": f.reason} for f in report.failures],
                              "partial": [{"source": f.source, "reason": f.reason} for f in report.partial]}
                job.status = "done"
            job.finished = _now()
        with self._lock:
            finished = [i for i, j in self._jobs.items() if j.status in ("done", "failed")]
            for old in finished[: max(0, len(finished) - self.keep)]:
                del self._jobs[old]

    def _ingest(self, job: Job, items: list[Article | Skipped]):
        """The ingest report, from this process or (the default) from a child process of its own."""
        from treatywatch import jobs as ingest_jobs

        separate = self.separate_process
        if separate is None:
            separate = not _in_memory(self.store.url)
        if not separate:
            return ingest_jobs.ingest_articles(self.store, items, progress=job.advance)
        # spawn, not fork: the server has threads (and SQLite connections) that a forked child must not inherit.
        context = multiprocessing.get_context("spawn")
        messages = context.Queue()
        child = context.Process(target=ingest_in_child, args=(self.store.url, items, messages),
                                name=f"treatywatch-ingest-{job.id}")
        child.start()
        try:
            while True:
                try:
                    kind, *payload = messages.get(timeout=1)
                except queue.Empty:
                    if not child.is_alive():
                        raise StoreError(f"the ingest process stopped (exit code {child.exitcode}) before it "
                                         "reported: the agreements are merged again by the next ingest") from None
                    continue
                if kind == "progress":
                    job.advance(*payload)
                elif kind == "done":
                    return payload[0]
                elif kind == "failed":
                    raise TreatywatchError(payload[0])
                else:
                    log.error("ingest job %s failed in its process:\n%s", job.id, payload[0])
                    raise RuntimeError("the ingest process failed")
        finally:
            child.join()
            messages.close()


def ingest_in_child(url: str, items: list[Article | Skipped], messages) -> None:
    """The ingest in its own process: reports ("progress", done, total), then ("done", report) or a failure."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which lets this job finish first
    if hasattr(os, "nice"):
        os.nice(NICE)  # where the cores are busy, the reads go first: an ingest may wait, a reader should not
    from treatywatch.jobs import ingest_articles

    try:
        store = Store(url)
        try:
            report = ingest_articles(store, items, progress=lambda done, total: messages.put(("progress", done, total)))
        finally:
            store.close()
    except TreatywatchError as exc:
        messages.put(("failed", str(exc)))
    except Exception:  # handed to the server's log: a child's stderr may go nowhere
        messages.put(("crashed", traceback.format_exc()))
    else:
        messages.put(("done", report))


def _in_memory(url: str) -> bool:
    """True for SQLite databases that exist only inside this process (another process would see an empty one)."""
    return url.startswith("sqlite") and (url.rstrip("/").endswith((":memory:", "sqlite:")) or "mode=memory" in url)


@router.get("/{job_id}", response_model=JobPublic,
            responses={401: {"description": "No bearer token"}, 403: {"description": "A wrong token"},
                       404: {"description": "No such job (or forgotten)"}})
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    """An ingest's status (queued, running, done, failed) and, once done, its report."""
    return request.app.state.jobs.get(job_id).as_json()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None

