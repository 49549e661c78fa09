"""Every article's facts as one JSON line each, to compare two settings of the extractors.

Usage: .venv/bin/python bench/facts_dump.py OUT.jsonl CORPUS...
e.g. TREATYWATCH_NER=full .venv/bin/python bench/facts_dump.py /tmp/full.jsonl ../shared/corpus/dev
     .venv/bin/python bench/facts_dump.py /tmp/focused.jsonl ../shared/corpus/dev
     cmp /tmp/full.jsonl /tmp/focused.jsonl   (or diff them: one line per article, keys sorted)
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from treatywatch.extract.article import extract_all
from treatywatch.ingest.read import read


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out, corpora = Path(argv[0]), [Path(c) for c in argv[1:]]
    articles = [a for corpus in corpora for a in read([corpus])]
    with out.open("w", encoding="utf-8") as f:
        for facts in extract_all(articles):
            f.write(json.dumps(dataclasses.asdict(facts), default=str, sort_keys=True) + "\n")
    print(f"{len(articles)} articles -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
