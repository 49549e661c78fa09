"""Hostile input for the ingest job: thousands of odd articles into a fresh SQLite (or PostgreSQL) database.

Generates N articles (random and mutated texts built from the sentences below, control and
line-separator characters, mixed scripts, giant lines, NULs, over-long ids and outlets, nested
JSON lines, empty and whitespace texts, very long articles), writes them as JSONL files and as
single files, ingests them with the real job and prints: tracebacks (0 expected), articles in
vs stored + reported (must balance), and the slowest article with its time.

    .venv/bin/python bench/fuzz_ingest.py --n 500
    .venv/bin/python bench/fuzz_ingest.py --n 10000 --seed 7
    .venv/bin/python bench/fuzz_ingest.py --n 10000 --postgres      # the same into a throwaway PostgreSQL
    .venv/bin/python bench/fuzz_ingest.py --scaling 66000,264000   # chars vs seconds, one article each

Every sentence here was written for this benchmark.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PAIRS = [("Kazakhstan", "Mongolia"), ("Armenia", "Georgia"), ("Azerbaijan", "Turkmenistan"),
         ("Tajikistan", "China"), ("Belarus", "Serbia"), ("Mongolia", "China"),
         ("Vietnam", "Laos"), ("Turkey", "Georgia")]
LEADERS = ["Shavkat Mirziyoyev", "Kassym-Jomart Tokayev", "Ilham Aliyev", "Nikol Pashinyan",
           "Emomali Rahmon", "Sadyr Japarov", "Alexander Lukashenko", "Serdar Berdimuhamedov"]
CITIES = ["Tashkent", "Astana", "Baku", "Yerevan", "Dushanbe", "Bishkek", "Minsk", "Ashgabat"]
MONTHS = ["January", "March", "April", "June", "July", "September", "October", "November"]
SUBJECTS = ["strategic partnership", "allied relations", "the demarcation of the state border",
            "water sharing on the border rivers", "mutual legal assistance", "military cooperation",
            "transit of goods by rail", "the avoidance of double taxation"]

SENTENCES = [
    "{a} and {b} signed a treaty on {subject} in {city} on {day} {month} {year}.",
    "The parliament of {a} ratified the agreement on {subject} with {b} on {day} {month}.",
    "President {leader} said the treaty would come into force once both sides had ratified it.",
    "Officials of {a} and {b} have been negotiating the memorandum on {subject} since {year}.",
    "The agreement obliges the parties to consult each other if the security of either is threatened.",
    "Neither party will allow its territory to be used for aggression against the other party.",
    "The {a_adj} foreign ministry said the protocol on {subject} was initialled in {city}.",
    "Talks in {city} ended without a date for the signing of the declaration.",
    "According to the text, \u201cthe parties shall hold regular consultations on matters of common security\u201d.",
    "The lower house of {a} is expected to debate the treaty with {b} next month.",
    "Analysts noted that the two states already cooperate on customs and on the rail corridor.",
    "Trade between {a} and {b} grew by a fifth last year, the statistics office reported.",
    "The declaration also mentions joint work on energy, transport and digital services.",
    "{leader} arrived in {city} on a two-day state visit, his first since the election.",
    "The sides agreed to set up a joint commission that will meet at least once a year.",
    "The treaty will remain in force for ten years and is extended automatically.",
]

ADJECTIVE = {"Kazakhstan": "Kazakh", "Uzbekistan": "Uzbek", "Armenia": "Armenian", "Georgia": "Georgian",
             "Azerbaijan": "Azerbaijani", "Turkmenistan": "Turkmen", "Tajikistan": "Tajik",
             "Kyrgyzstan": "Kyrgyz", "Belarus": "Belarusian", "Serbia": "Serbian", "Mongolia": "Mongolian",
             "China": "Chinese", "Vietnam": "Vietnamese", "Laos": "Lao", "Turkey": "Turkish"}

# Hostile material: separators, controls, other scripts, marks and markup.
ODD_CHARS = ["\u2028", "\u2029", "\u0085", "\x00", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x7f",
             "\u200b", "\u200e", "\u202e", "\ufeff", "\ufffd", "\r", "\t", "\u00a0", "\u3000"]
SCRIPTS = ["\u0414\u043e\u0433\u043e\u0432\u043e\u0440 \u043f\u043e\u0434\u043f\u0438\u0441\u0430\u043d",  # Cyrillic
           "\u0627\u062a\u0641\u0627\u0642\u064a\u0629",  # Arabic
           "\u6761\u7ea6\u5df2\u7b7e\u7f72",  # Han
           "\u10ee\u10d4\u10da\u10e8\u10d4\u10d9\u10e0\u10e3\u10da\u10d4\u10d1\u10d0",  # Georgian
           "\u0540\u0561\u0575\u0561\u057d\u057f\u0561\u0576",  # Armenian
           "\u05d4\u05e1\u05db\u05dd",  # Hebrew
           "\U0001f91d\U0001f30d",  # emoji
           "a\u0301e\u0308o\u0302",  # combining marks
           "\u2460\u2461 \uff21\uff22\uff23 \ufb01"]  # NFKC-changing forms


def sentence(rng: random.Random) -> str:
    a, b = rng.choice(PAIRS)
    return rng.choice(SENTENCES).format(
        a=a, b=b, a_adj=ADJECTIVE.get(a, a), leader=rng.choice(LEADERS), city=rng.choice(CITIES),
        day=rng.randint(1, 28), month=rng.choice(MONTHS), year=rng.randint(1995, 2024),
        subject=rng.choice(SUBJECTS))


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def long_text(chars: int, rng: random.Random) -> str:
    """About `chars` characters of news paragraphs (a dateline first)."""
    parts = [f"{rng.choice(CITIES).upper()}, {rng.randint(1, 28)} {rng.choice(MONTHS)} 2024."]
    size = len(parts[0])
    while size < chars:
        parts.append(paragraph(rng))
        size += len(parts[-1]) + 2
    return "\n\n".join(parts)[:chars]


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, max(1, len(chars) // 20))):
        at = rng.randrange(len(chars) + 1)
        op = rng.random()
        if op < 0.4:
            chars.insert(at, rng.choice(ODD_CHARS))
        elif op < 0.6:
            chars[at:at] = list(rng.choice(SCRIPTS))
        elif op < 0.8 and chars:
            del chars[min(at, len(chars) - 1)]
        else:
            chars.insert(at, rng.choice("\u201c\u201d\u00ab\u00bb\"'()[]{}<>&;:"))
    return "".join(chars)


def hostile(i: int, rng: random.Random) -> tuple[dict, str]:
    """One article as a JSON row, and its flavour (for the summary)."""
    # One input in LONG_EVERY is a very long article (sizes in turn); the rest are drawn by weight.
    flavour = "long" if i % LONG_EVERY == LONG_EVERY // 4 else rng.choices(
        ["plain", "mutated", "separators", "mixed_scripts", "giant_line", "nul", "long_id", "long_outlet",
         "empty", "whitespace", "random_chars", "html", "controls_only", "odd_metadata", "surrogates"],
        weights=[20, 20, 8, 8, 1, 5, 4, 4, 3, 3, 6, 5, 3, 6, 2])[0]
    ident: object = f"f{i}"
    row: dict = {}
    if flavour == "plain":
        text = "\n\n".join(paragraph(rng) for _ in range(rng.randint(1, 6)))
    elif flavour == "mutated":
        text = mutate("\n\n".join(paragraph(rng) for _ in range(rng.randint(1, 4))), rng)
    elif flavour == "separators":
        text = rng.choice(["\u2028", "\u2029", "\u0085", "\x1e"]).join(sentence(rng) for _ in range(6))
    elif flavour == "mixed_scripts":
        text = " ".join(rng.choice([sentence(rng), rng.choice(SCRIPTS)]) for _ in range(10))
    elif flavour == "giant_line":  # one line, no paragraph break, tens of thousands of characters
        text = " ".join(sentence(rng) for _ in range(rng.randint(200, 800)))
    elif flavour == "nul":
        text = "\x00".join(sentence(rng) for _ in range(5))
        row["title"] = "A\x00title"
        row["outlet"] = "Outlet\x00Daily"
    elif flavour == "long_id":
        ident = "x" * rng.randint(201, 5000)
        text = paragraph(rng)
    elif flavour == "long_outlet":
        text = paragraph(rng)
        row["outlet"] = "The " + "Very " * rng.randint(50, 400) + "Long Gazette"
    elif flavour == "empty":
        text = ""
    elif flavour == "whitespace":
        text = rng.choice([" ", "\n\n\n", "\t \u2028 \u00a0", "\u3000\u2029"])
    elif flavour == "random_chars":
        text = "".join(chr(rng.choice([rng.randint(1, 0x7f), rng.randint(0x80, 0x2fff),
                                       rng.randint(0x3000, 0xd7ff), rng.randint(0xe000, 0x10ffff)]))
                       for _ in range(rng.randint(1, 3000)))
    elif flavour == "long":
        text = long_text(LONG_SIZES[(i // LONG_EVERY) % len(LONG_SIZES)], rng)
    elif flavour == "surrogates":  # a JSON "\udc80" escape decodes to a lone surrogate
        text = sentence(rng) + "\ud800 " + sentence(rng) + " \udfff"
        row["outlet"] = "Lone \udc80 outlet"
    elif flavour == "html":
        body = "".join(f"<p>{mutate(paragraph(rng), rng)}</p>" for _ in range(rng.randint(1, 4)))
        row = {"html": f"<html><head><title>T{i}</title></head><body><article>{body}</article></body></html>"}
        text = None
    elif flavour == "controls_only":
        text = "".join(rng.choice(ODD_CHARS) for _ in range(rng.randint(1, 50)))
    else:  # odd_metadata: wrong types and junk dates
        text = paragraph(rng)
        row.update(rng.choice([{"published": "not a date"}, {"published": 20240101}, {"url": 42},
                               {"outlet": ["a", "list"]}, {"title": {"nested": True}}, {"published": "2024-13-45"},
                               {"id": rng.choice([0, -1, 3.5])}]))
    if text is not None:
        row["text"] = text
    row.setdefault("id", ident)
    return row, flavour


LONG_EVERY = 1000
LONG_SIZES = [1_200_000, 150_000, 2_300_000, 400_000]  # 2,300,000 is over the limit: reported

BROKEN_LINES = ["[" * 50_000, '{"id": "half", "text": ', "not json at all", "[1, 2, 3]", '"a string"',
                '{"id": null, "text": "no id"}', '{"text": "no id field"}', '{"id": "no-text"}',
                '{"id": "n", "text": 5}', "\x00\x00\x00", '{"id": "deep", "text": ' + "[" * 5000 + "]" * 5000 + "}"]


def write_inputs(folder: Path, n: int, rng: random.Random) -> tuple[int, dict[str, str]]:
    """N inputs: most as JSONL lines (100 per file), some as single files; returns (count, flavour by source).

    Every input (a JSONL line, a broken line or a file) is one article in: it must be stored,
    reported as a duplicate, or reported as a failure.
    """
    flavours: dict[str, str] = {}
    batch: list[str] = []
    batch_no = 0
    files = folder / "files"
    files.mkdir()
    made = 0

    def flush() -> None:
        nonlocal batch, batch_no
        if batch:
            (folder / f"batch{batch_no:04d}.jsonl").write_text("\n".join(batch) + "\n", encoding="utf-8")
            batch_no, batch = batch_no + 1, []

    while made < n:
        roll = rng.random()
        if roll < 0.03:
            batch.append(rng.choice(BROKEN_LINES))
            flavours[f"batch{batch_no:04d}.jsonl:{len(batch)}"] = "broken_line"
        elif roll < 0.15:  # a file of its own: .txt, .md or .html (bytes may be odd too)
            row, flavour = hostile(made, rng)
            text = row.get("text") if isinstance(row.get("text"), str) else row.get("html", "")
            suffix = ".html" if "html" in row else rng.choice([".txt", ".md"])
            path = files / f"file{made:05d}{suffix}"
            data = text.encode("utf-8", "replace")
            if rng.random() < 0.1:
                data = rng.choice([b"\xff\xfe bad bytes \x80", b"\xef\xbb\xbf" + data, data + b"\xc3"])
            path.write_bytes(data)
            flavours[str(path)] = flavour
        else:
            row, flavour = hostile(made, rng)
            batch.append(json.dumps(row, ensure_ascii=flavour == "surrogates" or rng.random() < 0.5))
            flavours[f"batch{batch_no:04d}.jsonl:{len(batch)}"] = flavour
        made += 1
        if len(batch) >= 100:
            flush()
    flush()
    return made, flavours


def run_fuzz(n: int, seed: int, keep: Path | None, db: str | None = None) -> int:
    from treatywatch.jobs import ingest
    from treatywatch.store.repo import Store

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        inputs = folder / "inputs"
        inputs.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        made, flavours = write_inputs(inputs, n, rng)
        print(f"generated {made} inputs in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        store = Store(db or f"sqlite:///{folder / 'fuzz.db'}")
        print(f"store: {store.engine.dialect.name}")
        ticks: list[float] = []
        tracebacks = 0
        t0 = time.perf_counter()
        report = None
        try:
            report = ingest(store, [str(inputs)], progress=lambda done, total: ticks.append(time.perf_counter()))
        except Exception:  # the one thing this benchmark hunts for
            tracebacks += 1
            traceback.print_exc()
        wall = time.perf_counter() - t0
        if ticks:
            print(f"read and checked for duplicates: {ticks[0] - t0:.1f} s; extracted and stored: "
                  f"{ticks[-1] - ticks[0]:.1f} s; merged: {t0 + wall - ticks[-1]:.1f} s")
        stored = store.article_count()
        store.close()
        print(f"tracebacks: {tracebacks}")
        print(f"wall time: {wall:.1f} s for {made} inputs")
        if report is None:
            return 1
        reported = len(report.failures)
        balance = stored + report.duplicates + reported
        print(f"articles in: {made}; stored: {stored}; duplicates: {report.duplicates}; reported: {reported}; "
              f"stored + duplicates + reported = {balance} ({'balanced' if balance == made else 'NOT BALANCED'})")
        reasons: dict[str, int] = {}
        for failure in report.failures:
            key = failure.reason.split(":")[0][:60]
            reasons[key] = reasons.get(key, 0) + 1
        for reason, count in sorted(reasons.items(), key=lambda x: -x[1]):
            print(f"  {count:6d}  {reason}")
        print(f"stored but read in part (too long to parse whole, reported as such): {len(report.partial)}")
        multiline = [f for f in report.failures if "\n" in f.reason]
        print(f"failure reasons over one line: {len(multiline)}")
        # Progress ticks come once per article extracted; the longest gap holds the slowest
        # article (with its batch's parse), which is then timed again alone.
        gaps = [b - a for a, b in zip(ticks, ticks[1:])]
        if gaps:
            print(f"longest gap between two extracted articles: {max(gaps):.2f} s")
        timed = _slowest_alone(inputs, rng)
        # CPU seconds beside wall seconds: on a shared machine the CPU time is the steadier number.
        for source, chars, took, cpu in timed[:5]:
            print(f"slowest article alone: {source} ({chars:,} chars) {took:.2f} s wall, {cpu:.2f} s CPU")
        short = [t for t in timed if t[1] <= 100_000]
        if short:
            print(f"slowest article of at most 100,000 chars: {short[0][1]:,} chars, {short[0][2]:.2f} s wall, "
                  f"{short[0][3]:.2f} s CPU")
        return 0 if tracebacks == 0 and balance == made else 1


def _slowest_alone(inputs: Path, rng: random.Random) -> list[tuple[str, int, float, float]]:
    """The longest readable articles, and some of every size, re-extracted one at a time; slowest first."""
    from treatywatch.extract.article import extract_all
    from treatywatch.ingest.read import read
    from treatywatch.records import Article

    articles = [a for a in read([str(inputs)]) if isinstance(a, Article)]
    # Time grows with length, so the slowest is among the longest: the 8 longest of all, the 8
    # longest of at most 100,000 characters, and 8 at random.
    by_length = sorted(articles, key=lambda a: -len(a.text))
    candidates = {id(a): a for a in [*by_length[:8], *[a for a in by_length if len(a.text) <= 100_000][:8],
                                     *rng.sample(articles, min(8, len(articles)))]}
    timed = []
    for article in candidates.values():
        t0, c0 = time.perf_counter(), time.process_time()
        list(extract_all([article]))
        timed.append((article.source or article.id, len(article.text), time.perf_counter() - t0,
                      time.process_time() - c0))
    return sorted(timed, key=lambda t: -t[2])


def run_scaling(sizes: list[int], seed: int) -> None:
    from treatywatch.extract.article import extract_all
    from treatywatch.extract.pipeline import build
    from treatywatch.records import Article

    build()
    list(extract_all([Article(id="warm", text=long_text(2000, random.Random(seed)))]))
    # CPU seconds beside wall seconds: on a shared machine the CPU time is the steadier number.
    print("| chars | seconds (wall) | seconds (CPU) | agreements | events |\n|---:|---:|---:|---:|---:|")
    for size in sizes:
        text = long_text(size, random.Random(seed))
        t0, c0 = time.perf_counter(), time.process_time()
        [facts] = list(extract_all([Article(id=f"long{size}", text=text)]))
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"| {len(text):,} | {took:.1f} | {cpu:.1f} | {len(facts.agreements)} | {len(facts.events)} |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="how many inputs (default 10,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write inputs and database here instead of a temporary folder")
    parser.add_argument("--scaling", help="comma-separated article sizes in characters: time one article each")
    parser.add_argument("--postgres", action="store_true",
                        help="ingest into a throwaway PostgreSQL cluster, started as the tests start one")
    args = parser.parse_args()
    if args.scaling:
        run_scaling([int(s) for s in args.scaling.split(",")], args.seed)
        return 0
    if not args.postgres:
        return run_fuzz(args.n, args.seed, args.keep)
    from throwaway_pg import throwaway_postgres

    with throwaway_postgres() as url:
        return run_fuzz(args.n, args.seed, args.keep, db=url)


if __name__ == "__main__":
    sys.exit(main())
