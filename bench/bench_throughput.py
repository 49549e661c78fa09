"""Ingest throughput: relevant articles end to end against raw nlp.pipe, and a realistic news stream.

Usage: .venv/bin/python bench/bench_throughput.py [--workers 2] [--stream 3000] [--share 0.03] CORPUS...
       e.g. bench/bench_throughput.py ../shared/corpus/seeds ../shared/corpus/dev ../shared/corpus/world

1. Relevant: every article of the corpora that gold says reports on an agreement, read at run
   time (nothing is copied). Reference: single-process `nlp.pipe` of the full packaged model
   (every component, none of ours) over the same texts. Then `ingest` of the same articles into
   a fresh SQLite database with --workers (read, prefilter, extract, store, merge).
2. Stream: `--stream` articles, `--share` of them relevant ones drawn from above (each at most
   once, with new ids), the rest generated here from sentences written for this benchmark (sport, weather,
   markets, local news; one in twelve "signs" a player or reaches a pay "agreement", as real ones
   do, and is parsed in full). Each is
   ingested end to end; articles/s per core = articles / wall time / workers.
Times include everything but loading the models (ours once, before; the raw reference's anew for
each round, so that it too reads texts it has not seen). With `--rounds N` the raw
reference and the ingest of the relevant articles run N times in turn and the medians are given
(on a shared machine the load changes from minute to minute). Each rate is given twice:
by wall clock, and by CPU time (this process and its workers), which a machine that other jobs
share does not distort: "per core" by CPU is articles per CPU-second, and "2 cores by CPU" is the
rate two cores of their own would give (2 x articles per CPU-second of the workers' kind of work).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import spacy

from treatywatch.extract.pipeline import MODEL, build
from treatywatch.ingest.read import read
from treatywatch.jobs import ingest_articles
from treatywatch.records import Article
from treatywatch.store.repo import Store

TEAMS = ["Northbridge Rovers", "Eastfield United", "Port Alder", "Kestrel Town", "Harlow Athletic", "Riverside FC",
         "Millbrook City", "Stonegate Wanderers", "Ashby Vale", "Lakemoor Albion"]
PLAYERS = ["Tomas Reyes", "Ilya Vance", "Marco Dunne", "Sami Okoro", "Jonah Pike", "Luca Brandt", "Ade Holm"]
CITIES = ["Calder", "Merriton", "Vossberg", "Elmhurst", "Santa Lira", "Okewood", "Brisham", "Talport"]
FIRMS = ["Halvorsen Steel", "Bluewater Foods", "Corvid Systems", "Meridian Rail", "Tallis Pharma", "Orchid Retail"]
SPORT = [
    "{t1} beat {t2} {a}-{b} on {day}, with {p} scoring twice in the second half.",
    "{t1} stay {n}th in the table after a goalless draw away at {t2}.",
    "The coach of {t2} said his side had been unlucky and that the referee missed a clear penalty.",
    "{p} was carried off with a knee injury after {m} minutes and will miss the next {n} matches.",
    "A crowd of {k},{h}00 watched the game, the largest at the ground this season.",
    "The cup tie against {t2} has been moved to {day} evening because of the weather.",
]
WEATHER = [
    "Heavy rain is expected across {c} on {day}, with up to {m} millimetres falling in the hills.",
    "Temperatures will climb to {a}{b}C by the afternoon before thunderstorms move in from the west.",
    "Forecasters issued a yellow warning for wind in {c}, where gusts could reach {m}{a} km/h.",
    "Fog will be slow to clear in the valleys, and drivers are urged to take care on the {c} road.",
    "The weekend looks drier, with sunny spells and a light breeze from the north.",
    "Last month was the {n}th wettest on record at the {c} weather station.",
]
MARKETS = [
    "Shares in {f} rose {a}.{b} % after the company raised its forecast for the year.",
    "The main index closed {a}.{b} % lower on {day} as investors waited for inflation figures.",
    "{f} reported a quarterly profit of {k}{h} million, ahead of what analysts had expected.",
    "Oil prices slipped to {m} dollars a barrel, their lowest level in {n} weeks.",
    "The central bank left interest rates unchanged at {a}.{b} % and said it would watch wages closely.",
    "Bond yields edged up while the currency held steady against the dollar.",
]
LOCAL = [
    "The new library in {c} opens on {day} after two years of building work.",
    "Residents of {c} complained about roadworks that have closed the high street for {n} weeks.",
    "The {c} film festival will show {m} films this year, {a} of them premieres.",
    "Firefighters were called to a warehouse on the edge of {c} late on {day}; nobody was hurt.",
    "The council voted to extend the opening hours of the swimming pool in {c}.",
    "A jazz quartet from {c} won the regional music prize for the {n}th time.",
]
TOPICS = [SPORT, WEATHER, MARKETS, LOCAL]
# Words the prefilter lets through although the article is about something else (a transfer, a
# wage deal, a sponsor): by default one generated article in twelve has one, and is parsed.
LOOKALIKES = [
    "{t1} have signed midfielder {p} from {t2} on a {n}-year contract.",
    "Dock workers in {c} reached an agreement on pay after a {n}-day strike.",
    "{f} signed a sponsorship agreement with {t1} worth {m} million over {n} seasons.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def generated(rng: random.Random, number: int, lookalikes: float = 1 / 12) -> Article:
    """A news article about something else than agreements: a headline and 4 to 9 sentences of one topic."""
    topic = rng.choice(TOPICS)

    def fill(template: str) -> str:
        t1, t2 = rng.sample(TEAMS, 2)
        return template.format(t1=t1, t2=t2, p=rng.choice(PLAYERS), c=rng.choice(CITIES), f=rng.choice(FIRMS),
                               day=rng.choice(DAYS), a=rng.randint(1, 9), b=rng.randint(0, 9), n=rng.randint(2, 19),
                               m=rng.randint(10, 95), k=rng.randint(1, 60), h=rng.randint(1, 9))

    sentences = [fill(rng.choice(topic)) for _ in range(rng.randint(4, 9))]
    if rng.random() < lookalikes:
        sentences.insert(rng.randrange(len(sentences)), fill(rng.choice(LOOKALIKES)))
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return Article(id=f"gen-{number}", text=fill(rng.choice(topic)).rstrip(".") + "\n\n" + "\n\n".join(paragraphs))


def relevant(corpora: list[str]) -> list[Article]:
    found = []
    for corpus in map(Path, corpora):
        gold = {}
        for line in (corpus / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                gold[row["id"]] = bool(row.get("agreements"))
        found += [replace(a, id=f"{corpus.name}-{a.id}") for a in read([str(corpus / "articles")])
                  if isinstance(a, Article) and gold.get(a.id)]
    return found


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ingest_seconds(articles: list[Article], workers: int) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, report) of an ingest into a fresh SQLite database."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        start, cpu = time.perf_counter(), cpu_seconds()
        report = ingest_articles(store, iter(articles), workers=workers)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        store.close()
    return seconds, cpu, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stream", type=int, default=3000)
    parser.add_argument("--share", type=float, default=0.03)
    parser.add_argument("--rounds", type=int, default=1,
                        help="raw reference and ingest of the relevant articles this many times in turn (medians)")
    parser.add_argument("--lookalikes", type=float, default=1 / 12,
                        help="share of the generated articles with a word the prefilter lets through")
    args = parser.parse_args()
    build()  # our pipeline, loaded once (the workers are forked from it)
    articles = relevant(args.corpora)
    words = sum(len(a.text.split()) for a in articles)

    raws, raw_cpus, runs = [], [], []
    for _ in range(args.rounds):  # raw and ingest in turn, so that both see the same load
        # A model loaded anew each round: like the ingest's workers (forked from a parent that
        # has read none of these texts), it meets the texts for the first time. A model that read
        # them the round before has every word in its vocabulary and tokenizer cache already.
        full = spacy.load(MODEL)
        start, cpu = time.perf_counter(), cpu_seconds()
        for _ in full.pipe(a.text for a in articles):
            pass
        raws.append(len(articles) / (time.perf_counter() - start))
        raw_cpus.append(len(articles) / (cpu_seconds() - cpu))
        del full
        runs.append(ingest_seconds(articles, args.workers))
    raw, raw_cpu = statistics.median(raws), statistics.median(raw_cpus)
    seconds = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    report = runs[-1][2]
    ours, ours_cpu = len(articles) / seconds, len(articles) / cpu
    if args.rounds > 1:
        print(f"{args.rounds} rounds (medians below): raw per CPU-second " + ", ".join(f"{r:.1f}" for r in raw_cpus)
              + "; ingest per CPU-second " + ", ".join(f"{len(articles) / r[1]:.1f}" for r in runs))
    print(f"relevant articles: {len(articles)} ({words:,} words)")
    print(f"  raw nlp.pipe, full model, 1 process: {raw:.1f} articles/s by wall clock, {raw_cpu:.1f} per CPU-second")
    print(f"  ingest end to end, {args.workers} workers: {ours:.1f} articles/s by wall clock = {ours / raw:.2f} x raw; "
          f"{ours_cpu:.1f} per CPU-second, {args.workers} cores by CPU = {args.workers * ours_cpu / raw_cpu:.2f} x raw "
          f"({report.extracted} extracted, {report.irrelevant} unread, {report.agreements} agreements)")

    rng = random.Random(12)
    wanted = min(len(articles), max(1, round(args.stream * args.share)))
    mixed = [generated(rng, i, args.lookalikes) for i in range(args.stream - wanted)]
    picks = [replace(a, id=f"stream-{i}-{a.id}") for i, a in enumerate(rng.sample(articles, wanted))]
    for article in picks:
        mixed.insert(rng.randrange(len(mixed) + 1), article)
    seconds, cpu, report = ingest_seconds(mixed, args.workers)
    rate = len(mixed) / seconds
    print(f"stream: {len(mixed)} articles, {wanted} relevant ({args.share:.0%}), lookalikes in {args.lookalikes:.0%} "
          f"of the others; {report.irrelevant} stored unread, {report.extracted} parsed, {report.duplicates} duplicates")
    print(f"  ingest end to end, {args.workers} workers: {rate:.0f} articles/s by wall clock = "
          f"{rate / args.workers:.0f} per core ({seconds:.1f} s); {len(mixed) / cpu:.0f} per CPU-second; "
          f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
