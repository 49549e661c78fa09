"""Incremental resolve: blocking keys per agreement, the persisted story index, articles waiting to be merged.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreement_keys",
        sa.Column("agreement_id", sa.String(200), sa.ForeignKey("agreements.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("key", sa.String(2000), primary_key=True),
        sa.Column("near", sa.Boolean, primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_agreement_keys_key", "agreement_keys", ["key", "near"])
    op.create_index("ix_mentions_agreement", "mentions", ["agreement_id"])
    op.create_table(
        "story_signatures",
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "story_buckets",
        sa.Column("bucket", sa.BigInteger, primary_key=True),
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        # One b-tree, not a rowid table and an index: each new article adds 85 rows at random places.
        sqlite_with_rowid=False,
    )
    op.create_table(
        "pending",
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    )
    # A database merged before this revision has no keys and no story index yet: its next merge is a full one.
    bind = op.get_bind()
    articles = bind.scalar(sa.text("SELECT count(*) FROM articles")) or 0
    op.bulk_insert(sa.table("state", sa.column("key", sa.String), sa.column("value", sa.Integer)),
                   [{"key": "indexed", "value": 0 if articles else 1}])
    if articles:
        bind.execute(sa.text("UPDATE state SET value = value + 1 WHERE key = 'facts'"))


def downgrade() -> None:
    op.drop_table("pending")
    op.drop_table("story_buckets")
    op.drop_table("story_signatures")
    op.drop_index("ix_mentions_agreement", "mentions")
    op.drop_table("agreement_keys")
    op.execute("DELETE FROM state WHERE key = 'indexed'")
