"""One SQLAlchemy engine per database URL, shared by every part of a process
(the editor, the content store, Rasa's tracker store, purge and forget). SQLite gets write-ahead logging and a busy timeout so the
Rasa process and the web process can share the file."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot import settings


def _tune_sqlite(connection: Any, _: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def engine(url: str | None = None) -> Engine:
    """The engine for `url` (default `DATABASE_URL`, else SQLite under `var/`)."""
    return _engine(url or settings.database_url())


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # A pool of kept connections: opening one per query costs milliseconds
        # on every message (Rasa's tracker store uses this engine too).
        created = sa.create_engine(
            url,
            future=True,
            poolclass=QueuePool,
            pool_size=5,
            max_overflow=5,
            connect_args={"check_same_thread": False},
        )
        sa.event.listen(created, "connect", _tune_sqlite)
        return created
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    # Every statement and every wait for a pooled connection has a time
    # budget, so a hung database is an error in seconds, not a hung process.
    statement_ms = settings.db_statement_timeout_ms()
    timeouts = f"-c statement_timeout={statement_ms} -c lock_timeout={statement_ms}"
    # Options already in the URL (e.g. a search_path) are kept, not replaced.
    given = sa.engine.make_url(url).query.get("options")
    options = f"{given} {timeouts}" if isinstance(given, str) and given else timeouts
    return sa.create_engine(
        url,
        future=True,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=max(1.0, statement_ms / 1000),
        connect_args={
            "connect_timeout": max(1, statement_ms // 1000),
            "options": options,
        },
    )


def sessions(url: str | None = None) -> "sessionmaker[Session]":
    return sessionmaker(bind=engine(url), future=True, expire_on_commit=False)
