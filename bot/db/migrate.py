"""Bring the database schema up to date with Alembic (idempotent).

Several replicas may start at once: on PostgreSQL the upgrade runs under an
advisory lock, so only one of them migrates and the others wait.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.db.engine import engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_ID = 4_200_505  # any fixed number, shared by every replica


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(url: str | None = None) -> None:
    database = engine(url)
    with database.begin() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
