"""Recall and selectivity of the relevance prefilter (extract/relevance.py) on gold corpora.

Usage: .venv/bin/python bench/bench_relevance.py ../shared/corpus/seeds ../shared/corpus/dev ../shared/corpus/world
       [--check-facts]

Per corpus: gold articles that report on an agreement and pass the filter (recall must be 100 %),
distractors the filter lets through, and the filter's time per article. With --check-facts every
article the filter turns away is also extracted in full: one without a cue must give no agreement
at all, one without a party no agreement with parties (the filter's promise is stronger than
recall on the gold). Exits 1 when a promise is broken.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from treatywatch.evaluate import load_corpus
from treatywatch.extract.article import extract_all
from treatywatch.extract.relevance import can_report, is_relevant
from treatywatch.ingest.read import read
from treatywatch.records import Article


def main(argv: list[str]) -> int:
    check_facts = "--check-facts" in argv
    broken = 0
    print("| corpus | articles | reporting ones passed | distractors passed | µs per article | turned away with facts |")
    print("|---|---:|---:|---:|---:|---:|")
    for corpus in (Path(a) for a in argv if not a.startswith("--")):
        _, pages = load_corpus(corpus)
        gold = {page["id"]: page.get("agreements") or [] for page in pages}
        articles = [a for a in read([str(corpus / "articles")]) if not hasattr(a, "reason")]
        is_relevant(Article(id="warm-up", text="-"))  # compiles the patterns
        start = time.perf_counter()
        passed = {a.id: is_relevant(a) for a in articles}
        micro = (time.perf_counter() - start) / max(len(articles), 1) * 1e6
        reporting = [a.id for a in articles if gold.get(a.id)]
        distractors = [a.id for a in articles if not gold.get(a.id)]
        missed = [i for i in reporting if not passed[i]]
        with_facts = "-"
        if check_facts:
            away = [a for a in articles if not passed[a.id]]
            # turned away for want of a cue: no agreement at all; for want of a party: none with parties
            found = [f.article.id for f in extract_all(away) if hasattr(f, "agreements") and (
                     f.agreements if not can_report(f.article.text) else
                     any(m.parties for m in f.agreements + f.passing))]
            with_facts = str(len(found))
            broken += len(found)
            for article_id in found:
                print(f"  turned away but has facts: {corpus}/{article_id}", file=sys.stderr)
        for article_id in missed:
            print(f"  missed: {corpus}/{article_id}", file=sys.stderr)
        broken += len(missed)
        print(f"| `{corpus}` | {len(articles)} | {len(reporting) - len(missed)} / {len(reporting)} | "
              f"{sum(passed[i] for i in distractors)} / {len(distractors)} | {micro:.0f} | {with_facts} |")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
