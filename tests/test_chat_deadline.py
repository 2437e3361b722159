"""The web process answers within its deadline whatever is stuck behind it,
and keeps a resident's request to forget when the store is down."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, List

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.privacy.pending_forgets import PendingForgets
from bot.web import chat_api
from bot.web.chat_api import ChatApi
from bot.web.ratelimit import MemoryCounter, RateLimiter
from bot.web.sessions import Sessions


class StuckRelay:
    """A relay whose reply never comes (Rasa hung, the action server hung...)."""

    async def send(self, sender: str, text: str, command: bool = False) -> List[Dict[str, Any]]:
        await asyncio.sleep(3600)
        return []

    def fallback_reply(self, text: str) -> Dict[str, Any]:
        return {"text": f"safe reply for: {text}", "buttons": []}


def _client(tmp_path: Path, forget) -> TestClient:
    app = web.Application()
    api = ChatApi(
        StuckRelay(),  # type: ignore[arg-type]
        Sessions(secret=b"s" * 32),
        RateLimiter(MemoryCounter()),
        frozenset({"greet"}),
        pending_forgets=PendingForgets(tmp_path / "pending", forget),
    )
    app.add_routes(api.routes())
    return TestClient(TestServer(app))


def test_a_stuck_reply_gives_way_to_the_safe_reply_at_the_deadline(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MESSAGE_DEADLINE_SECONDS", "0.5")
    monkeypatch.setattr(chat_api, "is_forgotten", lambda sender: False)

    async def scenario() -> None:
        async with _client(tmp_path, lambda sender: 1) as client:
            token = (await (await client.post("/api/session", json={})).json())["token"]
            started = asyncio.get_running_loop().time()
            response = await client.post(
                "/api/chat", json={"token": token, "message": "someone is in my house"}
            )
            took = asyncio.get_running_loop().time() - started
            assert response.status == 200 and took < 3
            assert (await response.json())["messages"][0]["text"] == "safe reply for: someone is in my house"

    asyncio.run(asyncio.wait_for(scenario(), 10))


def test_forget_while_the_store_is_down_is_kept_and_said_so(tmp_path, monkeypatch) -> None:
    def down(sender: str) -> int:
        raise ConnectionError("database down")

    monkeypatch.setattr(chat_api, "forget", down)

    async def scenario() -> None:
        async with _client(tmp_path, down) as client:
            token = (await (await client.post("/api/session", json={})).json())["token"]
            response = await client.post("/api/forget", json={"token": token})
            body = await response.json()
            assert response.status == 202 and body["pending"] is True and "deleted" in body["message"]
        assert len(PendingForgets(tmp_path / "pending", down).waiting()) == 1

    asyncio.run(asyncio.wait_for(scenario(), 10))


@pytest.mark.parametrize("problem", [ConnectionError("down"), TimeoutError()])
def test_a_store_that_cannot_say_whether_a_token_was_forgotten_does_not_stop_the_reply(
    tmp_path, monkeypatch, problem: Exception
) -> None:
    def broken(sender: str) -> bool:
        raise problem

    monkeypatch.setattr(chat_api, "is_forgotten", broken)
    monkeypatch.setenv("MESSAGE_DEADLINE_SECONDS", "0.2")

    async def scenario() -> None:
        async with _client(tmp_path, lambda sender: 1) as client:
            token = (await (await client.post("/api/session", json={})).json())["token"]
            response = await client.post("/api/chat", json={"token": token, "message": "hello"})
            assert response.status == 200

    asyncio.run(asyncio.wait_for(scenario(), 10))
