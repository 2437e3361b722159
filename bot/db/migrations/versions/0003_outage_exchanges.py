"""Messages and replies kept in a local outbox during an outage, stored once the store is back.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outage_exchanges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message_id", sa.String(32), nullable=False, unique=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("user_text", sa.Text, nullable=True),
        sa.Column("replies", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("stored_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_outage_exchanges_sender_id", "outage_exchanges", ["sender_id"])
    op.create_index("ix_outage_exchanges_at", "outage_exchanges", ["at"])


def downgrade() -> None:
    op.drop_index("ix_outage_exchanges_at", "outage_exchanges")
    op.drop_index("ix_outage_exchanges_sender_id", "outage_exchanges")
    op.drop_table("outage_exchanges")
