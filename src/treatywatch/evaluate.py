"""The scorer behind `treatywatch evaluate`: exported records against a gold corpus (FORMAT.md).

Predicted agreements are matched one-to-one to gold agreements by the articles
they share, their parties and their titles. A prediction matched to an
`optional` gold record is neither rewarded nor counted as wrong.
"""

from __future__ import annotations

import json
import tempfile

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from treatywatch.errors import InputError, TreatywatchError
from treatywatch.jobs import ingest
from treatywatch.store.repo import Store

MATCH_THRESHOLD = 0.35
METRICS = ("agreements_f1", "parties_exact", "kind_accuracy", "events_f1", "provisions_f1", "attribution_f1")


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(slots=True)
class Report:
    agreements: Score = field(default_factory=Score)
    events: Score = field(default_factory=Score)
    provisions: Score = field(default_factory=Score)
    attribution: Score = field(default_factory=Score)
    parties: list[bool] = field(default_factory=list)
    kinds: list[bool] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    matches: dict[str, str] = field(default_factory=dict)  # predicted id -> gold id

    def metrics(self) -> dict[str, float]:
        values = {
            "agreements_f1": self.agreements.f1,
            "parties_exact": sum(self.parties) / len(self.parties) if self.parties else 1.0,
            "kind_accuracy": sum(self.kinds) / len(self.kinds) if self.kinds else 1.0,
            "events_f1": self.events.f1,
            "provisions_f1": self.provisions.f1,
            "attribution_f1": self.attribution.f1,
        }
        values["overall"] = sum(values[m] for m in METRICS) / len(METRICS)
        return {k: round(v, 3) for k, v in values.items()}

    def as_dict(self) -> dict[str, Any]:
        return {"metrics": self.metrics(), "agreements": self.agreements.as_dict(), "events": self.events.as_dict(),
                "provisions": self.provisions.as_dict(), "attribution": self.attribution.as_dict(),
                "matches": self.matches, "misses": self.misses}


def load_corpus(corpus: Path) -> tuple[list[dict], list[dict]]:
    """(gold agreements, article rows) of a corpus folder; raises InputError on a bad file."""
    rows = []
    for name in ("agreements.jsonl", "articles.jsonl"):
        path = corpus / name
        if not path.is_file():
            raise InputError(str(path), "missing: a corpus holds articles/, articles.jsonl and agreements.jsonl")
        items = []
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), f"not valid JSON ({exc.msg})", number) from None
        rows.append(items)
    if not (corpus / "articles").is_dir():
        raise InputError(str(corpus / "articles"), "missing: a corpus holds an articles/ folder")
    return rows[0], rows[1]


def evaluate_corpus(corpus: Path, *, progress=None) -> Report:
    """Ingest the corpus's articles (text and page metadata: url, outlet, published; never the gold)
    into a temporary database and score."""
    gold, articles = load_corpus(corpus)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'evaluate.db'}")
        try:
            done = ingest(store, [str(corpus / "articles")], fields=("url", "outlet", "published"), progress=progress)
            # A score over articles that could not be read would hide a bug as a low number.
            failed = [f for f in done.failures if f.reason.startswith("extraction failed")]
            if failed:
                raise TreatywatchError(f"{len(failed)} article(s) of {corpus} failed to extract, the first "
                                       f"{failed[0].source}: {failed[0].reason}")
            predicted, _ = store.query()
        finally:
            store.close()
    return score(predicted, gold, articles)


def score(predicted: list[dict], gold: list[dict], articles: list[dict]) -> Report:
    report = Report()
    pairs = _match(predicted, gold)
    gold_by_id = {g["id"]: g for g in gold}
    matched_gold = set(pairs.values())
    report.matches = dict(pairs)
    optional = {g["id"] for g in gold if g.get("optional")}
    for g in gold:
        if g["id"] not in matched_gold and g["id"] not in optional:
            report.agreements.fn += 1
            report.events.fn += len(g["events"])
            report.provisions.fn += sum(1 for v in g["provisions"].values() if v is not None)
            report.misses.append(f"agreement missed: {g['id']} ({g['title']})")
    for p in predicted:
        gid = pairs.get(p["id"])
        if gid is None:
            report.agreements.fp += 1
            report.events.fp += len(p["events"])
            report.provisions.fp += len(p["provisions"])
            report.misses.append(f"agreement not in gold: {p['id']} ({p['title']}) in {', '.join(p['articles'])}")
            continue
        g = gold_by_id[gid]
        if gid in optional:
            continue
        report.agreements.tp += 1
        if g["parties"] is not None:
            report.parties.append(sorted(p["parties"] or []) == sorted(g["parties"]))
            if not report.parties[-1]:
                report.misses.append(f"{gid}: parties {p['parties']} != gold {g['parties']}")
        report.kinds.append(p["kind"] == g["kind"])
        if not report.kinds[-1]:
            report.misses.append(f"{gid}: kind {p['kind']} != gold {g['kind']}")
        _score_events(report, gid, p["events"], g["events"])
        _score_provisions(report, gid, p["provisions"], g["provisions"])
    _score_attribution(report, predicted, pairs, articles, optional)
    return report


