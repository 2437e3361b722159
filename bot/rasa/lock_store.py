"""Rasa's lock store chosen by the environment: Redis when `REDIS_URL` is set.

Several Rasa replicas must share one lock store so that two messages of the
same conversation are never processed at once on different replicas.
Configured in endpoints.yml as `type: bot.rasa.lock_store.EnvLockStore`.

Redis down or hung must not stop residents being answered. Each Redis call
gives up after REDIS_TIMEOUT_SECONDS (Rasa's default is 10 s, on Rasa's
event loop); after a failure the locks live in this replica's memory for
RETRY_SECONDS before Redis is tried again. Order within a conversation then
holds per replica, which is what one replica, or a sticky session, gives.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional, TypeVar
from urllib.parse import urlparse

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from redis.exceptions import RedisError

from bot import settings
from bot.redis_outage import REDIS_TIMEOUT_SECONDS, RedisOutage

logger = logging.getLogger(__name__)

T = TypeVar("T")


class FailOpenRedisLockStore(RedisLockStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memory = InMemoryLockStore()
        self.outage = RedisOutage(logger, "lock store", "locking in this replica's memory")

    def _either(self, redis_call: Callable[[], T], memory_call: Callable[[], T]) -> T:
        if not self.outage.skipping():
            try:
                return redis_call()
            except (RedisError, OSError) as failure:
                self.outage.failed(failure)
        return memory_call()

    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        return self._either(
            lambda: super(FailOpenRedisLockStore, self).get_lock(conversation_id),
            lambda: self.memory.get_lock(conversation_id),
        )

    def delete_lock(self, conversation_id: str) -> None:
        self.memory.delete_lock(conversation_id)
        self._either(lambda: super(FailOpenRedisLockStore, self).delete_lock(conversation_id), lambda: None)

    def save_lock(self, lock: TicketLock) -> None:
        self._either(
            lambda: super(FailOpenRedisLockStore, self).save_lock(lock),
            lambda: self.memory.save_lock(lock),
        )


class EnvLockStore:
    """Factory: returns a fail-open Redis lock store or an InMemoryLockStore."""

    def __new__(cls, *args: Any, **kwargs: Any) -> LockStore:
        url = settings.redis_url()
        if not url:
            return InMemoryLockStore()
        parsed = urlparse(url)
        db = int((parsed.path or "/0").lstrip("/") or 0)
        store = FailOpenRedisLockStore(
            host=parsed.hostname or "localhost",
            port=parsed.port or 6379,
            db=db,
            username=parsed.username,
            password=parsed.password,
            use_ssl=parsed.scheme == "rediss",
            key_prefix="essexcrimeassistant",  # Rasa accepts letters and digits only
            socket_timeout=REDIS_TIMEOUT_SECONDS,
        )
        store.red.connection_pool.connection_kwargs["socket_connect_timeout"] = REDIS_TIMEOUT_SECONDS
        return store
