"""bot/channels/turns.py: one message at a time per conversation, across
replicas (Redis), and still per process when Redis is down or hung."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from typing import List, Tuple

import pytest

from bot.channels import turns as turns_module
from bot.channels.turns import ConversationTurns
from tests.conftest import REDIS_URL, require_service


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}/0"


async def _two_at_once(first: ConversationTurns, second: ConversationTurns, sender: str) -> List[Tuple]:
    """Two messages of one conversation at the same moment, one per 'replica':
    what each saw, in the order things happened."""
    events: List[Tuple] = []

    async def message(turns: ConversationTurns, name: str) -> None:
        async with turns.turn(sender, lambda: 5.0) as mine:
            events.append(("start", name, mine))
            await asyncio.sleep(0.2)  # Rasa handling it
            events.append(("end", name, mine))

    await asyncio.gather(message(first, "a"), message(second, "b"))
    return events


def _serialised(events: List[Tuple]) -> bool:
    """Each message ended before the other started, and both had the turn."""
    return [e[0] for e in events] == ["start", "end", "start", "end"] and all(e[2] for e in events)


def test_two_replicas_take_turns_through_redis() -> None:
    require_service(REDIS_URL, "Redis")

    async def run() -> List[Tuple]:
        first, second = ConversationTurns(REDIS_URL), ConversationTurns(REDIS_URL)
        try:
            return await _two_at_once(first, second, uuid.uuid4().hex)
        finally:
            await first.close()
            await second.close()

    assert _serialised(asyncio.run(run()))


def test_without_a_shared_store_two_replicas_would_overlap() -> None:
    """The check above can fail: separate memories do not see each other."""

    async def run() -> List[Tuple]:
        return await _two_at_once(ConversationTurns(""), ConversationTurns(""), uuid.uuid4().hex)

    assert not _serialised(asyncio.run(run()))


def test_other_conversations_do_not_wait() -> None:
    require_service(REDIS_URL, "Redis")

    async def run() -> float:
        turns = ConversationTurns(REDIS_URL)
        try:
            async with turns.turn(uuid.uuid4().hex, lambda: 5.0):
                started = time.monotonic()
                async with turns.turn(uuid.uuid4().hex, lambda: 5.0) as mine:
                    assert mine
                return time.monotonic() - started
        finally:
            await turns.close()

    assert asyncio.run(run()) < 0.2


def test_a_busy_conversation_gives_up_after_the_wait_it_was_given() -> None:
    require_service(REDIS_URL, "Redis")
    asked: List[str] = []

    async def run() -> Tuple[bool, float]:
        first, second = ConversationTurns(REDIS_URL), ConversationTurns(REDIS_URL)
        sender = uuid.uuid4().hex
        try:
            async with first.turn(sender, lambda: 5.0):
                started = time.monotonic()

                def wait() -> float:
                    asked.append("asked")
                    return 0.3

                async with second.turn(sender, wait) as mine:
                    return mine, time.monotonic() - started
        finally:
            await first.close()
            await second.close()

    mine, waited = asyncio.run(run())
    assert not mine and 0.25 < waited < 1.5
    assert asked == ["asked"]  # the wait is worked out only when the turn is taken


def test_a_turn_left_by_a_replica_that_died_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    require_service(REDIS_URL, "Redis")
    monkeypatch.setattr(turns_module, "TURN_SECONDS", 0.5)

    async def run() -> bool:
        dead, alive = ConversationTurns(REDIS_URL), ConversationTurns(REDIS_URL)
        sender = uuid.uuid4().hex
        try:
            # The dead replica took the turn and never gave it back.
            assert await dead._take_in_redis(dead._key(sender), "dead-replica", 0.0)
            async with alive.turn(sender, lambda: 3.0) as mine:
                return mine
        finally:
            await dead.close()
            await alive.close()

    assert asyncio.run(run())


def test_only_the_holder_gives_a_turn_back() -> None:
    require_service(REDIS_URL, "Redis")

    async def run() -> bool:
        turns = ConversationTurns(REDIS_URL)
        key = turns._key(uuid.uuid4().hex)
        try:
            assert await turns._take_in_redis(key, "holder", 0.0)
            await turns._give_back_in_redis(key, "someone-else")
            still_held = await turns._take_in_redis(key, "another", 0.0) is False
            await turns._give_back_in_redis(key, "holder")
            return still_held and bool(await turns._take_in_redis(key, "another", 0.0))
        finally:
            await turns.close()

    assert asyncio.run(run())


@pytest.mark.parametrize("hung", [False, True])
def test_with_redis_down_or_hung_turns_are_taken_in_this_process(hung: bool, caplog) -> None:
    listener = socket.socket()
    if hung:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)  # accepts, never answers
        url = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    else:
        url = _closed_port_url()

    async def run() -> Tuple[List[Tuple], float]:
        turns = ConversationTurns(url)
        started = time.monotonic()
        events = await _two_at_once(turns, turns, uuid.uuid4().hex)
        return events, time.monotonic() - started

    try:
        events, elapsed = asyncio.run(run())
    finally:
        listener.close()
    assert _serialised(events)
    assert elapsed < 3  # Redis is given up on within a second
    assert "Redis did not answer" in caplog.text
