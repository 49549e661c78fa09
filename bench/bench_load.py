"""Benchmark (not a test): reads against a real server while an API ingest writes.

Usage: .venv/bin/python bench/bench_load.py [--articles 2000] [--new 200] [--reads 2000] [--concurrency 20] [--postgres]

Builds (once, then reuses) a SQLite store of synthetic articles under bench/out/, copies it, starts
`treatywatch serve --token …` on 127.0.0.1 on a free port, posts `--new` new articles (one ingest job)
and, while the job runs, sends `--reads` GET requests `--concurrency` at a time over /api/agreements,
/api/agreements/{id}, /api/parties/{code}, /api/graph and /, then goes on reading until the job has
finished. The same reads before the ingest are the baseline. Prints errors and latency per endpoint
and per phase of the job (extracting the new articles, then merging every agreement again) as
markdown tables. Localhost only; every request has a timeout and the whole run a deadline. With
`--postgres` the store is a throwaway PostgreSQL cluster (tests/conftest.py's) holding a copy of it.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx

OUT = Path(__file__).resolve().parent / "out"
DEADLINE_S = 900          # the whole run, building the store aside
REQUEST_TIMEOUT_S = 30

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TOPICS = ["fisheries", "air services", "cultural exchange", "the avoidance of double taxation", "customs cooperation",
          "shared water resources", "visa-free travel", "scientific research", "energy transit", "border crossings",
          "road transport", "the protection of investments", "health cooperation", "maritime search and rescue"]
AREAS = ["trade and investment", "education and science", "transport and logistics", "energy", "agriculture",
         "tourism", "environmental protection", "information exchange"]
# Our own wording: one template per lifecycle step, so the store holds signed, ratified and in-force agreements.
TEMPLATES = [
    "{CITY}, {month} {day}, {year} - {A} and {B} signed an agreement on {topic} in {city} on {weekday}. "
    "Officials said the agreement provides for closer cooperation in {area}. The ministers of both countries "
    "called the document an important step.",
    "{CITY}, {month} {day}, {year} - The foreign ministers of {A} and {B} signed a memorandum of understanding on "
    "{topic} on {weekday}. The memorandum covers {area} and will be reviewed every two years.",
    "{CITY}, {month} {day}, {year} - The parliament of {A} on {weekday} ratified the agreement on {topic} with "
    "{B}. The agreement was signed last year and covers {area}.",
    "{CITY}, {month} {day}, {year} - A treaty on {topic} between {A} and {B} entered into force on {weekday}, "
    "the foreign ministry said. Both sides undertook to cooperate in {area}.",
]


def gazetteer_states(rng: random.Random) -> list[tuple[str, str]]:
    """(name, capital) of the gazetteer's states that have a capital, in a shuffled order."""
    from treatywatch.extract import gazetteer

    names = gazetteer.load()
    capitals: dict[str, str] = {}
    for phrase, (label, code) in names.phrases.items():
        if label == "CAPITAL":
            capitals.setdefault(code, phrase)
    states = [(names.state_names[code], capitals[code]) for code in sorted(capitals) if code in names.state_names]
    rng.shuffle(states)
    return states


def synthetic_articles(count: int, *, seed: int, prefix: str) -> list[dict[str, str]]:
    """`count` short news items about agreements between pairs of states (varied states, topics, steps, dates)."""
    rng = random.Random(seed)
    states = gazetteer_states(rng)[:80]
    articles = []
    for number in range(count):
        (a, city), (b, _) = rng.sample(states, 2)
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(365 * 10))
        text = rng.choice(TEMPLATES).format(
            CITY=city.upper(), city=city, month=MONTHS[day.month - 1], day=day.day, year=day.year,
            weekday=WEEKDAYS[day.weekday()], A=a, B=b, topic=rng.choice(TOPICS), area=rng.choice(AREAS))
        articles.append({"id": f"{prefix}{number:05d}", "text": text, "published": day.isoformat(),
                         "outlet": rng.choice(["Capital Wire", "Regional Courier", "Evening Dispatch"])})
    return articles


