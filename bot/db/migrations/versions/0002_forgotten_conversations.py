"""Conversations their residents asked to forget (their tokens are refused).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forgotten_conversations",
        sa.Column("sender_key", sa.String(64), primary_key=True),
        sa.Column("forgotten_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_forgotten_conversations_forgotten_at", "forgotten_conversations", ["forgotten_at"])


def downgrade() -> None:
    op.drop_index("ix_forgotten_conversations_forgotten_at", "forgotten_conversations")
    op.drop_table("forgotten_conversations")
