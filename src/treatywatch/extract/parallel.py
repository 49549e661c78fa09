"""Extraction of a stream of articles on several cores, in bounded memory, in the stream's order.

Articles go in chunks of CHUNK; each chunk is extracted by one process (the spaCy pipeline
parses its English articles in one `nlp.pipe` batch), and at most IN_FLIGHT x workers chunks
are in flight, so a stream of any length holds a few hundred articles at a time. Results come back
in the order the articles came in, whatever the number of workers: one worker or eight give
the same facts. An article the relevance prefilter turns away (extract/relevance.py) is not
parsed: its facts are empty (parsing would give none, or only an agreement between no one
named), and it is still stored.

On Linux the worker processes are forked from a parent that has loaded the pipeline and
done no extraction (no ONNX or tokenizer threads to inherit); a stream that fits in one
chunk is extracted in the calling process, without a pool.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from treatywatch.extract import article as extractor  # imported before the workers are forked
from treatywatch.extract.pipeline import too_long
from treatywatch.extract.relevance import verdict
from treatywatch.records import Article, ArticleFacts, Skipped

# Articles a chunk. At the end of a stream one worker still reads its last chunk while the others
# have none left: with 16 (14 chunks of relevant articles on 2 workers) one of them was idle for the
# last second of 13; with 8 both end within a few hundredths of a second. The stream's rate is the
# same with either (a chunk costs little beside its articles).
CHUNK = 8
# Chunks in flight per worker (IN_FLIGHT x CHUNK = 128 articles). Results are handed on in order, so
# while the oldest chunk is still being read (a few long reports) the other workers go on only as far
# as this lets them: with 32 articles a worker, a stream where one article in thirty is parsed left
# the workers idle a sixth of the time.
IN_FLIGHT = 16


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article's outcome: its facts (or why there are none), and whether it was parsed."""

    result: ArticleFacts | Skipped
    read: bool = True   # False: turned away by the relevance prefilter, stored with no facts


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def unread(article: Article) -> ArticleFacts:
    """The facts of an article that cannot report on an agreement: none. Its publication date is
    the one its page gives (metadata); its text is not searched for one (that costs more than
    the prefilter, and no fact depends on it)."""
    return ArticleFacts(article=article, published=article.published)


def extract_chunk(articles: list[Article]) -> list[Extracted]:
    """The outcome of each article, in order. English and other languages are extracted apart
    (extract_all gives the others and those too long first) and put back in the articles' order."""
    outcomes: list[Extracted | None] = [None] * len(articles)
    english, foreign = [], []
    languages: list[str | None] = [None] * len(articles)
    for i, article in enumerate(articles):
        if (skipped := too_long(article)) is not None:
            outcomes[i] = Extracted(skipped)
        elif not (found := verdict(article)).read:
            outcomes[i] = Extracted(unread(article), read=False)
        else:
            languages[i] = found.language
            (foreign if languages[i] else english).append(i)
    for group in (english, foreign):
        # each article's language is known now: extract_all need not work it out again
        results = extractor.extract_all([articles[i] for i in group], languages=[languages[i] for i in group])
        for i, result in zip(group, results):
            outcomes[i] = Extracted(result)
    return outcomes  # type: ignore[return-value]  # every slot is filled above


# Read by each worker's pipeline before the fork (see _warm): common words of news about agreements,
# so that the annotations they get (the rule components' caches) are worked out once, not per worker.
WARM_TEXT = ("The foreign ministers of the two countries signed an agreement on trade and transport on Monday, "
             "and their parliaments are expected to ratify it next year. The treaty will enter into force thirty "
             "days after the exchange of instruments. \"We have agreed to cooperate closely,\" the president said.\n\n"
             "Both sides pledged not to take part in any alliance directed against the other, and said they would "
             "hold consultations if either of them were threatened. Officials did not say when talks would resume.")


def _warm() -> None:
    """Loads, before the fork, what every worker needs: the pipeline (and a text read through it),
    the relevance patterns, the provision classifier and its ONNX session (one thread: none to
    inherit; nothing is embedded here, so the tokenizer starts no threads either). A language
    pack's reader is not among them: compiling all fourteen took about 4 s of the parent's CPU
    before any worker started, for every ingest; a worker builds the one of a language when it
    first meets an article in it (a few tenths of a second)."""
    from treatywatch.extract import provision_model
    from treatywatch.extract.embed import embedder
    from treatywatch.extract.pipeline import build
    from treatywatch.extract.relevance import can_report, names_party

    build()(WARM_TEXT)
    can_report("")
    names_party("")
    provision_model.load()
    embedder()


def extract_stream(articles: Iterable[Article], *, workers: int = 1, chunk: int = CHUNK) -> Iterator[Extracted]:
    """Each article's outcome, in the order of `articles`, extracted by `workers` processes."""
    stream = iter(articles)
    first = list(islice(stream, chunk))
    if not first:
        return
    following = list(islice(stream, chunk))
    if workers <= 1 or not following:
        for part in _chunks(first, following, stream, chunk):
            yield from extract_chunk(part)
        return
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        _warm()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending: deque[Future[list[Extracted]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm) as pool:
        for part in _chunks(first, following, stream, chunk):
            pending.append(pool.submit(extract_chunk, part))
            if len(pending) >= IN_FLIGHT * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunks(first: list[Article], following: list[Article], stream: Iterator[Article],
            size: int) -> Iterator[list[Article]]:
    yield first
    if following:
        yield following
    while part := list(islice(stream, size)):
        yield part
