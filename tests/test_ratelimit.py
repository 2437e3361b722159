"""bot/web/ratelimit.py, in memory and on the real Redis shared by replicas."""

import asyncio
import socket
import time
import uuid

from bot.http.ratelimit import FailOpenCounter, MemoryCounter, RateLimiter, RedisCounter
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


def _fail_open_burst(url: str) -> tuple:
    async def run() -> tuple:
        limiter = RateLimiter(FailOpenCounter(RedisCounter(url)), {"session": (3, 60)})
        started = time.monotonic()
        results = [await limiter.allow("session", "k") for _ in range(5)]
        return results, time.monotonic() - started

    return asyncio.run(run())


def test_with_redis_stopped_the_limits_fall_back_to_this_process(caplog) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    results, elapsed = _fail_open_burst(closed)
    assert results == [True, True, True, False, False]  # still limited, per process
    assert elapsed < 6
    assert "Redis did not answer" in caplog.text


def test_with_redis_hung_each_call_gives_up_quickly() -> None:
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(8)  # accepts the connection, never answers
    try:
        results, elapsed = _fail_open_burst(f"redis://127.0.0.1:{hung.getsockname()[1]}/0")
    finally:
        hung.close()
    assert results == [True, True, True, False, False]
    assert elapsed < 2  # the first call gives up within a second; the rest skip Redis for a while
