"""Benchmark (not a test): page and API latency with 10,000 agreements in a SQLite store.

Usage: .venv/bin/python bench/bench_web.py [N_AGREEMENTS]
Fills a temporary database with synthetic agreement records (written through the tables),
then times each page and endpoint through the ASGI test client: median and 95th percentile
of 30 requests after 3 warm-up requests.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from treatywatch.serve.api.app import create_app
from treatywatch.store.repo import Store
from treatywatch.store.tables import AgreementArticleRow, AgreementPartyRow, AgreementRow, ArticleRow

STATES = ["KAZ", "KGZ", "TJK", "TKM", "UZB", "AZE", "ARM", "GEO", "RUS", "BLR", "TUR", "CHN", "IND", "JPN", "KOR",
          "VNM", "LAO", "KHM", "THA", "PHL", "IDN", "AUS", "NZL", "PNG", "FJI", "SAU", "ARE", "QAT", "IRN", "IRQ"]
KINDS = ["treaty", "agreement", "declaration", "memorandum", "protocol"]
STEPS = ["proposed", "signed", "ratified", "in_force", "terminated"]
KEYS = ["defense", "consultation", "nonaggression", "military_cooperation", "economic_cooperation", "border"]


def fill(store: Store, n: int) -> None:
    """n agreements of about the size real ones have (~5 kB with their quotes), n / 10 articles."""
    rng = random.Random(7)
    n_articles = max(1, n // 10)
    sentence = "The two governments said the document commits both sides to closer cooperation. "
    with store.sessions.begin() as session:
        for i in range(n_articles):
            text = f"CAPITAL, {rng.randint(1, 28)} March 2024 - " + sentence * 30
            session.add(ArticleRow(id=f"x{i:04d}", url=f"https://news.example.org/{i}", outlet="Example Wire",
                                   published=date(2024, 3, 1), title=f"Report {i}", text=text,
                                   content_hash=f"{i:064d}", facts={}, ingested_at=datetime(2024, 3, 2)))
        session.flush()
        for i in range(n):
            parties = sorted(rng.sample(STATES, rng.choice([2, 2, 2, 3])))
            kind = rng.choice(KINDS)
            year = rng.randint(1995, 2025)
            steps = STEPS[: rng.randint(1, 4)]
            article = f"x{i % n_articles:04d}"
            events = [{"kind": k, "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "place": None,
                       "party": parties[0] if k == "ratified" else None, "body": None, "articles": [article]}
                      for k in steps]
            provisions = {k: True for k in rng.sample(KEYS, 2)}

            def quotes(count: int) -> list[dict]:
                start = rng.randint(0, 2000)
                return [{"article_id": article, "start": start, "end": start + 160, "primary": False,
                         "quote": (sentence * 2)[:160]} for _ in range(count)]

            record = {"id": f"agr-{i:05d}", "title": f"{kind.title()} on cooperation no. {i} between "
                      + " and ".join(parties), "kind": kind, "parties": parties, "status": steps[-1], "events": events,
                      "provisions": provisions, "articles": [article],
                      "evidence": {"agreement": quotes(8), "events": [quotes(3) for _ in events],
                                   "provisions": {k: quotes(3) for k in provisions}}}
            dates = sorted(e["date"] for e in events)
            session.add(AgreementRow(id=record["id"], title=record["title"], kind=kind, status=steps[-1],
                                     first_date=dates[0], last_date=dates[-1], record=record))
            session.flush()
            session.add_all(AgreementPartyRow(agreement_id=record["id"], party=p) for p in parties)
            session.add(AgreementArticleRow(agreement_id=record["id"], article_id=article))


def timed(client: TestClient, path: str, runs: int = 30) -> tuple[float, float]:
    for _ in range(3):
        client.get(path)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        start = time.perf_counter()
        fill(store, n)
        print(f"filled {n} agreements in {time.perf_counter() - start:.1f} s\n")
        client = TestClient(create_app(store))
        paths = ["/", "/?sort=date&desc=1&page=50", "/?sort=status&year=2010", "/?party=KAZ&kind=treaty",
                 "/?q=no.%2099", "/agreements/agr-04242", "/articles/x0042", "/compare?ids=agr-00001,agr-00002,agr-00003",
                 "/map", "/docs", "/api/agreements?limit=100", "/api/agreements?limit=500",
                 "/api/agreements?party=UZB&status=ratified", "/api/agreements/agr-04242", "/api/articles/x0042",
                 "/api/parties/KAZ", "/api/graph?year=2000", "/api/graph"]
        print("| request | median ms | p95 ms |\n|---|---:|---:|")
        for path in paths:
            median, p95 = timed(client, path)
            print(f"| `{path}` | {median:.1f} | {p95:.1f} |")
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
