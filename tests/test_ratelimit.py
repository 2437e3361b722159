"""bot/web/ratelimit.py, in memory and on the real Redis shared by replicas."""

import asyncio
import uuid

from bot.web.ratelimit import MemoryCounter, RateLimiter, RedisCounter
from tests.conftest import REDIS_URL, require_service


def _burst(limiter: RateLimiter, key: str, n: int) -> list:
    async def run() -> list:
        return [await limiter.allow("session", key) for _ in range(n)]

    return asyncio.run(run())


def test_memory_limiter_allows_up_to_the_limit() -> None:
    limiter = RateLimiter(MemoryCounter(), {"session": (3, 60)})
    assert _burst(limiter, "a", 5) == [True, True, True, False, False]
    assert _burst(limiter, "b", 1) == [True]


def test_replicas_share_the_redis_limit() -> None:
    require_service(REDIS_URL, "Redis")
    key = uuid.uuid4().hex

    async def run() -> list:
        first = RateLimiter(RedisCounter(REDIS_URL), {"session": (3, 60)})
        second = RateLimiter(RedisCounter(REDIS_URL), {"session": (3, 60)})
        results = [await first.allow("session", key), await second.allow("session", key)]
        results += [await first.allow("session", key), await second.allow("session", key)]
        await first.counter.client.close()
        await second.counter.client.close()
        return results

    assert asyncio.run(run()) == [True, True, True, False]
