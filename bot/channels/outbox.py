"""Messages and replies the conversation store could not keep, kept on
local disk until it can.

When Rasa, the database, Redis or the action server fails, the resident
is still answered (the safe reply) by the public process that relayed the
message. That process writes the exchange here first: the resident's
words (redacted, as the store would keep them), the replies shown, when,
and what the safety screen saw. A background task stores each record in
the `outage_exchanges` table once the database answers, oldest first, and
deletes its file. The stored conversation is Rasa's events plus those rows
in time order (`bot.privacy.conversations.transcript`).

Why a local outbox: the only thing every outage leaves working is the
process that answered, and its disk. Redis and the database are what may
be down; Rasa is what may be hung. One fsynced file per exchange costs
about a millisecond and survives a restart of the process.

Stored once: each exchange carries the message id the relay gave Rasa. If
Rasa stored the message after all (it was slow, not down), only the
replies shown are added; a unique key on the message id makes a replay
after a crash harmless.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot import settings
from bot.logs import conversation_ref

logger = logging.getLogger(__name__)


@dataclass
class Exchange:
    sender_id: str
    channel: str
    text: str  # redacted before it is written anywhere
    replies: List[str]
    kind: str  # emergency, crisis or other: the safety screen's verdict
    reason: str
    user_kept: bool = False  # Rasa stored the message; only the replies are missing
    at: float = field(default_factory=time.time)
    message_id: str = field(default_factory=lambda: uuid.uuid4().hex)


# Every kind of identifier, so each recogniser loads what it loads lazily.
WARM_UP_TEXT = (
    "I'm Priya Patel, call me on 07700 900123 or priya@example.com, I live at 12 Rose Lane, "
    "CM1 1AA, car AB12 CDE, card 4111 1111 1111 1111, NI QQ123456C"
)


def warm_up() -> None:
    """Load the redactor and everything it loads on first use, ahead of the
    first outage: otherwise the first exchange kept costs a second, and
    memory grows by a step mid-run."""
    from bot.privacy.redact import redact

    redact(WARM_UP_TEXT)


def new_message_id() -> str:
    return uuid.uuid4().hex


class Outbox:
    def __init__(self, directory: Optional[Path] = None, db: Optional[Callable[[], Engine]] = None) -> None:
        self.directory = directory or settings.outbox_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._db = db
        self._lock = threading.Lock()

    def engine(self) -> Engine:
        if self._db is not None:
            return self._db()
        from bot.db.engine import engine

        return engine()

    # ---- keeping -------------------------------------------------------------

    def keep(self, exchange: Exchange) -> None:
        """Write one exchange to disk (fsynced) before the process goes on."""
        from bot.privacy.redact import redact  # spaCy: loaded when first needed, or by warm_up()

        exchange.text = redact(exchange.text)
        name = f"{exchange.at:017.6f}-{exchange.message_id}.json"
        temporary = self.directory / f".{name}.tmp"
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(asdict(exchange), handle)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.rename(self.directory / name)
        logger.warning(
            "exchange kept in the outbox until the conversation store is back",
            extra={
                "conversation_id": conversation_ref(exchange.sender_id),
                "kind": exchange.kind,
                "reason": exchange.reason,
            },
        )

    def waiting(self) -> List[Path]:
        return sorted(self.directory.glob("*.json"))

    # ---- storing -------------------------------------------------------------

    def deliver(self) -> int:
        """Store every waiting exchange, oldest first; stop at the first
        failure (the store is still down) so order is kept. How many were stored."""
        with self._lock:
            stored = 0
            for path in self.waiting():
                try:
                    record = json.loads(path.read_text(encoding="utf-8"))
                except FileNotFoundError:
                    continue  # another process on this disk stored it
                except (OSError, ValueError):
                    logger.error("unreadable outbox file set aside", extra={"file": path.name})
                    path.rename(path.with_suffix(".unreadable"))
                    continue
                try:
                    store(self.engine(), record)
                except Exception as problem:
                    logger.info(
                        "conversation store still unavailable; outbox waits",
                        extra={"waiting": len(self.waiting()), "problem": type(problem).__name__},
                    )
                    break
                path.unlink(missing_ok=True)
                stored += 1
            if stored:
                logger.info("outbox exchanges stored", extra={"exchanges": stored})
            return stored

    async def run(self, every: Optional[float] = None) -> None:
        """Deliver in the background for as long as the process runs."""
        every = every or settings.outbox_retry_seconds()
        loop = asyncio.get_running_loop()
        while True:
            if self.waiting():
                try:
                    await asyncio.wait_for(loop.run_in_executor(None, self.deliver), every * 6)
                except Exception as problem:  # never let the loop die
                    logger.warning(
                        "outbox delivery failed; retrying", extra={"problem": type(problem).__name__}
                    )
            await asyncio.sleep(every)


def store(db: Engine, record: Dict[str, Any]) -> None:
    """Insert one exchange, once: a no-op if its message id is already stored."""
    from bot.db.tables import OutageExchange
    from bot.privacy.conversations import events, is_forgotten

    table = OutageExchange.__table__
    sender = record["sender_id"]
    if is_forgotten(sender, db):
        return  # the resident asked to forget this conversation meanwhile
    with db.begin() as connection:
        if connection.execute(
            sa.select(table.c.id).where(table.c.message_id == record["message_id"])
        ).first():
            return
        user_kept = bool(record.get("user_kept")) or _rasa_has(
            connection, events, sender, record["message_id"]
        )
        connection.execute(
            sa.insert(table).values(
                message_id=record["message_id"],
                sender_id=sender,
                channel=record["channel"],
                at=float(record["at"]),
                user_text=None if user_kept else record["text"],
                replies=json.dumps(record["replies"]),
                kind=record["kind"],
                reason=record["reason"][:64],
            )
        )


def _rasa_has(connection: Any, events: sa.Table, sender: str, message_id: str) -> bool:
    """Whether Rasa stored this message itself (it was slow, not down)."""
    if not sa.inspect(connection).has_table("events"):
        return False
    rows = connection.execute(
        sa.select(events.c.data).where(
            events.c.sender_id == sender,
            events.c.type_name == "user",
            events.c.data.contains(message_id),
        )
    ).all()
    return any(json.loads(row.data or "{}").get("message_id") == message_id for row in rows)
