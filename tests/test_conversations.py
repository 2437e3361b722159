"""Purging old conversations and forgetting one on request."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.db.migrate import upgrade
from bot.privacy.conversations import engine, events, forget, is_forgotten, purge
from tests.conftest import POSTGRES_URL, require_service


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'c.db'}"
    else:
        require_service(POSTGRES_URL, "PostgreSQL")
        url = POSTGRES_URL
    upgrade(url)
    database = engine(url)
    events.metadata.create_all(database)
    return database


def _add(db, sender: str, age_days: float, count: int = 3) -> None:
    stamp = time.time() - age_days * 86400
    with db.begin() as connection:
        for n in range(count):
            connection.execute(
                events.insert().values(sender_id=sender, type_name="user", timestamp=stamp + n, data="{}")
            )


def _senders(db, *ids: str) -> set:
    with db.connect() as connection:
        rows = connection.execute(sa.select(events.c.sender_id).where(events.c.sender_id.in_(ids)))
        return {row.sender_id for row in rows}


def test_purge_deletes_only_conversations_past_retention(db) -> None:
    old, mixed, fresh = (f"{name}-{uuid.uuid4().hex}" for name in ("old", "mixed", "fresh"))
    _add(db, old, age_days=45)
    _add(db, mixed, age_days=45)
    _add(db, mixed, age_days=1)  # still active: kept whole
    _add(db, fresh, age_days=2)
    assert purge(days=30, db=db) >= 1
    assert _senders(db, old, mixed, fresh) == {mixed, fresh}
    forget(mixed, db=db)
    forget(fresh, db=db)


def test_forget_deletes_every_event_of_one_conversation(db) -> None:
    mine, theirs = f"mine-{uuid.uuid4().hex}", f"theirs-{uuid.uuid4().hex}"
    _add(db, mine, age_days=0, count=5)
    _add(db, theirs, age_days=0)
    assert forget(mine, db=db) == 5
    assert _senders(db, mine, theirs) == {theirs}
    forget(theirs, db=db)


def test_purge_on_an_empty_database_is_harmless(tmp_path: Path) -> None:
    assert purge(db=engine(f"sqlite:///{tmp_path / 'empty.db'}")) == 0


def test_a_forgotten_conversation_is_remembered_as_forgotten_until_its_token_expires(db) -> None:
    sender = f"web_{uuid.uuid4().hex}"
    _add(db, sender, age_days=0)
    assert not is_forgotten(sender, db)
    assert forget(sender, db) == 3
    assert is_forgotten(sender, db) and forget(sender, db) == 0  # twice is fine
    purge(db=db)
    assert is_forgotten(sender, db)
    forgotten = sa.table("forgotten_conversations", sa.column("forgotten_at"), sa.column("sender_key"))
    with db.begin() as connection:
        connection.execute(sa.update(forgotten).values(forgotten_at=dt.datetime(2000, 1, 1)))
    purge(db=db)
    assert not is_forgotten(sender, db)


def test_a_hundred_forgets_leave_no_extra_connections_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each forget() used to make its own engine, never disposed: a pool leaked per /forget."""
    require_service(POSTGRES_URL, "PostgreSQL")
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    database = engine(POSTGRES_URL)
    upgrade(POSTGRES_URL)
    count = sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")

    def connections() -> int:
        with database.connect() as connection:
            return int(connection.execute(count).scalar_one())

    forget(f"web_{uuid.uuid4().hex}")  # the pool's first connections
    before = connections()
    for _ in range(100):
        forget(f"web_{uuid.uuid4().hex}")
    assert connections() <= before + 1
