"""How our provision coding agrees with ATOP's human coding on treaty texts.

Reads each treaty text of ../shared/atop/texts (listed in ../shared/atop/texts.jsonl, each a
treaty's primary text, read whole) through the ingest path (`extract_all`), and compares the five
obligations (defense, offense, neutrality, nonaggression, consultation) with ATOP's codes:
per treaty, per obligation, all cells, Cohen's kappa, and two baselines (all zeros; defense=1
and consultation=1).

Usage: .venv/bin/python bench/atop_check.py [ATOP_DIR] [--mode rules|model|both] [--json]
(ATOP_DIR defaults to ../shared/atop, relative to the repository root).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

OBLIGATIONS = ("defense", "offense", "neutrality", "nonaggression", "consultation")
ROOT = Path(__file__).resolve().parent.parent


def kappa(pairs: list[tuple[int, int]]) -> float:
    """Cohen's kappa of two 0/1 codings."""
    n = len(pairs)
    if n == 0:
        return 0.0
    observed = sum(a == b for a, b in pairs) / n
    p_a = sum(a for a, _ in pairs) / n
    p_b = sum(b for _, b in pairs) / n
    expected = p_a * p_b + (1 - p_a) * (1 - p_b)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def code_texts(atop: Path) -> list[dict]:
    """One row per treaty text: ATOP's codes and ours, two ways: `stage`, every provision fact the
    provision stage finds in the text (it is the agreement's text, so each speaks of it); `ingest`,
    only those of the records an ingest keeps (salience may drop the text's own agreement)."""
    from treatywatch.extract import agreements as agr
    from treatywatch.extract.article import extract_all
    from treatywatch.extract.pipeline import build
    from treatywatch.extract.provisions import find_provisions
    from treatywatch.records import Article, ArticleFacts

    records = [json.loads(line) for line in (atop / "texts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [Article(id=Path(r["file"]).stem, text=(atop / r["file"]).read_text(encoding="utf-8")) for r in records]
    ingested = {facts.article.id: facts.provisions for facts in extract_all(articles) if isinstance(facts, ArticleFacts)}
    nlp = build()
    rows = []
    for record, article in zip(records, articles):
        doc = nlp(article.text)
        mentions = agr.find_mentions(doc)
        agr.cluster(mentions)  # numbers the mentions' clusters, as extract() does
        stage = find_provisions(doc, mentions, article.id)
        rows.append({"treaty": article.id, "status": record.get("text_status", ""),
                     "atop": {k: int(record["atop_codes"][k]) for k in OBLIGATIONS},
                     "ours": _coded(stage), "ingest": _coded(ingested.get(article.id, []))})
    return rows


def _coded(facts) -> dict[str, int]:
    """1 where some sentence gives the key and none denies it."""
    values: dict[str, list[bool]] = {}
    for fact in facts:
        values.setdefault(fact.key.value, []).append(fact.value)
    return {k: int(bool(values.get(k)) and all(values[k])) for k in OBLIGATIONS}


def summary(rows: list[dict]) -> dict:
    def score(guess) -> dict:
        pairs = [(row["atop"][k], guess(row, k)) for row in rows for k in OBLIGATIONS]
        agree = sum(a == b for a, b in pairs)
        return {"agree": agree, "cells": len(pairs), "share": agree / len(pairs), "kappa": kappa(pairs)}

    ours = score(lambda row, k: row["ours"][k])
    ingest = score(lambda row, k: row["ingest"][k])
    tp = sum(row["atop"][k] and row["ours"][k] for row in rows for k in OBLIGATIONS)
    said = sum(row["ours"][k] for row in rows for k in OBLIGATIONS)
    coded = sum(row["atop"][k] for row in rows for k in OBLIGATIONS)
    per_obligation = {}
    for k in OBLIGATIONS:
        pairs = [(row["atop"][k], row["ours"][k]) for row in rows]
        per_obligation[k] = {"agree": sum(a == b for a, b in pairs), "of": len(pairs), "kappa": kappa(pairs),
                             "atop_1": sum(a for a, _ in pairs), "ours_1": sum(b for _, b in pairs),
                             "both_1": sum(a and b for a, b in pairs)}
    return {"ours": ours, "ingest": ingest, "precision": tp / said if said else 1.0, "recall": tp / coded if coded else 1.0,
            "baseline_zeros": score(lambda row, k: 0),
            "baseline_defense_consultation": score(lambda row, k: int(k in ("defense", "consultation"))),
            "per_obligation": per_obligation}


def render(rows: list[dict], result: dict, mode: str) -> str:
    short = {"defense": "d", "offense": "o", "neutrality": "n", "nonaggression": "na", "consultation": "c"}
    lines = [f"provisions mode: {mode}", "",
             "| treaty | text | ATOP d/o/n/na/c | ours | agree | ingest's records |", "|---|---|---|---|---:|---|"]
    for row in rows:
        atop = "/".join(str(row["atop"][k]) for k in OBLIGATIONS)
        ours = "/".join(str(row["ours"][k]) for k in OBLIGATIONS)
        agree = sum(row["atop"][k] == row["ours"][k] for k in OBLIGATIONS)
        ingest = "/".join(str(row["ingest"][k]) for k in OBLIGATIONS)
        lines.append(f"| {row['treaty']} | {row['status']} | {atop} | {ours} | {agree}/5 | {ingest} |")
    lines += ["", "| obligation | agree | kappa | ATOP 1s | ours 1s | both 1 |", "|---|---:|---:|---:|---:|---:|"]
    for k, v in result["per_obligation"].items():
        lines.append(f"| {k} ({short[k]}) | {v['agree']}/{v['of']} | {v['kappa']:.2f} | {v['atop_1']} | {v['ours_1']} | {v['both_1']} |")
    lines += ["", "| coding | cells agreeing | share | kappa |", "|---|---:|---:|---:|"]
    for name, key in (("ours (provision stage)", "ours"), ("ours (ingest's records)", "ingest"), ("all zeros", "baseline_zeros"),
                      ("defense=1, consultation=1", "baseline_defense_consultation")):
        s = result[key]
        lines.append(f"| {name} | {s['agree']}/{s['cells']} | {s['share']:.2f} | {s['kappa']:.2f} |")
    lines.append(f"\nours: precision of the 1s {result['precision']:.2f}, recall {result['recall']:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("atop", nargs="?", type=Path, default=ROOT / ".." / "shared" / "atop")
    parser.add_argument("--mode", choices=("rules", "model", "both"), default=None,
                        help="who codes provisions (sets TREATYWATCH_PROVISIONS; default: the shipped default)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.mode:
        os.environ["TREATYWATCH_PROVISIONS"] = args.mode
    from treatywatch.extract.provisions import provision_mode

    rows = code_texts(args.atop)
    result = summary(rows)
    if args.json:
        print(json.dumps({"mode": provision_mode(), "rows": rows, **result}, indent=1))
    else:
        print(render(rows, result, provision_mode()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
