"""State counters: stored facts vs merged facts, so a merge cut short is redone.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    state = op.create_table(
        "state",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    # A database from before this revision may hold facts whose merge never finished: merge once.
    articles = op.get_bind().scalar(sa.text("SELECT count(*) FROM articles")) or 0
    op.bulk_insert(state, [{"key": "facts", "value": 1 if articles else 0}, {"key": "merged", "value": 0}])


def downgrade() -> None:
    op.drop_table("state")
