"""bot/telegram/seen.py: a Telegram update delivered to two replicas is
answered once; without Redis each process still drops its own repeats."""

from __future__ import annotations

import asyncio
import random
import socket

from bot.telegram.seen import SeenUpdates
from tests.conftest import REDIS_URL, require_service


def test_two_replicas_answer_an_update_once() -> None:
    require_service(REDIS_URL, "Redis")
    update_id = random.randrange(10**9, 10**10)

    async def run() -> list:
        first, second = SeenUpdates(REDIS_URL), SeenUpdates(REDIS_URL)
        try:
            return [
                await first.first_time(update_id),
                await second.first_time(update_id),
                await first.first_time(update_id),
                await second.first_time(update_id + 1),
            ]
        finally:
            await first.close()
            await second.close()

    assert asyncio.run(run()) == [True, False, False, True]


def test_without_redis_a_process_still_drops_its_own_repeats(caplog) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"

    async def run() -> list:
        seen = SeenUpdates(closed)
        return [await seen.first_time(7), await seen.first_time(7), await seen.first_time(8)]

    assert asyncio.run(run()) == [True, False, True]
    assert "Redis did not answer" in caplog.text
