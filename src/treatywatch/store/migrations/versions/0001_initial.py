"""Initial schema: articles with their facts, agreements, parties, article links, mentions.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("url", sa.Text()),
        sa.Column("outlet", sa.String(200)),
        sa.Column("published", sa.Date()),
        sa.Column("title", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False, index=True),
        sa.Column("status", sa.String(20), index=True),
        sa.Column("first_date", sa.String(10), index=True),
        sa.Column("last_date", sa.String(10), index=True),
        sa.Column("record", sa.JSON(), nullable=False),
    )
    op.create_table(
        "agreement_parties",
        sa.Column("agreement_id", sa.String(200), sa.ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("party", sa.String(20), primary_key=True),
    )
    op.create_index("ix_agreement_parties_party", "agreement_parties", ["party"])
    op.create_table(
        "agreement_articles",
        sa.Column("agreement_id", sa.String(200), sa.ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_agreement_articles_article", "agreement_articles", ["article_id"])
    op.create_table(
        "mentions",
        sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("ref", sa.String(20), primary_key=True),
        sa.Column("agreement_id", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    for table in ("mentions", "agreement_articles", "agreement_parties", "agreements", "articles"):
        op.drop_table(table)
