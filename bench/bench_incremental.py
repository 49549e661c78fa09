"""Benchmark (not a test): the cost of adding 100 articles to stores of 1,000 and 100,000 articles.

Usage: .venv/bin/python bench/bench_incremental.py [--sizes 1000 100000] [--rounds 3] [FOLDERS...]
       (default folders: tests/data/corpus/articles examples/articles)

The big stores are built cheaply: the base articles are extracted and merged once (the full
path), then their stored rows are replicated under new ids. Replica k renames every party
("KAZ" -> "KAZ.k") and enciphers the text with its own letter substitution (lengths kept, so
quote offsets still point at the same spans; different words, so replicas are no copies of one
another), and its story index is computed from the enciphered text. Partyless mentions stay
partyless: they share one block however many replicas there are.

Each round adds 100 articles and merges them (`Store.refresh`, the incremental path): half are
base articles under the parties and cipher of an existing replica, with a sentence added (new
reports on known agreements: they join the replica's agreements and stories), half under a new
replica (new agreements). Extraction is not timed (it is the same whatever the store holds):
what is timed is storing their facts and merging. Reported: medians of the rounds.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from treatywatch.codec import facts_from_json, facts_to_json  # noqa: E402
from treatywatch.extract.article import extract_all  # noqa: E402
from treatywatch.ingest.read import read  # noqa: E402
from treatywatch.records import Article, ArticleFacts  # noqa: E402
from treatywatch.resolve import blocks  # noqa: E402
from treatywatch.resolve.stories import entries  # noqa: E402
from treatywatch.store.repo import Store, content_hash  # noqa: E402
from treatywatch.store.resolving import write_story_index  # noqa: E402
from treatywatch.store.tables import (AgreementArticleRow, AgreementKeyRow, AgreementPartyRow, AgreementRow,  # noqa: E402
                                      ArticleRow, MentionRow, StoryRow)

BATCH = 100
PARTY_KEYS = {"parties", "party", "counterpart"}


class Replica:
    """Renames ids and parties and enciphers text for replica number k."""

    def __init__(self, k: int, article_ids: set[str], agreement_ids: set[str]):
        self.k = k
        self.articles, self.agreements = article_ids, agreement_ids
        letters = list(string.ascii_lowercase)
        random.Random(k).shuffle(letters)
        table = dict(zip(string.ascii_lowercase, letters))
        table.update({a.upper(): b.upper() for a, b in table.items()})
        self.cipher = str.maketrans(table)

    def id(self, ident: str) -> str:
        return f"{ident}~r{self.k}"

    def party(self, code: str) -> str:
        return f"{code}.{self.k}"

    def text(self, text: str) -> str:
        return text.translate(self.cipher)

    def json(self, value: Any, key: str = "") -> Any:
        """Every article id, agreement id and party in a stored JSON value, renamed."""
        if isinstance(value, dict):
            return {k: self.json(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v, key) for v in value]
        if isinstance(value, str):
            if key in PARTY_KEYS:
                return self.party(value)
            if value in self.articles or value in self.agreements:
                return self.id(value)
        return value


def base_facts(folders: list[str]) -> list[ArticleFacts]:
    articles = [a for a in read(folders) if isinstance(a, Article)]
    return [f for f in extract_all(articles) if isinstance(f, ArticleFacts)]


def build_store(url: str, facts: list[ArticleFacts], size: int) -> Store:
    """A store of `size` articles: the base merged in full, then replicated."""
    store = Store(url)
    for f in facts:
        store.save_facts(f)
    store.rebuild()
    with store.sessions() as session:
        articles = session.scalars(select(ArticleRow)).all()
        agreements = session.scalars(select(AgreementRow)).all()
        parties = session.execute(select(AgreementPartyRow.agreement_id, AgreementPartyRow.party)).all()
        links = session.execute(select(AgreementArticleRow.agreement_id, AgreementArticleRow.article_id)).all()
        mentions = session.execute(select(MentionRow.article_id, MentionRow.ref, MentionRow.agreement_id)).all()
        keys = session.execute(select(AgreementKeyRow.agreement_id, AgreementKeyRow.key, AgreementKeyRow.near)).all()
        stories = session.execute(select(StoryRow.article_id, StoryRow.story_id)).all()
    article_ids, agreement_ids = {a.id for a in articles}, {a.id for a in agreements}
    replicas = -(-size // len(articles)) - 1
    for k in range(1, replicas + 1):
        r = Replica(k, article_ids, agreement_ids)
        left = size - k * len(articles)
        chosen = articles[:left]
        ids = {a.id for a in chosen}
        texts = {a.id: r.text(a.text) for a in chosen}
        with store.sessions.begin() as session:
            session.execute(insert(ArticleRow), [
                {"id": r.id(a.id), "url": a.url, "outlet": a.outlet, "published": a.published, "title": a.title,
                 "text": texts[a.id], "content_hash": content_hash(texts[a.id]), "facts": r.json(a.facts),
                 "ingested_at": a.ingested_at} for a in chosen])
            kept = {a for a, i in links if i in ids} if len(chosen) < len(articles) else agreement_ids
            kept = {a for a in kept if all(i in ids for g, i in links if g == a)}
            session.execute(insert(AgreementRow), [
                {"id": r.id(a.id), "title": a.title, "kind": a.kind, "status": a.status, "first_date": a.first_date,
                 "last_date": a.last_date, "record": r.json(a.record)} for a in agreements if a.id in kept])
            session.execute(insert(AgreementPartyRow), [{"agreement_id": r.id(a), "party": r.party(p)}
                                                        for a, p in parties if a in kept])
            session.execute(insert(AgreementArticleRow), [{"agreement_id": r.id(a), "article_id": r.id(i)}
                                                          for a, i in links if a in kept])
            session.execute(insert(MentionRow), [{"article_id": r.id(a), "ref": ref, "agreement_id": r.id(g)}
                                                 for a, ref, g in mentions if g in kept and a in ids])
            session.execute(insert(AgreementKeyRow), [
                {"agreement_id": r.id(a), "key": blocks.party_key(r.party(p) for p in key.split(blocks.SEPARATOR) if p),
                 "near": near} for a, key, near in keys if a in kept])
            session.execute(insert(StoryRow), [{"article_id": r.id(a), "story_id": r.id(s)}
                                               for a, s in stories if a in ids])
            write_story_index(session, entries([(r.id(i), t) for i, t in sorted(texts.items())]))
        if k % 100 == 0:
            print(f"  ... {min(size, (k + 1) * len(articles))} articles", file=sys.stderr)
    return store


def new_batch(facts: list[ArticleFacts], replicas: int, round_no: int) -> list[ArticleFacts]:
    """BATCH new articles: half on agreements of existing replicas, half under a replica not stored yet."""
    rng = random.Random(round_no)
    ids = {f.article.id for f in facts}
    out = []
    for n in range(BATCH):
        base = facts[n % len(facts)]
        k = rng.randrange(1, replicas + 1) if n % 2 == 0 else 10 ** 6 + round_no
        r = Replica(k, ids, set())
        data = r.json(facts_to_json(base))
        text = r.text(base.article.text + f"\n\nThis is update {round_no}-{n} on the story.")
        article = Article(id=f"new-{round_no}-{n}-" + hashlib.sha1(text.encode()).hexdigest()[:8], text=text,
                          url=None, outlet="bench", published=base.article.published, title=None)
        _set_article(data, article.id)
        out.append(facts_from_json(article, data))
    return out


def _set_article(value: Any, ident: str) -> None:
    """Point every piece of evidence in a facts JSON value at the article `ident`."""
    if isinstance(value, dict):
        if "article_id" in value:
            value["article_id"] = ident
        for v in value.values():
            _set_article(v, ident)
    elif isinstance(value, list):
        for v in value:
            _set_article(v, ident)


def measure(store: Store, batches: list[list[ArticleFacts]]) -> tuple[float, float]:
    """Median seconds to store a batch's facts, and to merge them."""
    saving, merging = [], []
    for batch in batches:
        start = time.perf_counter()
        for f in batch:
            store.save_facts(f)
        saved = time.perf_counter()
        store.refresh()
        saving.append(saved - start)
        merging.append(time.perf_counter() - saved)
    return statistics.median(saving), statistics.median(merging)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", default=[str(ROOT / "tests/data/corpus/articles"),
                                                       str(ROOT / "examples/articles")])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 100000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    facts = base_facts(args.folders)
    print(f"{len(facts)} base articles", file=sys.stderr)
    print("| articles in the store | agreements | build (s) | store 100 articles' facts (s) | merge them (s) | total (s) |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            start = time.perf_counter()
            store = build_store(f"sqlite:///{folder}/bench-{size}.db", facts, size)
            built = time.perf_counter() - start
            assert store.article_count() == size and not store.stale()
            replicas = max(1, size // len(facts) - 1)
            batches = [new_batch(facts, replicas, n) for n in range(args.rounds)]
            saving, merging = measure(store, batches)
            print(f"| {size:,} | {store.query(limit=0)[1]:,} | {built:.0f} | {saving:.2f} | {merging:.2f} | "
                  f"{saving + merging:.2f} |", flush=True)
            store.close()


if __name__ == "__main__":
    main()
