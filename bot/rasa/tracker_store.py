"""Rasa's SQL tracker store, with residents' words redacted before storage.

Configured in endpoints.yml as `type: bot.rasa.tracker_store.RedactingSQLTrackerStore`.
The database is `DATABASE_URL` (PostgreSQL in production) or SQLite under
`var/`, so several Rasa replicas can share one store.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bot import settings
from bot.db.engine import engine as shared_engine
from bot.db.tables import OutageExchange
from bot.privacy.redact import redact_event

logger = logging.getLogger(__name__)

# What went wrong with the store while one message was handled. The resident
# channel sets a fresh list before handing Rasa a message and reads it after:
# Rasa's FailSafeTrackerStore swallows store errors (a failed save goes to
# memory), so this is how the channel learns the message was not kept.
STORE_PROBLEMS: contextvars.ContextVar[Optional[List[str]]] = contextvars.ContextVar(
    "store_problems", default=None
)

# Database work runs on these threads, never on Rasa's event loop, and is
# abandoned after STORE_TIMEOUT_SECONDS: a hung database (its process frozen,
# so no server-side timeout can fire) then costs a resident seconds, not the
# whole Rasa process.
_DB_THREADS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="tracker-store")


def _note_problem(what: str, error: BaseException) -> None:
    problems = STORE_PROBLEMS.get()
    if problems is not None:
        problems.append(f"{what}: {type(error).__name__}")


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


class RedactingSQLTrackerStore(SQLTrackerStore):
    """Stores conversations with phone numbers, emails, names... removed."""

    engine: sa.engine.Engine

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
        # The project's engine for this URL: a kept pool of connections (SQLite
        # with write-ahead logging), and for PostgreSQL statement, lock and
        # pool timeouts, so a hung database fails a save in seconds.
        self.engine.dispose()
        self.engine = shared_engine(url)
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def _in_thread(self, what: str, work: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        budget = settings.store_timeout_seconds()
        start_by = time.monotonic() + budget

        def bounded() -> Any:
            # Work still queued when its caller gave up (every thread stuck on
            # a hung database) is dropped, not run minutes later.
            if time.monotonic() > start_by:
                raise TimeoutError("abandoned before it started")
            return work(*args)

        try:
            return await asyncio.wait_for(loop.run_in_executor(_DB_THREADS, bounded), budget)
        except Exception as error:
            _note_problem(what, error)
            if isinstance(error, asyncio.TimeoutError):
                raise TimeoutError(
                    f"the conversation store did not answer within {settings.store_timeout_seconds():g}s"
                ) from None
            raise

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        return await self._in_thread("retrieve", self._retrieve_now, sender_id, False)

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        return await self._in_thread("retrieve", self._retrieve_now, conversation_id, True)

    def _retrieve_now(self, sender_id: str, all_sessions: bool) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=all_sessions).all()
            events = [json.loads(row.data) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the tracker's new events, each redacted first.

        Not when this message's tracker could not be read: Rasa then works
        from a blank tracker, and storing that would write a false history.
        The channel keeps the message in its outbox instead."""
        if STORE_PROBLEMS.get():
            raise RuntimeError("not saved: the conversation could not be read from the store")
        await self.stream_events(tracker)
        await self._in_thread("save", self._save_now, tracker)

    def _save_now(self, tracker: DialogueStateTracker) -> None:
        late: List[str] = []
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
                if event.type_name == "user" and data.get("message_id") and _is_late(data):
                    late.append(str(data["message_id"]))
            if late:
                # Saved after the resident was already given the safe reply (the
                # store was hung): the outbox may have kept this message too, and
                # the message must be stored once.
                session.execute(
                    sa.update(OutageExchange.__table__)
                    .where(OutageExchange.message_id.in_(late))
                    .values(user_text=None)
                )
            session.commit()


def _is_late(data: Dict[str, Any]) -> bool:
    return time.time() - float(data.get("timestamp") or 0) > settings.message_deadline_seconds()
