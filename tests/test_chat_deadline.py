"""The web process answers within its deadline whatever is stuck behind it,
and keeps a resident's request to forget when the store is down."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, List

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.outbox import Outbox
from bot.channels.relay import RasaRelay
from bot.content.source import FileContentSource
from bot.http.ratelimit import MemoryCounter, RateLimiter
from bot.privacy.pending_forgets import PendingForgets
from bot.web import chat_api
from bot.web.chat_api import ChatApi
from bot.web.sessions import Sessions
from tests.conftest import ROOT

CONTENT = FileContentSource(ROOT / "responses")


class StuckRelay(RasaRelay):
    """A relay whose reply never comes (Rasa hung, the action server hung...)."""

    async def send(
        self, sender: str, text: str, command: bool = False, pasted: bool = False
    ) -> List[Dict[str, Any]]:
        await asyncio.sleep(3600)
        return []


def _client(tmp_path: Path, forget) -> TestClient:
    app = web.Application()
    api = ChatApi(
        StuckRelay(
            "web",
            base_url="http://127.0.0.1:9",
            token="t",
            content=CONTENT,
            outbox=Outbox(tmp_path / "outbox"),
        ),
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
            assert "999" in (await response.json())["messages"][0]["text"].splitlines()[0]

    asyncio.run(asyncio.wait_for(scenario(), 10))
    # What the resident sent and was shown is kept for the store (written
    # while the reply went out; asyncio.run waits for the writing thread).
    (kept,) = Outbox(tmp_path / "outbox").waiting()
    assert '"kind": "emergency"' in kept.read_text()


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
