"""Delete stored conversations: one resident's on request, old ones on a schedule.

Works directly on Rasa's `events` table (the SQL tracker store), so it is safe
to run from any replica or from cron while Rasa is serving.

    python -m bot.privacy.conversations purge [--days N]
    python -m bot.privacy.conversations forget SENDER_ID
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import time
from typing import Dict, List, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot import settings
from bot.db.engine import engine as shared_engine
from bot.db.tables import ForgottenConversation, OutageExchange, utcnow
from bot.logs import configure_logging, conversation_ref

logger = logging.getLogger(__name__)

# Rasa's own table (created by its SQL tracker store), declared here once for
# the project's own reads and deletes.
_metadata = sa.MetaData()
events = sa.Table(
    "events",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def engine(url: str | None = None) -> Engine:
    """The project's one engine for the conversation store (bot.db.engine)."""
    return shared_engine(url)


def sender_key(sender_id: str) -> str:
    return hashlib.sha256(sender_id.encode()).hexdigest()


def forget(sender_id: str, db: Engine | None = None) -> int:
    """Delete every stored event of one conversation and refuse its token
    from now on; returns how many events were deleted."""
    db = db or engine()
    forgotten = ForgottenConversation.__table__
    with db.begin() as connection:
        deleted = 0
        if sa.inspect(connection).has_table("events"):
            deleted = connection.execute(sa.delete(events).where(events.c.sender_id == sender_id)).rowcount
        outage = OutageExchange.__table__
        if sa.inspect(connection).has_table(outage.name):
            deleted += connection.execute(sa.delete(outage).where(outage.c.sender_id == sender_id)).rowcount
        key = sender_key(sender_id)
        if (
            connection.execute(sa.select(forgotten.c.sender_key).where(forgotten.c.sender_key == key)).first()
            is None
        ):
            connection.execute(sa.insert(forgotten).values(sender_key=key, forgotten_at=utcnow()))
    logger.info(
        "conversation forgotten at the resident's request",
        extra={"conversation_id": conversation_ref(sender_id), "events": deleted},
    )
    return deleted


def is_forgotten(sender_id: str, db: Engine | None = None) -> bool:
    """Whether the resident asked to forget this conversation."""
    forgotten = ForgottenConversation.__table__
    query = sa.select(forgotten.c.sender_key).where(forgotten.c.sender_key == sender_key(sender_id))
    with (db or engine()).connect() as connection:
        return connection.execute(query).first() is not None


def purge(days: int | None = None, db: Engine | None = None, now: float | None = None) -> int:
    """Delete conversations whose last event is older than `days`; returns how many."""
    days = settings.retention_days() if days is None else days
    cutoff = (now or time.time()) - days * 86400
    db = db or engine()
    with db.begin() as connection:
        senders: List[str] = []
        if sa.inspect(connection).has_table("events"):
            stale = (
                sa.select(events.c.sender_id)
                .group_by(events.c.sender_id)
                .having(sa.func.max(events.c.timestamp) < cutoff)
            )
            senders = [row.sender_id for row in connection.execute(stale)]
        deleted = 0
        for start in range(0, len(senders), 500):
            batch = senders[start : start + 500]
            connection.execute(sa.delete(events).where(events.c.sender_id.in_(batch)))
            deleted += len(batch)
        outage = OutageExchange.__table__
        if sa.inspect(connection).has_table(outage.name):
            connection.execute(sa.delete(outage).where(outage.c.at < cutoff))
            for start in range(0, len(senders), 500):
                connection.execute(
                    sa.delete(outage).where(outage.c.sender_id.in_(senders[start : start + 500]))
                )
        # A forgotten token has expired by now: its row is no longer needed.
        expired = utcnow() - dt.timedelta(hours=settings.web_token_hours())
        forgotten = ForgottenConversation.__table__
        if sa.inspect(connection).has_table(forgotten.name):
            connection.execute(sa.delete(forgotten).where(forgotten.c.forgotten_at < expired))
    logger.info(
        "expired conversations purged",
        extra={"conversations": deleted, "retention_days": days},
    )
    return deleted


def transcript(sender_id: str, db: Engine | None = None) -> List[Tuple[float, str, str]]:
    """One conversation as stored, in time order: (when, "user" or "bot", text),
    from Rasa's events and the exchanges kept during outages."""
    lines: List[Tuple[float, str, str]] = []
    received: Dict[str, float] = {}  # message id -> when Rasa stored the message
    outage = OutageExchange.__table__
    with (db or engine()).connect() as connection:
        if sa.inspect(connection).has_table("events"):
            rows = connection.execute(
                sa.select(events.c.timestamp, events.c.type_name, events.c.data)
                .where(events.c.sender_id == sender_id, events.c.type_name.in_(("user", "bot")))
                .order_by(events.c.id)
            ).all()
            for when, kind, data in rows:
                event = json.loads(data or "{}")
                lines.append((float(when or 0), kind, str(event.get("text") or "")))
                if kind == "user" and event.get("message_id"):
                    received[str(event["message_id"])] = float(when or 0)
        if sa.inspect(connection).has_table(outage.name):
            for row in connection.execute(sa.select(outage).where(outage.c.sender_id == sender_id)).all():
                at = row.at if row.user_text is not None else received.get(row.message_id, row.at)
                if row.user_text is not None:
                    lines.append((at, "user", row.user_text))
                # Just after the message they answered, before anything stored later.
                lines.extend(
                    (at + 1e-6 * (n + 1), "bot", text) for n, text in enumerate(json.loads(row.replies))
                )
    return sorted(lines, key=lambda line: line[0])


def main(argv: list[str] | None = None) -> None:
    configure_logging()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    purge_cmd = commands.add_parser("purge", help="delete conversations past retention")
    purge_cmd.add_argument("--days", type=int, default=None)
    forget_cmd = commands.add_parser("forget", help="delete one conversation")
    forget_cmd.add_argument("sender_id")
    args = parser.parse_args(argv)
    if args.command == "purge":
        print(f"purged {purge(args.days)} conversations")
    else:
        print(f"deleted {forget(args.sender_id)} events")


if __name__ == "__main__":
    main()
