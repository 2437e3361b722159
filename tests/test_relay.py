"""bot/channels/relay.py: a safe answer in time when Rasa is down or slow."""

from __future__ import annotations

import asyncio
import socket
import time

from aiohttp import web

from bot.channels.relay import RasaRelay
from bot.content.source import FileContentSource
from tests.conftest import ROOT

CONTENT = FileContentSource(ROOT / "responses")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_rasa_down_gets_999_for_danger_and_101_otherwise() -> None:
    relay = RasaRelay("web", base_url=f"http://127.0.0.1:{_free_port()}", token="t", content=CONTENT)

    async def run() -> tuple:
        danger = await relay.send("sender-0000000001", "there's a man in my house with a knife")
        other = await relay.send("sender-0000000001", "how do I lock my shed")
        crisis = await relay.send("sender-0000000001", "i want to end my life")
        await relay.close()
        return danger, other, crisis

    danger, other, crisis = asyncio.run(run())
    assert "999" in danger[0]["text"].splitlines()[0] and "55" in danger[0]["text"]
    assert "101" in other[0]["text"] and "999" in other[0]["text"]
    assert "116 123" in crisis[0]["text"]


def test_rasa_slow_is_answered_within_the_timeout() -> None:
    async def hang(request: web.Request) -> web.Response:
        await asyncio.sleep(4)
        return web.json_response([])

    async def run() -> tuple:
        app = web.Application()
        app.router.add_post("/webhooks/resident/webhook", hang)
        runner = web.AppRunner(app)
        await runner.setup()
        port = _free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        relay = RasaRelay(
            "telegram", base_url=f"http://127.0.0.1:{port}", token="t", timeout=2, content=CONTENT
        )
        started = time.monotonic()
        replies = await relay.send("sender-0000000001", "hello")
        elapsed = time.monotonic() - started
        await relay.close()
        await runner.cleanup()
        return replies, elapsed

    replies, elapsed = asyncio.run(run())
    assert elapsed < 3 and "101" in replies[0]["text"]


def test_the_next_message_works_once_rasa_is_back() -> None:
    async def answer(request: web.Request) -> web.Response:
        return web.json_response([{"recipient_id": "x", "text": "Hello again"}])

    async def run() -> tuple:
        port = _free_port()
        relay = RasaRelay("telegram", base_url=f"http://127.0.0.1:{port}", token="t", content=CONTENT)
        while_down = await relay.send("sender-0000000001", "hello")
        app = web.Application()
        app.router.add_post("/webhooks/resident/webhook", answer)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        once_back = await relay.send("sender-0000000001", "hello")
        await relay.close()
        await runner.cleanup()
        return while_down, once_back

    while_down, once_back = asyncio.run(run())
    assert "101" in while_down[0]["text"]
    assert once_back == [{"text": "Hello again", "buttons": []}]
