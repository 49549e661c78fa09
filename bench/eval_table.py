"""Print the README's accuracy table: `treatywatch evaluate` on each corpus, with wall time.

Usage: .venv/bin/python bench/eval_table.py ../shared/corpus/seeds ../shared/corpus/dev tests/data/corpus examples
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from treatywatch.evaluate import METRICS, evaluate_corpus


def main(paths: list[str]) -> None:
    rows = []
    for path in paths:
        start = time.perf_counter()
        metrics = evaluate_corpus(Path(path)).metrics()
        rows.append((path, metrics, time.perf_counter() - start))
    names = [*METRICS, "overall"]
    print("| corpus | " + " | ".join(names) + " | time |")
    print("|---|" + "---:|" * (len(names) + 1))
    for path, metrics, seconds in rows:
        print(f"| `{path}` | " + " | ".join(f"{metrics[n]:.3f}" for n in names) + f" | {seconds:.1f} s |")


if __name__ == "__main__":
    main(sys.argv[1:])
