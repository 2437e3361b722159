"""Each Telegram update is answered once, by whichever replica gets it.

Telegram delivers an update again when it is not confirmed in time, and with
several web replicas behind a proxy the repeat may reach another replica.
With `REDIS_URL` set, the first replica to claim an update id in Redis
answers it; the others drop it. Without Redis, or while it is down or hung,
each process remembers the ids it has seen (fail open: a repeat across
replicas may then be answered twice, never not at all).
"""

from __future__ import annotations

import asyncio
import collections
import logging
from typing import Deque, Optional, Set

from redis.exceptions import RedisError

from bot.redis_outage import REDIS_TIMEOUT_SECONDS, RedisOutage, async_client

logger = logging.getLogger(__name__)

# Telegram keeps an unconfirmed update for at most 24 hours.
REMEMBER_SECONDS = 24 * 3600


class SeenUpdates:
    def __init__(self, url: Optional[str] = None, size: int = 10_000) -> None:
        self.client = async_client(url)
        self.outage = RedisOutage(logger, "Telegram repeats", "remembering updates in this process")
        self._order: Deque[int] = collections.deque(maxlen=size)
        self._seen: Set[int] = set()

    def _first_here(self, update_id: int) -> bool:
        if update_id in self._seen:
            return False
        if len(self._order) == self._order.maxlen:
            self._seen.discard(self._order[0])
        self._order.append(update_id)
        self._seen.add(update_id)
        return True

    async def first_time(self, update_id: int) -> bool:
        """Whether no replica has taken this update yet (and now this one has)."""
        if not self._first_here(update_id):
            return False
        if self.client is None or self.outage.skipping():
            return True
        try:
            claimed = await asyncio.wait_for(
                self.client.set(
                    f"essex_crime_assistant:tg_update:{update_id}", 1, nx=True, ex=REMEMBER_SECONDS
                ),
                REDIS_TIMEOUT_SECONDS * 2,
            )
        except (RedisError, OSError, asyncio.TimeoutError) as failure:
            self.outage.failed(failure)
            return True
        return bool(claimed)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()
