"""Stories hold only the articles that mention an agreement (resolve/stories.py `in_stories`).

A database merged before this revision has every article in its story index: its next merge is a
full one, which writes the stories and the index anew. Nothing to undo on the way down: the older
code extends an index of fewer articles as it extends any other.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    indexed = bind.scalar(sa.text("SELECT count(*) FROM story_signatures")) or 0
    if indexed:
        bind.execute(sa.text("UPDATE state SET value = 0 WHERE key = 'indexed'"))
        bind.execute(sa.text("UPDATE state SET value = value + 1 WHERE key = 'facts'"))


def downgrade() -> None:
    pass
