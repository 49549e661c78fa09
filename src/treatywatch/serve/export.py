"""Export writers: JSONL in the FORMAT.md schema (plus evidence), or a flat CSV."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

CSV_FIELDS = ("id", "title", "kind", "parties", "status", "signed", "in_force", "provisions", "articles")


def write_jsonl(records: list[dict[str, Any]], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(records: list[dict[str, Any]], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for r in records:
        def first(kind: str) -> str:
            return next((e["date"] or "" for e in r["events"] if e["kind"] == kind), "")
        writer.writerow([r["id"], r["title"], r["kind"], ";".join(r["parties"] or []), r["status"] or "",
                         first("signed"), first("in_force"),
                         ";".join(k for k, v in r["provisions"].items() if v),
                         ";".join(r["articles"])])
