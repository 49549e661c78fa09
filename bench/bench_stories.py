"""Benchmark (not a test): story detection (resolve/stories.py) on synthetic articles.

Usage: .venv/bin/python bench/bench_stories.py [SIZES...]     (default: 10000 30000 100000)

The articles are made in memory, at run time, from the sentences of ../shared/corpus/*/articles;
no text is written anywhere. An independent report takes 8-16 corpus sentences in random order
and rewrites about a third of their words with words drawn from the corpus vocabulary, so two
reports share phrases the way news on one topic does, but not whole sentences (a fixed pool of
sentences reused verbatim would make every pair of reports grow alike as the sample grows).
One article in ten is a syndicated copy of an earlier report: another first line, 3% of the
words changed and, for half of them, the last quarter cut.

Each size runs in a fresh process, so its peak memory (max RSS, from `resource`) is its own;
`before` is the resident memory once the articles are built, so peak - before is what
detection adds.
Reported: wall time, candidate pairs (LSH bucket mates, then those left by the MinHash
estimate), planted copies found in their original's story (recall), and stories holding two
independent reports (false merges).
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
COPY_SHARE = 0.1
REWRITE = 0.33


def corpus_sentences() -> list[list[str]]:
    found = []
    for path in sorted(CORPUS.glob("*/articles/*.txt")):
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            found += [s.split() for s in re.split(r"(?<=[.!?])\s+", paragraph) if len(s.split()) >= 6]
    return found


def synthetic(n: int, seed: int = 4) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """n (id, text) articles and, for each, the id of the independent report it copies (or itself)."""
    rng = random.Random(seed)
    pool = corpus_sentences()
    if not pool:
        sys.exit(f"no corpus sentences under {CORPUS}")
    vocabulary = [w for s in pool for w in s]
    articles: list[tuple[str, str]] = []
    origin: dict[str, str] = {}
    for i in range(n):
        ident = f"x{i:06d}"
        if articles and rng.random() < COPY_SHARE:
            source_id, source = articles[rng.randrange(len(articles))]
            lines = source.split("\n")
            words = " ".join(lines[1:]).split()
            for _ in range(len(words) * 3 // 100):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            if rng.random() < 0.5:
                words = words[: len(words) * 3 // 4]
            text = f"{rng.choice(vocabulary).title()} {rng.choice(vocabulary)} news\n" + " ".join(words)
            origin[ident] = origin[source_id]
        else:
            sentences = rng.sample(pool, rng.randint(8, 16))
            body = " ".join(" ".join(rng.choice(vocabulary) if rng.random() < REWRITE else w for w in s)
                            for s in sentences)
            text = f"{rng.choice(vocabulary).title()} report {i}\n" + body
            origin[ident] = ident
        articles.append((ident, text))
    return articles, origin


def resident_mb() -> float:
    """Resident memory now (Linux /proc), else the peak so far."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int) -> dict:
    from treatywatch.resolve.stories import components

    articles, origin = synthetic(n)
    ordered = sorted(articles)
    texts = [text for _, text in ordered]
    before = resident_mb()
    stats: dict[str, int] = {}
    start = time.perf_counter()
    roots = components(texts, stats=stats)  # what stories() runs, with its pair counts
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    story_of = {ident: ordered[root][0] for (ident, _), root in zip(ordered, roots)}
    copies = [a for a in origin if origin[a] != a]
    found = sum(story_of[a] == story_of[origin[a]] for a in copies)
    reports_in: dict[str, set[str]] = {}
    for article, story in story_of.items():
        reports_in.setdefault(story, set()).add(origin[article])
    return {"articles": n, "seconds": round(seconds, 1), "ms_per_article": round(seconds / n * 1000, 3),
            "before_mb": round(before), "peak_mb": round(peak), "added_mb": round(peak - before),
            "candidates": stats["candidates"], "plausible": stats["plausible"], "copies": len(copies),
            "copies_found": found, "false_merges": sum(len(r) > 1 for r in reports_in.values())}


def main(sizes: list[int]) -> None:
    print("| articles | time (s) | ms / article | RSS before (MB) | peak RSS (MB) | added (MB) | candidate pairs | "
          "after estimate | copies found | false merges |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"size {n} failed")
        r = json.loads(done.stdout)
        print(f"| {r['articles']:,} | {r['seconds']} | {r['ms_per_article']} | {r['before_mb']} | {r['peak_mb']} | "
              f"{r['added_mb']} | "
              f"{r['candidates']:,} | {r['plausible']:,} | {r['copies_found']:,} / {r['copies']:,} | "
              f"{r['false_merges']} |", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(run(int(sys.argv[2]))))
    else:
        main([int(x) for x in sys.argv[1:]] or [10_000, 30_000, 100_000])
