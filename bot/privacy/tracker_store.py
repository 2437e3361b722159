"""Rasa's SQL tracker store, with residents' words redacted before storage.

Configured in endpoints.yml as `type: bot.privacy.tracker_store.RedactingSQLTrackerStore`.
The database is `DATABASE_URL` (PostgreSQL in production) or SQLite under
`var/`, so several Rasa replicas can share one store.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot import settings
from bot.db.engine import engine as shared_engine
from bot.privacy.redact import redact_value

logger = logging.getLogger(__name__)

# Keys of an event that are ours, not the resident's: never rewritten.
_STRUCTURAL_KEYS = ("event", "timestamp", "input_channel", "message_id", "name", "policy")


def redact_event(data: Dict[str, Any]) -> Dict[str, Any]:
    """A copy of one serialised event with every string a resident could
    have written (text, parse data, entities, metadata, slot values) redacted."""
    if data.get("event") not in ("user", "slot", "entities", "user_featurization"):
        return data
    return {key: value if key in _STRUCTURAL_KEYS else redact_value(value) for key, value in data.items()}


def _connection_kwargs(url: str) -> Dict[str, Any]:
    """SQLTrackerStore's keyword arguments for a database URL."""
    parsed = make_url(url)
    dialect = parsed.drivername
    if dialect.startswith("postgres"):
        dialect = "postgresql"
    return {
        "dialect": dialect,
        "host": parsed.host,
        "port": parsed.port,
        "db": parsed.database,
        "username": parsed.username,
        "password": parsed.password,
        "query": dict(parsed.query) or None,
    }


def _tune_sqlite(engine: Any) -> None:
    """Write-ahead logging, and fsync at checkpoints rather than every commit:
    the default journal costs several milliseconds on every message."""

    def on_connect(connection: Any, _: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    event.listen(engine, "connect", on_connect)


class RedactingSQLTrackerStore(SQLTrackerStore):
    """Stores conversations with phone numbers, emails, names... removed."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        # endpoints.yml may name a URL; the environment wins, then SQLite.
        kwargs.pop("host", None)
        url = kwargs.pop("url", None) or settings.database_url()
        super().__init__(
            domain=domain,
            event_broker=event_broker,
            **_connection_kwargs(url),
            **kwargs,
        )
        if self.engine.dialect.name == "sqlite":
            # Rasa's SQLite engine opens and closes a connection per query;
            # a small pool keeps them (Rasa's event loop is one thread).
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url,
                poolclass=QueuePool,
                pool_size=2,
                connect_args={"check_same_thread": False},
            )
            _tune_sqlite(self.engine)
            self.sessionmaker = sessionmaker(bind=self.engine)
        elif self.engine.dialect.name == "postgresql":
            # The project's engine: statement, lock and pool timeouts, so a
            # hung database fails a save in seconds instead of hanging Rasa.
            self.engine.dispose()
            self.engine = shared_engine(url)
            self.sessionmaker = sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the tracker's new events, each redacted first."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redact_event(event.as_dict())
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
