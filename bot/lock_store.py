"""Rasa's lock store chosen by the environment: Redis when `REDIS_URL` is set.

Several Rasa replicas must share one lock store so that two messages of the
same conversation are never processed at once on different replicas.
Configured in endpoints.yml as `type: bot.lock_store.EnvLockStore`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot import settings


class EnvLockStore:
    """Factory: returns a RedisLockStore or an InMemoryLockStore."""

    def __new__(cls, *args: Any, **kwargs: Any) -> LockStore:  # type: ignore[misc]
        url = settings.redis_url()
        if not url:
            return InMemoryLockStore()
        parsed = urlparse(url)
        db = int((parsed.path or "/0").lstrip("/") or 0)
        return RedisLockStore(
            host=parsed.hostname or "localhost",
            port=parsed.port or 6379,
            db=db,
            username=parsed.username,
            password=parsed.password,
            use_ssl=parsed.scheme == "rediss",
            key_prefix="essex_crime_assistant",
        )