def _match(predicted: list[dict], gold: list[dict]) -> dict[str, str]:
    """Greedy one-to-one matching on shared articles, parties and title similarity."""
    candidates = []
    for p in predicted:
        for g in gold:
            shared = set(p["articles"]) & set(g["articles"])
            if not shared:
                continue
            article_sim = len(shared) / len(set(p["articles"]) | set(g["articles"]))
            party_sim = 1.0 if g["parties"] is None else \
                len(set(p["parties"] or []) & set(g["parties"])) / max(len(set(p["parties"] or []) | set(g["parties"])), 1)
            title_sim = fuzz.token_set_ratio(p["title"].lower(), g["title"].lower()) / 100
            value = 0.4 * article_sim + 0.3 * party_sim + 0.3 * title_sim
            if value >= MATCH_THRESHOLD and party_sim > 0:
                candidates.append((value, p["id"], g["id"]))
    pairs: dict[str, str] = {}
    used: set[str] = set()
    for _value, pid, gid in sorted(candidates, reverse=True):
        if pid not in pairs and gid not in used:
            pairs[pid] = gid
            used.add(gid)
    return pairs


def _event_key(event: dict, precision: int | None) -> tuple:
    date = event.get("date")
    if date is not None and precision is not None:
        date = date[: {1: 4, 2: 7, 3: 10}[precision]]
    return event["kind"], event.get("party"), date


def _score_events(report: Report, gid: str, predicted: list[dict], gold: list[dict]) -> None:
    remaining = list(predicted)
    missed = []
    # Exact matches first, so that a gold "2025-05" does not take the prediction a gold
    # "2025-05-20" needs; then a prediction at least as precise as the gold date.
    for exact in (True, False):
        pending, missed = missed if not exact else list(gold), []
        for g in pending:
            precision = None if g["date"] is None else 1 + g["date"].count("-")
            want = _event_key(g, precision)
            found = next((p for p in remaining if _event_key(p, precision)[:2] == want[:2] and (
                (p.get("date") == g["date"]) if exact else
                (g["date"] is None or _event_key(p, precision)[2] == want[2]))), None)
            if found is not None:
                remaining.remove(found)
                report.events.tp += 1
            else:
                missed.append(g)
    for g in missed:
        report.events.fn += 1
        report.misses.append(f"{gid}: event missed {g['kind']} {g.get('party')} {g['date']}")
    for p in remaining:
        report.events.fp += 1
        report.misses.append(f"{gid}: extra event {p['kind']} {p.get('party')} {p['date']} in {','.join(p['articles'])}")


def _score_provisions(report: Report, gid: str, predicted: dict, gold: dict) -> None:
    gold_items = {(k, v) for k, v in gold.items() if v is not None}
    pred_items = {(k, v) for k, v in predicted.items() if v is not None}
    report.provisions.tp += len(gold_items & pred_items)
    report.provisions.fn += len(gold_items - pred_items)
    report.provisions.fp += len(pred_items - gold_items)
    for k, v in sorted(gold_items - pred_items):
        report.misses.append(f"{gid}: provision missed {k}={v}")
    for k, v in sorted(pred_items - gold_items):
        report.misses.append(f"{gid}: extra provision {k}={v}")


def _score_attribution(report: Report, predicted: list[dict], pairs: dict[str, str],
                       articles: list[dict], optional: set[str]) -> None:
    gold_pairs = {(a["id"], g) for a in articles for g in a.get("agreements") or [] if g not in optional}
    pred_pairs = set()
    for p in predicted:
        gid = pairs.get(p["id"])
        if gid in optional:
            continue
        for article in p["articles"]:
            pred_pairs.add((article, gid or f"?{p['id']}"))
    report.attribution.tp += len(gold_pairs & pred_pairs)
    report.attribution.fp += len(pred_pairs - gold_pairs)
    report.attribution.fn += len(gold_pairs - pred_pairs)
    for article, gid in sorted(gold_pairs - pred_pairs):
        report.misses.append(f"attribution missed: {article} -> {gid}")
    for article, gid in sorted(pred_pairs - gold_pairs):
        if not gid.startswith("?"):
            report.misses.append(f"extra attribution: {article} -> {gid}")


