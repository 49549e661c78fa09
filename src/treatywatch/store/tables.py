"""SQLAlchemy tables. Agreements are merged from stored article facts; `state` and `pending` say when they are stale."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String,
                        Text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    facts: Mapped[dict] = mapped_column(JSON)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)


class AgreementRow(Base):
    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str | None] = mapped_column(String(20), index=True)
    first_date: Mapped[str | None] = mapped_column(String(10), index=True)  # earliest event, YYYY[-MM[-DD]]
    last_date: Mapped[str | None] = mapped_column(String(10), index=True)
    record: Mapped[dict] = mapped_column(JSON)  # the export record (FORMAT.md + evidence)


class AgreementPartyRow(Base):
    __tablename__ = "agreement_parties"

    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True)
    party: Mapped[str] = mapped_column(String(20), primary_key=True)

    __table_args__ = (Index("ix_agreement_parties_party", "party"),)


class AgreementArticleRow(Base):
    __tablename__ = "agreement_articles"

    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("ix_agreement_articles_article", "article_id"),)


class MentionRow(Base):
    """Which agreement each article's mention was merged into: keeps ids stable across ingests."""

    __tablename__ = "mentions"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("ix_mentions_agreement", "agreement_id"),)


class AgreementKeyRow(Base):
    """The blocks an agreement's mentions fall in (resolve/blocks.py): how new mentions find it.

    `near` rows are the party sets one state smaller than a mention's, so that a set one state
    larger or smaller than a new mention's is found by an indexed lookup too.
    """

    __tablename__ = "agreement_keys"

    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(2000), primary_key=True)
    near: Mapped[bool] = mapped_column(Boolean, primary_key=True)

    __table_args__ = (Index("ix_agreement_keys_key", "key", "near"), {"sqlite_with_rowid": False})


class StorySignatureRow(Base):
    """An article's MinHash signature and shingle count, kept so new articles are compared without recomputing."""

    __tablename__ = "story_signatures"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class StoryBucketRow(Base):
    """The LSH buckets (one per band) an article falls in: its bucket mates are its candidate copies."""

    __tablename__ = "story_buckets"

    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = {"sqlite_with_rowid": False}


class PendingRow(Base):
    """Articles whose facts are stored but not yet merged (written in the same transaction as the facts)."""

    __tablename__ = "pending"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class StoryRow(Base):
    """Articles that copy one another share a story: one source when weighing support."""

    __tablename__ = "stories"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(200), index=True)


class StateRow(Base):
    """Counters that say whether the agreements are up to date with the stored facts.

    `facts` grows with every article saved (in the same transaction as its facts and its `pending` row);
    a merge writes the value it merged as `merged`. While `facts > merged` the agreements are stale: a
    merge was cut short or has not run yet. `indexed` is 1 once a full merge wrote the blocking keys and
    the story index that the incremental merge reads.
    """

    __tablename__ = "state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
