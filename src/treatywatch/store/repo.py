"""The repository: open (and migrate) a database, save article facts, rebuild and query agreements."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, case, create_engine, delete, event, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from treatywatch.codec import agreement_from_json, agreement_to_json, facts_from_json, facts_to_json
from treatywatch.errors import MissingExtra, NotFound, StoreError, shown_url
from treatywatch.records import Agreement, Article, ArticleFacts
from treatywatch.resolve.merge import merge
from treatywatch.resolve.stories import in_stories, stories_and_entries
from treatywatch.store.resolving import (Written, chunks, merge_pending, merged_ids, waiting, write_agreements,
                                        write_story_index)
from treatywatch.store.tables import (AgreementArticleRow, AgreementKeyRow, AgreementPartyRow, AgreementRow,
                                      ArticleRow, MentionRow, PendingRow, StateRow, StoryBucketRow, StoryRow,
                                      StorySignatureRow)


def content_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class RebuildReport:
    created: int
    updated: int
    total: int


class Store:
    """A database of articles, their facts and the agreements merged from them."""

    def __init__(self, url: str):
        """Open (and migrate) the database at the SQLAlchemy URL `url`.

        Raises:
            StoreError: the URL is not one SQLAlchemy can use, or the database cannot be opened or migrated.
            MissingExtra: a PostgreSQL URL without the driver installed.
        """
        self.url = url
        try:
            parsed = make_url(url)
            if parsed.drivername == "postgresql":
                # The `postgres` extra installs psycopg (3); SQLAlchemy 2.0 would look for psycopg2.
                parsed = parsed.set(drivername="postgresql+psycopg")
            self.engine: Engine = create_engine(parsed, **_pool_options(parsed))
        except ImportError as exc:
            if parsed.drivername == "postgresql+psycopg":
                raise MissingExtra("The PostgreSQL driver (psycopg)", "postgres") from None
            raise StoreError(f"cannot use database URL {shown_url(url)!r}: {exc}") from None
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise StoreError(f"cannot use database URL {shown_url(url)!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrate()

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(resources.files("treatywatch") / "store" / "migrations"))
        try:
            with self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    # Processes opening one empty database at once: the others wait here for the first one's
                    # tables (PostgreSQL migrates in one transaction), then find nothing left to do.
                    connection.execute(select(func.pg_advisory_xact_lock(7120505)))
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except (OperationalError, SQLAlchemyError, OSError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise StoreError(f"cannot open database {shown_url(self.url)!r}: {reason}") from None

    def close(self) -> None:
        self.engine.dispose()

    # -- articles ---------------------------------------------------------------

    def article_state(self, article_id: str, digest: str) -> str:
        """'new', 'same' (identical text already stored) or 'changed'."""
        with self.sessions() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                return "new"
            return "same" if row.content_hash == digest else "changed"

    def duplicate_of(self, digest: str) -> str | None:
        with self.sessions() as session:
            return session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest).limit(1))

    def known(self, ids: list[str], digests: list[str]) -> tuple[dict[str, str], set[str]]:
        """What `article_state` and `duplicate_of` would say of many articles, in a few queries:
        the content hash of each of `ids` that is stored, and which of `digests` a stored article has."""
        hashes: dict[str, str] = {}
        stored: set[str] = set()
        with self.sessions() as session:
            for part in chunks(ids):
                hashes.update((row.id, row.content_hash) for row in session.execute(
                    select(ArticleRow.id, ArticleRow.content_hash).where(ArticleRow.id.in_(part))))
            for part in chunks(digests):
                stored.update(session.scalars(select(ArticleRow.content_hash)
                                              .where(ArticleRow.content_hash.in_(part)).distinct()))
        return hashes, stored

    def save_facts(self, facts: ArticleFacts) -> None:
        """Store an article with its facts (replacing an earlier text of it) and mark the agreements stale.

        Raises:
            StoreError: the database refused the write (read-only, say); the message quotes no article text.
        """
        self.save_many([facts])

    def save_many(self, many: list[ArticleFacts]) -> None:
        """`save_facts` for several articles in one transaction (one commit, not one per article).

        On SQLite and PostgreSQL the articles go in one upsert statement executed with every row
        (an executemany), and their `pending` marks in another: building a statement per article
        cost more than the write itself. An id given twice is written once, with its last facts
        (what writing them one after the other leaves).
        """
        if not many:
            return
        dialect = {"postgresql": postgresql, "sqlite": sqlite}.get(self.engine.dialect.name)
        article = many[0].article
        try:
            with self.sessions.begin() as session:
                rows: dict[str, dict] = {}
                for facts in many:
                    article = facts.article
                    rows.pop(article.id, None)  # a later text of the same id: written last, as it came
                    rows[article.id] = {
                        "id": article.id, "url": article.url, "outlet": article.outlet,
                        "published": article.published or facts.published, "title": article.title,
                        "text": article.text, "content_hash": content_hash(article.text),
                        "facts": facts_to_json(facts), "ingested_at": datetime.now(timezone.utc).replace(tzinfo=None)}
                if dialect is None:
                    for row in rows.values():
                        session.merge(ArticleRow(**row))
                        # In the same transaction as the facts: the agreements are stale until a merge
                        # takes the article from `pending`.
                        session.merge(PendingRow(article_id=row["id"]))
                else:
                    # One statement, not a read then a write: another ingest may store these articles meanwhile.
                    upsert = dialect.insert(ArticleRow)
                    columns = [column for column in next(iter(rows.values())) if column != "id"]
                    session.execute(upsert.on_conflict_do_update(
                        index_elements=[ArticleRow.id], set_={k: upsert.excluded[k] for k in columns}),
                        list(rows.values()))
                    # In the same transaction as the facts: the agreements are stale until a merge takes
                    # each article from `pending` (another ingest may mark the same article at once).
                    session.execute(dialect.insert(PendingRow).on_conflict_do_nothing(),
                                    [{"article_id": key} for key in rows])
                session.execute(update(StateRow).where(StateRow.key == "facts").values(value=StateRow.value + 1))
        except SQLAlchemyError as exc:
            # The first line of the driver's reason only: the rest repeats the statement and the article's text.
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise StoreError(f"cannot save article {article.id[:80]!r} in {shown_url(self.url)!r}: {reason}") from None

    def _counter(self, session: Session, key: str) -> int:
        return session.scalar(select(StateRow.value).where(StateRow.key == key)) or 0

    def stale(self) -> bool:
        """True while some stored facts are not merged into the agreements (a merge was cut short)."""
        with self.sessions() as session:
            return self._counter(session, "facts") > self._counter(session, "merged")

    def generation(self) -> tuple[int, int]:
        """(facts saved, facts merged): it changes whenever a rebuild writes other agreements, so a reader
        may keep what it computed from the agreements until it does."""
        with self.sessions() as session:
            values = {key: value for key, value in session.execute(select(StateRow.key, StateRow.value))}
        return values.get("facts", 0), values.get("merged", 0)

    def refresh(self) -> RebuildReport | None:
        """Merge what is pending if the agreements are stale (`resolve`); None when they were up to date."""
        return self.resolve() if self.stale() else None

    def get_article(self, article_id: str) -> dict[str, Any]:
        with self.sessions() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                raise NotFound(f"no article with id {article_id!r}")
            agreements = session.scalars(select(AgreementArticleRow.agreement_id)
                                         .where(AgreementArticleRow.article_id == article_id)).all()
            return {"id": row.id, "url": row.url, "outlet": row.outlet,
                    "published": row.published.isoformat() if row.published else None,
                    "title": row.title, "text": row.text, "agreements": sorted(agreements)}

    def article_count(self) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def all_facts(self, session: Session | None = None) -> list[ArticleFacts]:
        if session is None:
            with self.sessions() as session:
                return self.all_facts(session)
        # Sorted here, by code point: the merge depends on the order of its input, and a server's
        # collation (PostgreSQL's locale) would order ids otherwise than SQLite does.
        rows = sorted(session.scalars(select(ArticleRow)).all(), key=lambda r: r.id)
        return [facts_from_json(Article(id=r.id, text=r.text, url=r.url, outlet=r.outlet,
                                        published=r.published, title=r.title), r.facts) for r in rows]

    # -- agreements ---------------------------------------------------------------

    def rebuild(self) -> RebuildReport:
        """Merge every stored article's facts again and replace the agreements, in one transaction.

        The full path: stories and the story index are computed anew too. On PostgreSQL the merge
        first locks the state row, so two processes that finish an ingest at once merge one after
        the other, the later one reading every article of both.
        """
        with self.sessions.begin() as session:
            session.execute(select(StateRow.value).where(StateRow.key == "merged").with_for_update())
            written = self._rebuild(session)
        return RebuildReport(created=written.created, updated=written.updated, total=self.query(limit=0)[1])

    def _rebuild(self, session: Session) -> Written:
        generation = self._counter(session, "facts")
        all_facts = self.all_facts(session)
        known = {(m.article_id, m.ref): m.agreement_id for m in session.scalars(select(MentionRow))}
        old = {r.id: r.record for r in session.scalars(select(AgreementRow))}
        agreements, owners = merge(all_facts, merged_ids(known))
        texts = [(f.article.id, f.article.text) for f in all_facts if in_stories(f)]
        story_of, indexed = stories_and_entries(texts)
        for table in (MentionRow, AgreementKeyRow, AgreementArticleRow, AgreementPartyRow, AgreementRow, StoryRow,
                      StoryBucketRow, StorySignatureRow):
            session.execute(delete(table))
        # Only the articles read: one another ingest saved meanwhile stays pending for its own merge.
        for part in chunks(f.article.id for f in all_facts):
            session.execute(delete(PendingRow).where(PendingRow.article_id.in_(part)))
        session.flush()
        session.add_all(StoryRow(article_id=a, story_id=s) for a, s in story_of.items())
        write_story_index(session, indexed)
        written = write_agreements(session, agreements, owners, {f.article.id: f for f in all_facts}, story_of, old,
                                   waiting(all_facts, owners))
        session.execute(update(StateRow).where(StateRow.key == "indexed").values(value=1))
        # Facts saved while this merge ran keep the store stale, so the next command merges them.
        session.execute(update(StateRow).where(StateRow.key == "merged").values(value=generation))
        return written

    def resolve(self) -> RebuildReport:
        """Merge the articles stored since the last merge into the agreements they touch (one transaction).

        The incremental path (store/resolving.py): only those agreements are rewritten and the story
        index is extended. It takes the full path (`rebuild`) where the store has no index yet (a
        database merged before the index existed), where a pending article replaces an earlier text of
        itself, where most stored articles are pending, and where the store is stale with nothing pending.
        """
        with self.sessions.begin() as session:
            session.execute(select(StateRow.value).where(StateRow.key == "merged").with_for_update())
            generation = self._counter(session, "facts")
            pending = list(session.scalars(select(PendingRow.article_id)))
            # An article stored again with a new text may leave a story or an agreement: merged anew.
            replaced = session.scalar(select(func.count()).select_from(StoryRow).join(
                PendingRow, PendingRow.article_id == StoryRow.article_id))
            # When most articles are new, one full merge costs less than following their blocks.
            most = 2 * len(pending) > (session.scalar(select(func.count()).select_from(ArticleRow)) or 0)
            if not pending and generation <= self._counter(session, "merged"):
                written = Written(0, 0)
            elif not pending or replaced or most or not self._counter(session, "indexed"):
                # Stale with nothing pending: an article saved again while a merge read it; merged anew.
                written = self._rebuild(session)
            else:
                written = merge_pending(session, pending)
                session.execute(update(StateRow).where(StateRow.key == "merged").values(value=generation))
        return RebuildReport(created=written.created, updated=written.updated, total=self.query(limit=0)[1])

    def get_agreement(self, agreement_id: str) -> Agreement:
        with self.sessions() as session:
            row = session.get(AgreementRow, agreement_id)
            if row is None:
                raise NotFound(f"no agreement with id {agreement_id!r}")
            return agreement_from_json(row.record)

    def agreement_records(self, agreement_id: str) -> dict[str, Any]:
        with self.sessions() as session:
            row = session.get(AgreementRow, agreement_id)
            if row is None:
                raise NotFound(f"no agreement with id {agreement_id!r}")
            return row.record

    def query(self, *, party: str | None = None, kind: str | None = None, status: str | None = None,
              since: date | None = None, until: date | None = None, text: str | None = None,
              limit: int | None = None, offset: int = 0, sort: str = "id",
              descending: bool = False) -> tuple[list[dict[str, Any]], int]:
        """Export records matching the filters (all given must hold), sorted, and the total."""
        where = _filters(party=party, kind=kind, status=status, since=since, until=until, text=text)
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(AgreementRow).where(*where)) or 0
            stmt = _paged(select(AgreementRow).where(*where), sort, descending, limit, offset)
            return [row.record for row in session.scalars(stmt)], total

    def summaries(self, *, party: str | None = None, kind: str | None = None, status: str | None = None,
                  since: date | None = None, until: date | None = None, text: str | None = None,
                  limit: int | None = None, offset: int = 0, sort: str = "id",
                  descending: bool = False) -> tuple[list[dict[str, Any]], int]:
        """Like `query`, but each agreement as a summary: no quotes, evidence or supports, and counts.

        Only the summary's parts of each stored record are read (in the database where it can), so a
        list stays small however many quotes its agreements carry.
        """
        where = _filters(party=party, kind=kind, status=status, since=since, until=until, text=text)
        record = AgreementRow.record
        columns = (AgreementRow.id, AgreementRow.title, AgreementRow.kind, AgreementRow.status,
                   AgreementRow.first_date, AgreementRow.last_date, record["parties"], record["events"],
                   record["provisions"], record["articles"], *(self._array_length(k) for k in SUMMARY_COUNTS))
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(AgreementRow).where(*where)) or 0
            # The page's ids first: sorting and skipping rows then touches no JSON (a deep page of 10,000
            # agreements sorted by date took twice as long with the summaries' columns in the sort).
            ids = session.scalars(_paged(select(AgreementRow.id).where(*where), sort, descending, limit, offset)).all()
            rows = {row[0]: row for row in session.execute(select(*columns).where(AgreementRow.id.in_(ids)))}
        return [_summary(rows[i]) for i in ids if i in rows], total

    def _array_length(self, key: str):
        """The length of the record's list `key` (0 when absent), computed by the database."""
        if self.engine.dialect.name == "sqlite":  # 0 for null or any other value that is no list
            return func.coalesce(func.json_array_length(AgreementRow.record, f"$.{key}"), 0)
        value = AgreementRow.record[key]  # PostgreSQL's json_array_length fails on a value that is no list
        return case((func.json_typeof(value) == "array", func.json_array_length(value)), else_=0)

    def graph(self, *, year: int | None = None) -> dict[str, Any]:
        """States and organisations as nodes, agreements as edges between each pair of parties."""
        stmt = select(AgreementRow.id, AgreementRow.title, AgreementRow.kind, AgreementRow.status,
                      AgreementRow.first_date, AgreementPartyRow.party).join(
            AgreementPartyRow, AgreementPartyRow.agreement_id == AgreementRow.id)
        if year is not None:
            stmt = stmt.where(AgreementRow.first_date <= f"{year}-12-31")
        agreements: dict[str, dict[str, Any]] = {}
        with self.sessions() as session:
            for ident, title, kind, status, first, party in session.execute(stmt):
                item = agreements.setdefault(ident, {"id": ident, "title": title, "kind": kind, "status": status,
                                                     "first_date": first, "parties": []})
                item["parties"].append(party)
        nodes: dict[str, int] = {}
        edges = []
        for item in agreements.values():
            parties = sorted(item["parties"])
            for p in parties:
                nodes[p] = nodes.get(p, 0) + 1
            for i, a in enumerate(parties):
                for b in parties[i + 1:]:
                    edges.append({"source": a, "target": b, "agreement": item["id"], "title": item["title"],
                                  "kind": item["kind"], "status": item["status"], "first_date": item["first_date"]})
        return {"nodes": [{"id": p, "agreements": n} for p, n in sorted(nodes.items())], "edges": edges}

    def party(self, code: str) -> dict[str, Any]:
        """A party's agreements (summaries) and its partners with how many agreements they share.

        A party with no agreement has empty lists: whether the code names a party at all is the caller's question.
        """
        spellings = _spellings(code)
        with self.sessions() as session:
            found = session.execute(select(AgreementPartyRow.agreement_id, AgreementPartyRow.party)
                                    .where(AgreementPartyRow.party.in_(spellings))).all()
            if not found:
                # An organisation's own spelling ("AfDB") is kept; "kaz" is KAZ.
                return {"party": code if code != code.lower() else code.upper(), "agreements": [], "partners": []}
            ids, code = [row[0] for row in found], found[0][1]
            rows = session.execute(select(AgreementRow.id, AgreementRow.title, AgreementRow.kind, AgreementRow.status,
                                          AgreementRow.first_date).where(AgreementRow.id.in_(ids))
                                   .order_by(AgreementRow.first_date, AgreementRow.id)).all()
            partners = session.execute(select(AgreementPartyRow.party, func.count()).where(
                AgreementPartyRow.agreement_id.in_(ids), AgreementPartyRow.party.not_in(spellings))
                .group_by(AgreementPartyRow.party).order_by(func.count().desc(), AgreementPartyRow.party)).all()
        return {"party": code,
                "agreements": [{"id": r[0], "title": r[1], "kind": r[2], "status": r[3], "first_date": r[4]} for r in rows],
                "partners": [{"party": p, "agreements": n} for p, n in partners]}

    def conflicts(self, *, party: str | None = None) -> list[dict[str, Any]]:
        """Open disagreements, one per agreement field, with both sides' supports."""
        records, _ = self.query(party=party)
        return [{"agreement": r["id"], "title": r["title"], **c} for r in records for c in r.get("conflicts") or []]

    def story_groups(self) -> list[dict[str, Any]]:
        """Stories with their articles, largest first."""
        with self.sessions() as session:
            rows = session.execute(select(StoryRow.story_id, StoryRow.article_id, ArticleRow.outlet)
                                   .join(ArticleRow, ArticleRow.id == StoryRow.article_id)
                                   .order_by(StoryRow.story_id, StoryRow.article_id)).all()
        groups: dict[str, list[dict[str, Any]]] = {}
        for story, article, outlet in rows:
            groups.setdefault(story, []).append({"id": article, "outlet": outlet})
        return sorted(({"story": k, "articles": v} for k, v in groups.items()), key=lambda g: (-len(g["articles"]), g["story"]))

    def article_summaries(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        with self.sessions() as session:
            rows = session.execute(select(ArticleRow.id, ArticleRow.url, ArticleRow.outlet, ArticleRow.published,
                                          ArticleRow.title).where(ArticleRow.id.in_(ids))).all()
        return {r[0]: {"id": r[0], "url": r[1], "outlet": r[2], "published": r[3].isoformat() if r[3] else None,
                       "title": r[4]} for r in rows}


# "status" sorts in lifecycle order (FORMAT.md), an agreement only mentioned first; titles ignore case.
SORTABLE = {"id": AgreementRow.id, "title": func.lower(AgreementRow.title), "kind": AgreementRow.kind,
            "status": case({s: i for i, s in enumerate(("proposed", "signed", "ratified", "in_force", "terminated"), 1)},
                           value=AgreementRow.status, else_=0),
            "date": AgreementRow.first_date}


# The counts a summary carries instead of the lists themselves: articles, independent stories, disagreements.
SUMMARY_COUNTS = ("articles", "stories", "conflicts", "flags")
SUMMARY_EVENT_KEYS = ("kind", "date", "place", "party", "body")
LIKE_ESCAPE = "\\"


def _filters(*, party: str | None, kind: str | None, status: str | None, since: date | None,
             until: date | None, text: str | None) -> list[Any]:
    """The WHERE clauses of the agreement filters that are given."""
    where: list[Any] = []
    if party:
        where.append(AgreementRow.id.in_(select(AgreementPartyRow.agreement_id)
                                         .where(AgreementPartyRow.party.in_(_spellings(party)))))
    if kind:
        where.append(AgreementRow.kind == kind)
    if status:
        where.append(AgreementRow.status == status)
    if since:
        day = since.isoformat()[: 10]
        # A partial last date ("2024", "2024-06") may fall on or after `since` too.
        where.append(or_(AgreementRow.last_date >= day, AgreementRow.last_date.in_((day[:4], day[:7]))))
    if until:
        where.append(AgreementRow.first_date <= until.isoformat())
    if text:
        # Words, not a pattern: "%" or "_" in a search are those characters (the hardening issue).
        like = "%" + _escape_like(text.lower()) + "%"
        where.append(or_(func.lower(AgreementRow.title).like(like, escape=LIKE_ESCAPE),
                         func.lower(AgreementRow.id).like(like, escape=LIKE_ESCAPE)))
    return where


def _spellings(code: str) -> list[str]:
    """A party code as given and upper-cased: "kaz" finds KAZ, "AfDB" (an organisation's own spelling) finds AfDB."""
    return sorted({code, code.upper()})


def _escape_like(text: str) -> str:
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")


def _paged(stmt, sort: str, descending: bool, limit: int | None, offset: int):
    column = SORTABLE.get(sort, AgreementRow.id)
    stmt = stmt.order_by(column.desc() if descending else column, AgreementRow.id).offset(offset)
    return stmt if limit is None else stmt.limit(limit)


def _summary(row) -> dict[str, Any]:
    ident, title, kind, status, first, last, parties, events, provisions, articles, *counts = row
    return {"id": ident, "title": title, "kind": kind, "parties": parties, "status": status,
            "first_date": first, "last_date": last,
            "events": [{k: e.get(k) for k in SUMMARY_EVENT_KEYS} for e in events or []],
            "provisions": provisions or {}, "articles": articles or [],
            "counts": dict(zip(SUMMARY_COUNTS, counts))}


def _pool_options(url) -> dict[str, int]:
    """Connections kept open for the web server's reading threads (anyio runs up to 40): beyond the
    default 5 kept, each read would open and close its own (a new backend process on PostgreSQL,
    the pragmas again on SQLite). Connections open only when used, so a CLI command still holds one."""
    if url.get_backend_name() == "sqlite" and (url.database or ":memory:") == ":memory:":
        return {}  # one connection per thread already
    return {"pool_size": 20, "max_overflow": 20}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Readers see the last committed state while a rebuild writes (WAL), and a writer waits for another
    # writer instead of failing at once.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode a commit that is not synced to disk at once is still atomic when the process is killed
    # (only a power cut may lose the last commits, which a later ingest stores again); each article's
    # commit took 10-15 ms of fsync, more than merging it.
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 64 MB of pages: an incremental merge's index lookups and inserts in a store of 100,000 articles
    # (8.5 million story buckets) mostly hit the cache instead of reading pages again.
    cursor.execute("PRAGMA cache_size=-65536")
    # Reads through a memory map: the web table's scans of 10,000 agreements take half the time.
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def open_store(url: str) -> Store:
    return Store(url)


