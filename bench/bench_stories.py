"""Benchmark (not a test): near-duplicate story detection on synthetic articles.

Usage: .venv/bin/python bench/bench_stories.py [SIZES...]   (default 10000 30000 100000)
Articles are built in memory from the sentences of ../shared/corpus (shuffled and mutated;
nothing is written to disk); one in ten is a light rewrite of an earlier one. Each size runs
in a fresh process so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def sentences() -> list[str]:
    found = []
    for path in sorted(CORPUS.glob("*/articles/*.txt")):
        found += [s.strip() for s in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8")) if len(s.split()) > 6]
    return found


def articles(n: int, seed: int = 11):
    rng = random.Random(seed)
    pool = sentences()
    vocabulary = sorted({w for s in pool for w in s.split()})
    made: list[str] = []
    for i in range(n):
        if made and rng.random() < 0.1:  # a light rewrite of an earlier article
            words = rng.choice(made).split()
            for _ in range(len(words) // 20):
                words[rng.randrange(len(words))] = rng.choice(["said", "reported", "noted", "the", "new"])
            text = " ".join(words)
        else:
            # corpus sentences with a third of their words swapped: new reports in the corpus's language,
            # not copies of each other (the corpus has only a few thousand sentences)
            words = " ".join(rng.sample(pool, 12)).split()
            text = " ".join(rng.choice(vocabulary) if rng.random() < 0.33 else w for w in words)
        if len(made) < 5000:
            made.append(text)
        yield f"a{i}", text


def run(n: int) -> dict:
    from treatywatch.resolve.stories import stories

    docs = list(articles(n))
    start = time.perf_counter()
    groups = stories(docs)
    seconds = time.perf_counter() - start
    return {"articles": n, "seconds": round(seconds, 1), "per_1000": round(seconds / n * 1000, 2),
            "stories": len(set(groups.values())), "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main(sizes: list[int]) -> None:
    print("| articles | time (s) | s per 1,000 | stories | peak RSS (MB) |\n|---:|---:|---:|---:|---:|")
    for n in sizes:
        result = json.loads(subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True,
                                           text=True, check=True).stdout)
        print(f"| {result['articles']:,} | {result['seconds']} | {result['per_1000']} | {result['stories']:,} | "
              f"{result['peak_mb']} |")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run(int(sys.argv[2]))))
    else:
        main([int(x) for x in sys.argv[1:]] or [10_000, 30_000, 100_000])
