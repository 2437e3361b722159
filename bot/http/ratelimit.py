"""Fixed-window rate limits per conversation and per address.

With `REDIS_URL` set, counters live in Redis so every replica shares them;
otherwise in this process's memory (one replica).

A rate limit must never stand between a resident and a reply: if Redis is
down or hung, each call gives up after REDIS_TIMEOUT_SECONDS and counts in
this process's memory instead (fail open), and says so in the log at most
once a minute.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Dict, Optional, Protocol, Tuple

from redis.exceptions import RedisError

from bot import settings
from bot.redis_outage import REDIS_TIMEOUT_SECONDS, RedisOutage, async_client


class Counter(Protocol):
    async def hit(self, key: str, window: int) -> int:
        """Count one hit in the current window and return the count so far."""


class MemoryCounter:
    def __init__(self) -> None:
        self._counts: Dict[str, Tuple[int, int]] = {}

    async def hit(self, key: str, window: int) -> int:
        bucket = int(time.time() // window)
        seen_bucket, count = self._counts.get(key, (bucket, 0))
        count = count + 1 if seen_bucket == bucket else 1
        self._counts[key] = (bucket, count)
        if len(self._counts) > 100_000:  # forget old windows now and then
            self._counts = {k: v for k, v in self._counts.items() if v[0] == bucket}
        return count


logger = logging.getLogger(__name__)


class RedisCounter:
    def __init__(self, url: str) -> None:
        client = async_client(url)
        assert client is not None, "RedisCounter needs a Redis URL"
        self.client = client

    async def hit(self, key: str, window: int) -> int:
        bucket = int(time.time() // window)
        name = f"essex_crime_assistant:rate:{key}:{bucket}"
        pipe = self.client.pipeline()
        pipe.incr(name)
        pipe.expire(name, window * 2)
        count, _ = await pipe.execute()
        return int(count)


class FailOpenCounter:
    """Counts in `primary` (Redis); when it fails or is slow, in `fallback`
    (this process's memory), so the limits still hold per replica."""

    def __init__(self, primary: Counter, fallback: Optional[Counter] = None) -> None:
        self.primary = primary
        self.fallback = fallback or MemoryCounter()
        self.outage = RedisOutage(logger, "rate limits", "counting in this process instead")

    async def hit(self, key: str, window: int) -> int:
        if self.outage.skipping():
            return await self.fallback.hit(key, window)
        try:
            return await asyncio.wait_for(self.primary.hit(key, window), REDIS_TIMEOUT_SECONDS * 2)
        except (RedisError, OSError, asyncio.TimeoutError) as failure:
            self.outage.failed(failure)
            return await self.fallback.hit(key, window)


class RateLimiter:
    """`allow(kind, key)` is False once `kind`'s limit for this window is reached."""

    def __init__(
        self, counter: Optional[Counter] = None, limits: Optional[Dict[str, Tuple[int, int]]] = None
    ):
        url = settings.redis_url()
        self.counter = counter or (FailOpenCounter(RedisCounter(url)) if url else MemoryCounter())
        # kind -> (requests, window seconds)
        window = settings.int_env("RATE_LIMIT_WINDOW_SECONDS", 60)
        self.limits = limits or {
            "session": (settings.int_env("RATE_LIMIT_PER_SESSION", 20), window),
            "address": (settings.int_env("RATE_LIMIT_PER_ADDRESS", 120), window),
            "new_session": (settings.int_env("RATE_LIMIT_NEW_SESSIONS", 30), window),
            "telegram_chat": (settings.int_env("RATE_LIMIT_PER_TELEGRAM_CHAT", 20), window),
            # One "was this helpful?" answer per conversation (conversations end after an hour).
            "feedback": (1, 3600),
            # Password guesses from one address, whatever the usernames (each costs argon2 work).
            "admin_login": (settings.int_env("ADMIN_LOGINS_PER_ADDRESS", 10), 300),
        }

    async def allow(self, kind: str, key: str) -> bool:
        return await self.over_by(kind, key) <= 0

    async def over_by(self, kind: str, key: str) -> int:
        """Count one request: how many over `kind`'s limit it is in this window
        (0 or less: allowed; 1: the first one refused, whichever replica saw it)."""
        limit, window = self.limits[kind]
        return await self.counter.hit(f"{kind}:{key}", window) - limit

    def window(self, kind: str) -> int:
        return self.limits[kind][1]