def build_store(path: Path, count: int) -> None:
    """Ingest `count` synthetic articles into a new SQLite store at `path` (in this process)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".building")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    fill_store(f"sqlite:///{partial}", count, path.name)
    partial.rename(path)


def copy_store(source: str, target: str) -> None:
    """The articles and facts of the store at `source` saved into the empty store at `target`, then merged there
    (the same records, without extracting the articles again)."""
    from treatywatch.store.repo import Store

    start = time.perf_counter()
    origin, copy = Store(source), Store(target)
    for facts in origin.all_facts():
        copy.save_facts(facts)
    report = copy.rebuild()
    origin.close()
    copy.close()
    print(f"copied {source.rsplit('/', 1)[-1]} into PostgreSQL: {report.total} agreements "
          f"in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def fill_store(url: str, count: int, name: str) -> None:
    """Ingest `count` synthetic articles into the empty store at `url` (in this process)."""
    from treatywatch.ingest.read import article_from_row
    from treatywatch.jobs import ingest_articles
    from treatywatch.store.repo import Store

    start = time.perf_counter()
    store = Store(url)
    items = [article_from_row(row, f"item {i}") for i, row in enumerate(synthetic_articles(count, seed=1, prefix="b"))]
    report = ingest_articles(store, items)
    store.close()
    print(f"built {name}: {report.extracted} articles, {report.agreements} agreements "
          f"in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, port: int, token: str) -> subprocess.Popen:
    command = Path(sys.executable).with_name("treatywatch")
    argv = [str(command)] if command.exists() else [sys.executable, "-c", "from treatywatch.serve.cli import main; main()"]
    # The token goes in the environment (`serve --token T` works as well, but shows in the process list).
    environment = {**os.environ, "TREATYWATCH_TOKEN": token}
    return subprocess.Popen([*argv, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", url],
                            env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_ready(client: httpx.Client, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read() if server.stderr else ''}")
        try:
            if client.get("/api/graph?year=1000").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer within 2 minutes")


class JobWatch(threading.Thread):
    """Polls the job every 50 ms: which phase (queued, extracting, merging, done) the store was in, and when."""

    def __init__(self, client: httpx.Client, location: str, token: str, deadline: float):
        super().__init__(daemon=True)
        self.client, self.location, self.token, self.deadline = client, location, token, deadline
        self.phase = "queued"
        self.changes: list[tuple[float, str]] = [(time.perf_counter(), "queued")]
        self.job: dict = {}

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            try:
                self.job = self.client.get(self.location, headers={"Authorization": f"Bearer {self.token}"}).json()
            except httpx.HTTPError:
                time.sleep(0.05)
                continue
            progress = self.job.get("progress") or {}
            phase = {"queued": "queued", "done": "after", "failed": "after"}.get(self.job["status"])
            if phase is None:
                done, total = progress.get("extracted", 0), progress.get("total")
                phase = "merging" if total is not None and done >= total else "extracting"
            if phase != self.phase:
                self.phase = phase
                self.changes.append((time.perf_counter(), phase))
            if phase == "after":
                return
            time.sleep(0.05)


def read_paths(rng: random.Random, ids: list[str], parties: list[str], count: int) -> list[tuple[str, str]]:
    """(endpoint, path): `count` reads spread evenly over the five endpoints, in a random order."""
    makers = {
        "/api/agreements": lambda: f"/api/agreements?limit=50&offset={rng.randrange(0, max(1, len(ids) - 50))}"
                                   + rng.choice(["", f"&party={rng.choice(parties)}", "&status=signed", "&q=agreement"]),
        "/api/agreements/{id}": lambda: f"/api/agreements/{rng.choice(ids)}",
        "/api/parties/{code}": lambda: f"/api/parties/{rng.choice(parties)}",
        "/api/graph": lambda: "/api/graph" + rng.choice(["", "?year=2020"]),
        "/": lambda: "/" + rng.choice(["", "?sort=date&desc=1", f"?party={rng.choice(parties)}", "?page=3"]),
    }
    names = list(makers)
    reads = [(names[i % len(names)], makers[names[i % len(names)]]()) for i in range(count)]
    rng.shuffle(reads)
    return reads


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def table(rows: dict[str, list[tuple[float, bool]]], title: str) -> str:
    lines = [f"| {title} | reads | errors | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|---:|"]
    everything: list[tuple[float, bool]] = []
    for name, samples in rows.items():
        everything += samples
        times = [ms for ms, _ in samples]
        lines.append(f"| `{name}` | {len(samples)} | {sum(not ok for _, ok in samples)} | "
                     f"{statistics.median(times):.0f} | {percentile(times, 0.95):.0f} | {max(times):.0f} |")
    times = [ms for ms, _ in everything]
    if times:
        lines.append(f"| all | {len(times)} | {sum(not ok for _, ok in everything)} | {statistics.median(times):.0f} | "
                     f"{percentile(times, 0.95):.0f} | {max(times):.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles in the store before the ingest")
    parser.add_argument("--new", type=int, default=200, help="new articles posted as one ingest job")
    parser.add_argument("--reads", type=int, default=2000, help="GET requests sent during the ingest")
    parser.add_argument("--concurrency", type=int, default=20, help="requests in flight at once")
    parser.add_argument("--rebuild", action="store_true", help="build the store again even if one is there")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false",
                        help="skip the first round of reads with no write")
    parser.add_argument("--postgres", action="store_true",
                        help="serve from a throwaway PostgreSQL cluster (built afresh each run) instead of SQLite")
    options = parser.parse_args()

    base = OUT / f"load-{options.articles}.db"
    if options.rebuild or not base.exists():
        build_store(base, options.articles)
    if options.postgres:
        from throwaway_pg import throwaway_postgres

        with throwaway_postgres() as url:
            copy_store(f"sqlite:///{base}", url)
            serve_and_read(url, options)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        shutil.copy(base, db)  # every run starts from the same store; the ingest writes to the copy
        serve_and_read(f"sqlite:///{db}", options)


def serve_and_read(url: str, options: argparse.Namespace) -> None:
    deadline = time.monotonic() + DEADLINE_S
    token = secrets.token_hex(16)
    port = free_port()
    server = start_server(url, port, token)
    limits = httpx.Limits(max_connections=options.concurrency + 2, max_keepalive_connections=options.concurrency + 2)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=REQUEST_TIMEOUT_S, limits=limits) as client:
            wait_ready(client, server)
            print(f"store: {url.split(':')[0]}")
            run(client, token, options, deadline)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)  # it finishes an ingest still running before it stops
        except subprocess.TimeoutExpired:
            server.kill()


def run(client: httpx.Client, token: str, options: argparse.Namespace, deadline: float) -> None:
    rng = random.Random(2)
    first = client.get("/api/agreements", params={"limit": 500}).json()
    ids = [item["id"] for item in first["items"]]
    parties = sorted({p for item in first["items"] for p in item["parties"] or []})
    print(f"store: {first['total']} agreements, {len(parties)} parties among the first 500\n")
    for _, path in read_paths(rng, ids, parties, 50):  # warm-up: templates, the gazetteer, SQLite's cache
        client.get(path)
    results: list[tuple[str, str, float, bool, str]] = []  # endpoint, phase when sent, ms, ok, error

    def read_all(reads: list[tuple[str, str]], phase_of, until=None) -> None:
        def read(endpoint: str, path: str) -> None:
            if time.monotonic() > deadline or (until and until()):
                return
            phase = phase_of()
            sent = time.perf_counter()
            try:
                response = client.get(path)
                ok, error = response.status_code == 200, f"{response.status_code} {path}"
            except httpx.HTTPError as exc:
                ok, error = False, f"{type(exc).__name__} {path}"
            results.append((endpoint, phase, (time.perf_counter() - sent) * 1000, ok, "" if ok else error))

        with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
            for endpoint, path in reads:
                pool.submit(read, endpoint, path)

    if options.baseline:
        start = time.perf_counter()
        read_all(read_paths(rng, ids, parties, options.reads), lambda: "no write (baseline)")
        print(f"baseline: {options.reads} reads in {time.perf_counter() - start:.1f} s with no write")

    new = synthetic_articles(options.new, seed=secrets.randbits(32), prefix=f"n{secrets.token_hex(3)}-")
    start = time.perf_counter()
    accepted = client.post("/api/articles", json=new, headers={"Authorization": f"Bearer {token}"})
    if accepted.status_code != 202:
        raise SystemExit(f"POST /api/articles answered {accepted.status_code}: {accepted.text[:300]}")
    print(f"POST /api/articles ({options.new} articles): {accepted.status_code} in "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")
    watch = JobWatch(client, accepted.headers["location"], token, deadline)
    watch.start()
    read_all(read_paths(rng, ids, parties, options.reads), lambda: watch.phase)
    reads_done = time.perf_counter()
    # The merge usually outlasts the reads above: go on reading (as many again at most) until the job is done.
    read_all(read_paths(rng, ids, parties, options.reads), lambda: watch.phase,
             until=lambda: watch.phase == "after")
    watch.join(timeout=max(1.0, deadline - time.monotonic()))
    report = watch.job.get("report") or {}
    timeline = ", ".join(f"{phase} at {moment - start:.1f} s" for moment, phase in watch.changes)
    print(f"job: {watch.job.get('status')} ({timeline}); the {options.reads} reads took {reads_done - start:.1f} s")
    print(f"report: {report}\n")

    by_endpoint: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    by_phase: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for endpoint, phase, ms, ok, _ in results:
        by_phase[phase].append((ms, ok))
        if phase in ("queued", "extracting", "merging"):
            by_endpoint[endpoint].append((ms, ok))
    print(table(dict(sorted(by_endpoint.items())), "reads while the ingest ran"))
    print()
    print(table({p: by_phase[p] for p in ("no write (baseline)", "queued", "extracting", "merging", "after")
                 if p in by_phase}, "phase of the ingest when sent"))
    errors = [error for *_, ok, error in results if not ok]
    print(f"\nerrors: {len(errors)}" + "".join(f"\n  {e}" for e in sorted(set(errors))[:20]))


if __name__ == "__main__":
    main()
