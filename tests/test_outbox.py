"""bot/channels/outbox.py: exchanges kept on disk during an outage are
stored once the store is back, in order, once, and forgotten on request."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from bot.admin.insight import figures
from bot.channels.outbox import Exchange, Outbox
from bot.db.engine import engine
from bot.db.tables import OutageExchange
from bot.privacy.conversations import events, forget, purge, transcript


def sender() -> str:
    return f"web_{uuid.uuid4().hex}"


def exchange(who: str, text: str, at: float, kind: str = "other", **extra) -> Exchange:
    return Exchange(
        sender_id=who,
        channel="web",
        text=text,
        replies=[f"reply to {text}"],
        kind=kind,
        reason="test",
        at=at,
        **extra,
    )


def rasa_event(db, who: str, kind: str, text: str, at: float, message_id: str = "") -> None:
    events.metadata.create_all(db)
    data = {"event": kind, "text": text, "timestamp": at, "message_id": message_id}
    with db.begin() as connection:
        connection.execute(
            events.insert().values(sender_id=who, type_name=kind, timestamp=at, data=json.dumps(data))
        )


def test_kept_exchanges_are_stored_in_order_and_files_removed(store_url: str, tmp_path: Path) -> None:
    db = engine(store_url)
    who, now = sender(), time.time()
    box = Outbox(tmp_path / "outbox", db=lambda: db)
    rasa_event(db, who, "user", "before", now - 10)
    rasa_event(db, who, "bot", "answer before", now - 9)
    box.keep(exchange(who, "someone is breaking in right now", now - 5, kind="emergency"))
    box.keep(exchange(who, "call me on 07700 900123", now - 4))
    rasa_event(db, who, "user", "after", now - 1)
    assert len(box.waiting()) == 2
    assert box.deliver() == 2 and not box.waiting()
    assert [text for _, _, text in transcript(who, db)] == [
        "before",
        "answer before",
        "someone is breaking in right now",
        "reply to someone is breaking in right now",
        "call me on [PHONE]",
        "reply to call me on 07700 900123",
        "after",
    ]


def test_a_second_delivery_stores_nothing_twice(store_url: str, tmp_path: Path) -> None:
    db = engine(store_url)
    who = sender()
    first, second = Outbox(tmp_path / "a", db=lambda: db), Outbox(tmp_path / "b", db=lambda: db)
    kept = exchange(who, "hello", time.time())
    first.keep(kept)
    second.keep(Exchange(**{**kept.__dict__}))  # the same exchange, e.g. replayed after a crash
    assert first.deliver() == 1 and second.deliver() == 1
    assert [w for _, w, _ in transcript(who, db)] == ["user", "bot"]


def test_a_message_rasa_stored_after_all_is_not_stored_again(store_url: str, tmp_path: Path) -> None:
    """Rasa was slow, not down: it stored the message; only the reply shown is added."""
    db = engine(store_url)
    who, now, message_id = sender(), time.time(), uuid.uuid4().hex
    rasa_event(db, who, "user", "slow one", now + 0.2, message_id=message_id)
    box = Outbox(tmp_path / "outbox", db=lambda: db)
    box.keep(exchange(who, "slow one", now, message_id=message_id))
    box.deliver()
    assert transcript(who, db)[0][1:] == ("user", "slow one")
    assert [w for _, w, _ in transcript(who, db)] == ["user", "bot"]


def test_delivery_stops_at_the_first_failure_and_keeps_order(tmp_path: Path) -> None:
    calls = []

    def broken():
        calls.append(1)
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    box = Outbox(tmp_path / "outbox", db=broken)
    box.keep(exchange(sender(), "one", time.time() - 2))
    box.keep(exchange(sender(), "two", time.time() - 1))
    assert box.deliver() == 0 and len(box.waiting()) == 2 and len(calls) == 1


def test_forgotten_conversations_are_not_stored_and_forget_removes_kept_rows(
    store_url: str, tmp_path: Path
) -> None:
    db = engine(store_url)
    gone, kept_one = sender(), sender()
    box = Outbox(tmp_path / "outbox", db=lambda: db)
    box.keep(exchange(kept_one, "stored then forgotten", time.time() - 3))
    box.deliver()
    forget(kept_one, db)
    forget(gone, db)
    box.keep(exchange(gone, "kept while down, forgotten meanwhile", time.time()))
    box.deliver()
    assert not box.waiting()
    assert transcript(gone, db) == [] and transcript(kept_one, db) == []


def test_purge_removes_old_outage_rows(store_url: str, tmp_path: Path) -> None:
    db = engine(store_url)
    old, recent = sender(), sender()
    box = Outbox(tmp_path / "outbox", db=lambda: db)
    box.keep(exchange(old, "long ago", time.time() - 40 * 86400))
    box.keep(exchange(recent, "today", time.time()))
    box.deliver()
    purge(days=30, db=db)
    assert transcript(old, db) == [] and len(transcript(recent, db)) == 2


def test_insight_counts_emergencies_answered_during_an_outage(store_url: str, tmp_path: Path) -> None:
    db = engine(store_url)
    box = Outbox(tmp_path / "outbox", db=lambda: db)
    now = time.time()
    box.keep(exchange(sender(), "he has a knife and is here now", now, kind="emergency"))
    box.keep(exchange(sender(), "i want to end it", now, kind="crisis"))
    box.keep(exchange(sender(), "what time is it", now))
    # Rasa stored this one itself: it counts once, from Rasa's events.
    box.keep(exchange(sender(), "another emergency", now, kind="emergency", user_kept=True))
    box.deliver()
    today = dt.datetime.utcfromtimestamp(now).date()
    got = figures(store_url, today, today)
    assert (got.during_outage, got.emergencies_during_outage) == (3, 1)
    assert got.emergencies >= 1 and got.crises >= 1 and got.messages >= 3
    with db.connect() as connection:
        rows = connection.execute(sa.select(OutageExchange.user_text)).scalars().all()
    assert None in rows
