"""The ingest job: read -> extract -> store -> merge, with a report of what happened."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from treatywatch.extract.budget import parsed_note
from treatywatch.extract.parallel import extract_stream
from treatywatch.ingest.read import METADATA_FIELDS, read
from treatywatch.records import Article, Skipped
from treatywatch.store.repo import Store, content_hash


@dataclass(slots=True)
class IngestReport:
    read: int = 0
    duplicates: int = 0
    extracted: int = 0
    irrelevant: int = 0     # stored unread: the relevance prefilter found nothing that can report on an agreement
    created: int = 0
    updated: int = 0
    agreements: int = 0
    failures: list[Skipped] = field(default_factory=list)
    # Articles stored but parsed only in part (too long to parse whole): source and how much was read.
    partial: list[Skipped] = field(default_factory=list)


def ingest(store: Store, paths: Iterable[str], *, fields: tuple[str, ...] = METADATA_FIELDS,
           progress: Callable[[int, int | None], None] | None = None, stdin=None, workers: int = 1) -> IngestReport:
    """Ingest every article under `paths`; an article already stored with the same text is skipped.

    `progress(done, total)` is called as articles are extracted (for progress bars); the articles
    stream from the files, so `total` is None. `workers` processes extract (extract/parallel.py).
    """
    return ingest_articles(store, read(paths, fields=fields, stdin=stdin), progress=progress, workers=workers)


def ingest_articles(store: Store, items: Iterable[Article | Skipped], *,
                    progress: Callable[[int, int | None], None] | None = None, workers: int = 1) -> IngestReport:
    """Store and merge articles already read (Skipped items are reported as failures).

    The agreements are merged when an article is new or when an earlier merge was cut short.
    Every item ends up counted once: stored (`extracted`, or `irrelevant` when the prefilter
    found it cannot report on an agreement), a duplicate, or in `failures`. A list of items is
    sorted out first, so `progress` gets the number of new articles; any other iterable streams
    through in bounded memory (only the ids and digests seen are kept) and `progress` gets None.
    """
    report = IngestReport()
    fresh: Iterable[Article] = _fresh(store, items, report)
    total = None
    if isinstance(items, list):
        fresh = list(fresh)
        total = len(fresh)
    if progress:
        progress(0, total)
    store_extracted(store, extract_stream(fresh, workers=workers), report, progress, total)
    merged = store.refresh()  # the agreements the new articles touch (and any merge cut short before)
    if merged is not None:
        report.created, report.updated = merged.created, merged.updated
    report.agreements = store.query(limit=0)[1]
    return report


# Articles whose stored state is looked up together (two queries for so many, not two for each).
LOOKUP_BATCH = 64


def _fresh(store: Store, items: Iterable[Article | Skipped], report: IngestReport) -> Iterator[Article]:
    """The articles not stored yet (nor seen earlier in `items`); the others are counted in `report`."""
    fresh = Fresh(store, report)
    stream = iter(items)
    while part := list(islice(stream, LOOKUP_BATCH)):
        fresh.look_up([item for item in part if isinstance(item, Article)])
        for item in part:
            if isinstance(item, Skipped):
                report.failures.append(item)
            elif fresh.admit(item):
                yield item


class Fresh:
    """Tells new articles from copies as they stream past, counting each in the report: read, and
    a duplicate when its id is stored with the same text, when it came earlier in the stream, or
    when a new id brings a text already stored or seen (a copy, not a new source).

    `look_up` fetches what the store holds of a batch of articles at once; `admit` asks the store
    itself about an article not looked up. What an ingest stores after the look-up is an article it
    admitted, which `ids` and `digests` remember, so the answers are those of asking one by one.
    """

    def __init__(self, store: Store, report: IngestReport) -> None:
        self.store, self.report = store, report
        self.ids: set[str] = set()
        self.digests: set[str] = set()
        self._hashes: dict[str, str] = {}     # looked up: stored id -> its content hash
        self._ids: set[str] = set()           # looked up: ids, stored or not
        self._digests: set[str] = set()       # looked up: digests, stored or not
        self._stored: set[str] = set()        # looked up: digests a stored article has

    def look_up(self, articles: list[Article]) -> None:
        digests = [content_hash(a.text) for a in articles]
        self._hashes, self._stored = self.store.known([a.id for a in articles], digests)
        self._ids, self._digests = {a.id for a in articles}, set(digests)

    def _state(self, article_id: str, digest: str) -> str:
        """`Store.article_state`, from the look-up where it holds this id with this text."""
        if article_id in self._ids and digest in self._digests:
            stored = self._hashes.get(article_id)
            return "new" if stored is None else "same" if stored == digest else "changed"
        return self.store.article_state(article_id, digest)

    def _stored_copy(self, digest: str) -> bool:
        """Whether a stored article has this text, from the look-up where it asked."""
        if digest in self._digests:
            return digest in self._stored
        return bool(self.store.duplicate_of(digest))

    def admit(self, article: Article) -> bool:
        self.report.read += 1
        digest = content_hash(article.text)
        state = self._state(article.id, digest)
        if state == "same" or article.id in self.ids or \
                state == "new" and (digest in self.digests or self._stored_copy(digest)):
            self.report.duplicates += 1
            return False
        self.ids.add(article.id)
        self.digests.add(digest)
        return True


# Facts are written this many articles to a transaction: one commit per article would cost more
# than reading an article the prefilter turns away (a commit waits for the disk).
SAVE_BATCH = 64


def store_extracted(store: Store, outcomes, report: IngestReport,
                    progress: Callable[[int, int | None], None] | None = None, total: int | None = None) -> int:
    """Save each outcome of extract_stream (or of the batch engine) and count it; the number saved."""
    done = saved = 0
    batch: list = []

    def flush() -> None:
        store.save_many(batch)
        batch.clear()

    for outcome in outcomes:
        # An article that cannot be extracted (too long, or extraction raised) is reported; the rest go on.
        if isinstance(outcome.result, Skipped):
            report.failures.append(outcome.result)
        else:
            facts = outcome.result
            batch.append(facts)
            saved += 1
            if facts.unread_chars:  # too long to parse whole: stored, and said how much was read
                length = len(facts.article.text)
                report.partial.append(Skipped(facts.article.source or facts.article.id,
                                              parsed_note(length - facts.unread_chars, length)))
            if outcome.read:
                report.extracted += 1
            else:
                report.irrelevant += 1
            if len(batch) >= SAVE_BATCH:
                flush()
        done += 1
        if progress:
            progress(done, total)
    flush()
    return saved
