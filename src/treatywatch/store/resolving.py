"""Writing merged agreements and the story index, and the incremental merge of pending articles.

The full path (Store.rebuild) merges every article; the incremental one (`merge_pending`) merges
only the blocks that the pending articles' mentions fall in (resolve/blocks.py) together with the
agreements already stored there, and extends the persisted story index with the pending articles.
Both write through `write_agreements`, so the rows they leave are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from treatywatch.codec import agreement_to_json, facts_from_json
from treatywatch.records import Agreement, Article, ArticleFacts
from treatywatch.resolve import blocks
from treatywatch.resolve.merge import merge
from treatywatch.resolve.provenance import trace
from treatywatch.resolve.stories import Entry, copies, entries, entry_from_bytes, in_stories
from treatywatch.store.tables import (AgreementArticleRow, AgreementKeyRow, AgreementPartyRow, AgreementRow,
                                      ArticleRow, MentionRow, PendingRow, StoryBucketRow, StoryRow,
                                      StorySignatureRow)

CHUNK = 500  # ids per IN (...) list: under every database's limit on bound parameters
# The agreement id of a mention in passing that joined no record (merge._attach_passing), followed by its
# party key: a later article may bring the record, and the incremental merge finds the mention by its block.
WAITING = "~"


@dataclass(frozen=True, slots=True)
class Written:
    created: int
    updated: int


def chunks(items: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(set(items))
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def load_facts(session: Session, ids: Iterable[str]) -> dict[str, ArticleFacts]:
    """The stored facts of these articles, by id."""
    found: dict[str, ArticleFacts] = {}
    for part in chunks(ids):
        for r in session.scalars(select(ArticleRow).where(ArticleRow.id.in_(part))):
            found[r.id] = facts_from_json(Article(id=r.id, text=r.text, url=r.url, outlet=r.outlet,
                                                  published=r.published, title=r.title), r.facts)
    return found


# -- agreements ----------------------------------------------------------------


def waiting(merged: Iterable[ArticleFacts], owners: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """The mentions in passing of these facts that joined no record, each with its WAITING id."""
    return {(f.article.id, m.ref): WAITING + blocks.party_key(m.parties)
            for f in merged for m in f.passing if (f.article.id, m.ref) not in owners}


def merged_ids(known: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """The stored owners that are agreements (not a mention in passing waiting for one)."""
    return {key: ident for key, ident in known.items() if not ident.startswith(WAITING)}


def write_agreements(session: Session, agreements: list[Agreement], owners: dict[tuple[str, str], str],
                     facts_by_article: dict[str, ArticleFacts], story_of: dict[str, str],
                     old: dict[str, dict], unowned: dict[tuple[str, str], str] | None = None) -> Written:
    """Trace and insert the merged agreements with their parties, articles, mentions and blocking keys.

    `old` holds the records these agreements replace (deleted by the caller), to count what changed;
    `unowned` the mentions in passing that joined none (`waiting`), stored so that a later merge finds them.
    """
    refs_of: dict[str, list[tuple[str, str]]] = {}
    for key, ident in owners.items():
        refs_of.setdefault(ident, []).append(key)
    created = updated = 0
    for agreement in agreements:
        found = trace(agreement, facts_by_article, refs_of.get(agreement.id, []), story_of)
        for key in found.withheld:  # a paraphrase's claim the quoted text does not bear out (issue 4)
            agreement.provisions.pop(key, None)
            agreement.provision_evidence.pop(key, None)
        record = agreement_to_json(agreement)
        record.update(found.as_json())
        if agreement.id not in old:
            created += 1
        elif old[agreement.id] != record:
            updated += 1
        dates = sorted(str(e.date) for e in agreement.events if e.date)
        session.add(AgreementRow(id=agreement.id, title=agreement.title, kind=agreement.kind.value,
                                 status=record["status"], first_date=dates[0] if dates else None,
                                 last_date=dates[-1] if dates else None, record=record))
    session.flush()
    for agreement in agreements:
        session.add_all(AgreementPartyRow(agreement_id=agreement.id, party=p) for p in agreement.parties or [])
        session.add_all(AgreementArticleRow(agreement_id=agreement.id, article_id=a) for a in agreement.articles)
        keys = {k for a, ref in refs_of.get(agreement.id, []) for k in _mention_keys(facts_by_article[a], ref)}
        session.add_all(AgreementKeyRow(agreement_id=agreement.id, key=k, near=n) for k, n in sorted(keys))
    session.add_all(MentionRow(article_id=a, ref=ref, agreement_id=i)
                    for (a, ref), i in {**(unowned or {}), **owners}.items())
    return Written(created, updated)


def _mention_keys(facts: ArticleFacts, ref: str) -> list[tuple[str, bool]]:
    return [k for m in facts.agreements + facts.passing if m.ref == ref for k in blocks.stored_keys(m.parties)]


def _touched(session: Session, seeds: set[frozenset[str]], visited: set[frozenset[str]] | None = None) -> set[str]:
    """Every stored agreement that a mention of these party sets can be merged with, following
    chains of one-state differences through the agreements found; `visited` gets the party sets followed."""
    touched: set[str] = set()
    done: set[frozenset[str]] = set()
    frontier = set(seeds)
    while frontier:
        done |= frontier
        wanted = {k for parties in frontier for k in blocks.lookups(parties)}
        found: set[str] = set()
        for near in (False, True):
            for part in chunks(k for k, n in wanted if n == near):
                found.update(session.scalars(select(AgreementKeyRow.agreement_id).where(
                    AgreementKeyRow.key.in_(part), AgreementKeyRow.near == near)))
        found -= touched
        touched |= found
        frontier = set()
        for part in chunks(found):
            for key in session.scalars(select(AgreementKeyRow.key).where(
                    AgreementKeyRow.agreement_id.in_(part), AgreementKeyRow.near.is_(False))):
                parties = blocks.key_parties(key)
                if parties is not None and parties not in done:
                    frontier.add(parties)
    if visited is not None:
        visited |= done
    return touched


class _Reserved:
    """The ids of stored agreements outside the merge: asked one id at a time, never all read."""

    def __init__(self, session: Session, replaced: set[str]):
        self.session, self.replaced = session, replaced

    def __contains__(self, ident: object) -> bool:
        return ident not in self.replaced and self.session.get(AgreementRow, ident) is not None


def merge_pending(session: Session, pending: list[str]) -> Written:
    """Merge the pending articles into the agreements they touch, rewriting only those agreements."""
    new = load_facts(session, pending)
    restoried = extend_stories(session, [(i, new[i].article.text) for i in sorted(new) if in_stories(new[i])])
    seeds = {frozenset(m.parties) for f in new.values() for m in f.agreements + f.passing}
    # An article whose story changed changes the supports of its agreements: they are traced again.
    retraced: set[str] = set()
    for part in chunks(restoried - set(new)):
        retraced.update(session.scalars(select(AgreementArticleRow.agreement_id)
                                        .where(AgreementArticleRow.article_id.in_(part))))
    for part in chunks(retraced):
        for key in session.scalars(select(AgreementKeyRow.key).where(AgreementKeyRow.agreement_id.in_(part),
                                                                     AgreementKeyRow.near.is_(False))):
            parties = blocks.key_parties(key)
            if parties is not None:
                seeds.add(parties)
    blocks_followed: set[frozenset[str]] = set()
    touched = _touched(session, seeds, blocks_followed) | retraced
    # Mentions in passing that joined no record yet, in these blocks: a record there may now take them.
    waited = {WAITING + blocks.party_key(p) for p in blocks_followed}
    known: dict[tuple[str, str], str] = {}
    for part in chunks(touched | waited):
        known.update({(m.article_id, m.ref): m.agreement_id for m in
                      session.scalars(select(MentionRow).where(MentionRow.agreement_id.in_(part)))})
    facts = {**load_facts(session, {a for a, _ in known} - set(new)), **new}
    # Each stored article brings only its mentions of the touched agreements; a new one all of its own.
    given = [f if f.article.id in new else replace(
        f, agreements=[m for m in f.agreements if (f.article.id, m.ref) in known],
        passing=[m for m in f.passing if (f.article.id, m.ref) in known])
             for f in sorted(facts.values(), key=lambda f: f.article.id)]  # the full rebuild's order
    agreements, owners = merge(given, merged_ids(known), reserved=_Reserved(session, touched))
    old: dict[str, dict] = {}
    for part in chunks(touched):
        old.update({r.id: r.record for r in session.scalars(select(AgreementRow).where(AgreementRow.id.in_(part)))})
        session.execute(delete(MentionRow).where(MentionRow.agreement_id.in_(part)))
        for table in (AgreementKeyRow, AgreementArticleRow, AgreementPartyRow):
            session.execute(delete(table).where(table.agreement_id.in_(part)))
        session.execute(delete(AgreementRow).where(AgreementRow.id.in_(part)))
    for part in chunks(waited):
        session.execute(delete(MentionRow).where(MentionRow.agreement_id.in_(part)))
    session.flush()
    story_of = _stories_of(session, {a for agreement in agreements for a in agreement.articles})
    written = write_agreements(session, agreements, owners, facts, story_of, old, waiting(given, owners))
    for part in chunks(pending):
        session.execute(delete(PendingRow).where(PendingRow.article_id.in_(part)))
    return written


def _stories_of(session: Session, articles: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in chunks(articles):
        found.update((a, s) for a, s in session.execute(select(StoryRow.article_id, StoryRow.story_id)
                                                        .where(StoryRow.article_id.in_(part))))
    return found


# -- stories -------------------------------------------------------------------


def write_story_index(session: Session, indexed: list[Entry]) -> None:
    session.add_all(StorySignatureRow(article_id=e.article_id, size=e.size, signature=e.signature_bytes())
                    for e in indexed)
    session.flush()
    rows = [{"bucket": b, "article_id": e.article_id} for e in indexed for b in sorted(set(e.buckets))]
    if rows:  # an insert with no rows would write one of defaults
        session.execute(StoryBucketRow.__table__.insert(), rows)


def extend_stories(session: Session, articles: list[tuple[str, str]]) -> set[str]:
    """Add (id, text) pairs to the story index and their stories; the ids of every article whose story
    is new or changed (a new copy with a smaller id renames its story; one that links two stories joins them)."""
    changed: set[str] = set()
    text_of = dict(articles)
    for entry in entries(articles):
        text = text_of[entry.article_id]
        mates = _bucket_mates(session, entry)
        linked = copies(entry, text, mates, lambda ident: session.get(ArticleRow, ident).text)
        stories = set(_stories_of(session, set(linked)).values())
        members: set[str] = {entry.article_id}
        for part in chunks(stories):
            members.update(session.scalars(select(StoryRow.article_id).where(StoryRow.story_id.in_(part))))
        root = min(members)
        for part in chunks(stories - {root}):
            moved = session.scalars(select(StoryRow.article_id).where(StoryRow.story_id.in_(part))).all()
            changed.update(moved)
            session.execute(StoryRow.__table__.update().where(StoryRow.story_id.in_(part)).values(story_id=root))
        session.add(StoryRow(article_id=entry.article_id, story_id=root))
        changed.add(entry.article_id)
        write_story_index(session, [entry])
        session.flush()
    return changed


def _bucket_mates(session: Session, entry: Entry) -> list[Entry]:
    ids = set(session.scalars(select(StoryBucketRow.article_id).where(StoryBucketRow.bucket.in_(entry.buckets))))
    ids.discard(entry.article_id)
    mates = []
    for part in chunks(ids):
        for r in session.scalars(select(StorySignatureRow).where(StorySignatureRow.article_id.in_(part))):
            mates.append(entry_from_bytes(r.article_id, r.size, r.signature))
    return sorted(mates, key=lambda m: m.article_id)
