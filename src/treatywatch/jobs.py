"""The ingest job: read -> extract -> store -> merge, with a report of what happened."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from treatywatch.extract.article import extract_all
from treatywatch.ingest.read import METADATA_FIELDS, read
from treatywatch.records import Article, Skipped
from treatywatch.store.repo import Store, content_hash


@dataclass(slots=True)
class IngestReport:
    read: int = 0
    duplicates: int = 0
    extracted: int = 0
    created: int = 0
    updated: int = 0
    agreements: int = 0
    failures: list[Skipped] = field(default_factory=list)


def ingest(store: Store, paths: Iterable[str], *, fields: tuple[str, ...] = METADATA_FIELDS,
           progress: Callable[[int, int], None] | None = None, stdin=None) -> IngestReport:
    """Ingest every article under `paths`; an article already stored with the same text is skipped.

    `progress(done, total)` is called as articles are extracted (for progress bars).
    """
    return ingest_articles(store, read(paths, fields=fields, stdin=stdin), progress=progress)


def ingest_articles(store: Store, items: Iterable[Article | Skipped], *,
                    progress: Callable[[int, int], None] | None = None) -> IngestReport:
    """Store and merge articles already read (Skipped items are reported as failures).

    The agreements are merged when an article is new or when an earlier merge was cut short.
    Every item ends up counted once: stored (`extracted`), a duplicate, or in `failures`.
    """
    report = IngestReport()
    fresh: list[Article] = []
    seen_ids: set[str] = set()
    seen_digests: set[str] = set()
    for item in items:
        if isinstance(item, Skipped):
            report.failures.append(item)
            continue
        report.read += 1
        digest = content_hash(item.text)
        state = store.article_state(item.id, digest)
        if state == "same" or item.id in seen_ids:
            report.duplicates += 1
            continue
        if state == "new" and (digest in seen_digests or store.duplicate_of(digest)):
            report.duplicates += 1  # the same text under another id: a copy, not a new source
            continue
        seen_ids.add(item.id)
        seen_digests.add(digest)
        fresh.append(item)
    if progress:
        progress(0, len(fresh))
    done = 0
    for facts in extract_all(fresh):
        # An article that cannot be extracted (too long, or extraction raised) is reported; the rest go on.
        if isinstance(facts, Skipped):
            report.failures.append(facts)
        else:
            store.save_facts(facts)
            report.extracted += 1
        done += 1
        if progress:
            progress(done, len(fresh))
    merged = store.refresh()  # the agreements the new articles touch (and any merge cut short before)
    if merged is not None:
        report.created, report.updated = merged.created, merged.updated
    report.agreements = store.query(limit=0)[1]
    return report
