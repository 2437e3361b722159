"""One message at a time per conversation, across every replica.

Rasa Open Source's Redis lock store can let two replicas take the same
conversation at the same moment (RasaHQ/rasa#11256), so two messages from
one resident, sent through two web replicas, could be handled at once: the
second read before the first was stored, and their events interleaved. The
public processes therefore take the conversation's turn here, in Redis,
before a message goes to Rasa, and give it back when the replies are in.

The turn is a Redis key set with NX and an expiry (so a replica that dies
holding it frees it after TURN_SECONDS), released only by its holder (a
compare-and-delete script). A message waits for the turn up to a deadline;
one that says someone is in danger waits at most DANGER_WAIT_SECONDS, then
gets the safe (999) reply rather than queueing.

Without `REDIS_URL`, or while Redis is down or hung, turns are taken in
this process's memory (right for one replica; during a Redis outage order
holds per replica only), and the log says so at most once a minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from typing import AsyncIterator, Callable, Dict, Optional

from redis.exceptions import RedisError

from bot.redis_outage import REDIS_TIMEOUT_SECONDS, RedisOutage, async_client

logger = logging.getLogger(__name__)

# Longer than any one message can take (MESSAGE_DEADLINE_SECONDS, 12 s, plus
# slack): a turn outlives its message only if its replica died.
TURN_SECONDS = 20.0
DANGER_WAIT_SECONDS = 0.5
POLL_SECONDS = 0.02
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class MemoryTurns:
    """Turns within one process: a lock per conversation, dropped when idle."""

    def __init__(self) -> None:
        self._locks: Dict[str, asyncio.Lock] = {}
        self._waiting: Dict[str, int] = {}

    async def take(self, key: str, wait: float) -> bool:
        lock = self._locks.setdefault(key, asyncio.Lock())
        if not lock.locked():
            return await lock.acquire()  # free: taken without yielding to other tasks
        if wait <= 0:
            return False
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            await asyncio.wait_for(lock.acquire(), wait)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            self._waiting[key] -= 1

    def give_back(self, key: str) -> None:
        lock = self._locks.get(key)
        if lock is not None and lock.locked():
            lock.release()
        if not self._waiting.get(key) and lock is not None and not lock.locked():
            self._locks.pop(key, None)
            self._waiting.pop(key, None)


class ConversationTurns:
    def __init__(self, url: Optional[str] = None) -> None:
        self.client = async_client(url)
        self.memory = MemoryTurns()
        self.outage = RedisOutage(logger, "conversation turns", "taking turns in this process")

    @staticmethod
    def _key(sender: str) -> str:
        return f"essex_crime_assistant:turn:{sender}"

    async def _take_in_redis(self, key: str, token: str, wait: float) -> Optional[bool]:
        """True with the turn, False if the wait ran out, None if Redis failed."""
        assert self.client is not None
        give_up = time.monotonic() + wait
        while True:
            try:
                taken = await asyncio.wait_for(
                    self.client.set(key, token, nx=True, px=int(TURN_SECONDS * 1000)),
                    REDIS_TIMEOUT_SECONDS * 2,
                )
            except (RedisError, OSError, asyncio.TimeoutError) as failure:
                self.outage.failed(failure)
                return None
            if taken:
                return True
            if time.monotonic() >= give_up:
                return False
            await asyncio.sleep(POLL_SECONDS * (0.5 + secrets.randbelow(100) / 100))

    async def _give_back_in_redis(self, key: str, token: str) -> None:
        assert self.client is not None
        try:
            await asyncio.wait_for(self.client.eval(_RELEASE, 1, key, token), REDIS_TIMEOUT_SECONDS * 2)
        except (RedisError, OSError, asyncio.TimeoutError) as failure:
            # The turn expires by itself after TURN_SECONDS.
            self.outage.failed(failure)

    @contextlib.asynccontextmanager
    async def turn(self, sender: str, wait: Callable[[], float]) -> AsyncIterator[bool]:
        """Hold the conversation's turn while the block runs; yields False
        (and holds nothing) if it was not free within `wait()` seconds
        (asked only when the turn is taken, so the common case costs nothing)."""
        key, token = self._key(sender), secrets.token_hex(16)
        in_redis: Optional[bool] = None
        if self.client is not None and not self.outage.skipping():
            in_redis = await self._take_in_redis(key, token, 0.0)
            if in_redis is False:
                in_redis = await self._take_in_redis(key, token, wait())
        if in_redis is not None:
            try:
                yield in_redis
            finally:
                if in_redis:
                    await self._give_back_in_redis(key, token)
            return
        taken = await self.memory.take(key, 0.0) or await self.memory.take(key, wait())
        try:
            yield taken
        finally:
            if taken:
                self.memory.give_back(key)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()
