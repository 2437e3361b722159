"""The lock store follows REDIS_URL, and the Redis one really locks."""

from __future__ import annotations

import uuid

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

from bot.rasa.lock_store import EnvLockStore
from tests.conftest import REDIS_URL, require_service


def test_without_redis_url_locks_are_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(EnvLockStore(), InMemoryLockStore)


def test_with_redis_url_replicas_share_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    require_service(REDIS_URL, "Redis")
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    first, second = EnvLockStore(), EnvLockStore()
    assert isinstance(first, RedisLockStore)
    conversation = f"lock-{uuid.uuid4().hex}"
    ticket = first.issue_ticket(conversation)
    # The second "replica" sees the first one's ticket in the shared lock.
    lock = second.get_lock(conversation)
    assert lock is not None and lock.is_locked(ticket + 1)
    first.finish_serving(conversation, ticket)
