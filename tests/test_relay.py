"""bot/channels/relay.py: a safe answer in time when Rasa is down, slow or
starting, and whatever Rasa's store did not keep goes to the outbox."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List

import pytest
from aiohttp import web

from bot.channels.outbox import Outbox
from bot.channels.relay import RasaRelay
from bot.content.source import FileContentSource
from bot.contract import KEPT_HEADER
from tests.conftest import ROOT

CONTENT = FileContentSource(ROOT / "responses")
Handler = Callable[[web.Request], Awaitable[web.Response]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def fake_rasa(port: int, webhook: Handler) -> web.AppRunner:
    """A stand-in for Rasa: its status (model loaded) and the resident webhook."""

    async def status(request: web.Request) -> web.Response:
        return web.json_response({"model_file": "essex.tar.gz"})

    app = web.Application()
    app.router.add_get("/status", status)
    app.router.add_post("/webhooks/resident/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox")


def kept(outbox: Outbox) -> List[Dict[str, Any]]:
    return [json.loads(path.read_text()) for path in outbox.waiting()]


def test_rasa_down_gets_999_for_danger_and_101_otherwise(
    outbox: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELAY_READY_WAIT_SECONDS", "0")
    relay = RasaRelay(
        "web", base_url=f"http://127.0.0.1:{_free_port()}", token="t", content=CONTENT, outbox=outbox
    )

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
    # Nothing the residents sent or were shown is lost: all three wait in the outbox.
    records = kept(outbox)
    assert [r["kind"] for r in records] == ["emergency", "other", "crisis"]
    assert records[0]["replies"] == [danger[0]["text"]] and not records[0]["user_kept"]
    assert records[1]["text"] == "how do I lock my shed"


def test_rasa_slow_is_answered_within_the_timeout(outbox: Outbox) -> None:
    async def hang(request: web.Request) -> web.Response:
        await asyncio.sleep(4)
        return web.json_response([])

    async def run() -> tuple:
        port = _free_port()
        runner = await fake_rasa(port, hang)
        relay = RasaRelay(
            "telegram",
            base_url=f"http://127.0.0.1:{port}",
            token="t",
            timeout=2,
            content=CONTENT,
            outbox=outbox,
        )
        started = time.monotonic()
        replies = await relay.send("sender-0000000001", "hello")
        elapsed = time.monotonic() - started
        await relay.close()
        await runner.cleanup()
        return replies, elapsed

    replies, elapsed = asyncio.run(run())
    assert elapsed < 3 and "101" in replies[0]["text"]
    assert len(kept(outbox)) == 1


def test_the_next_message_works_once_rasa_is_back(outbox: Outbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAY_READY_WAIT_SECONDS", "0")

    async def answer(request: web.Request) -> web.Response:
        return web.json_response([{"recipient_id": "x", "text": "Hello again"}])

    async def run() -> tuple:
        port = _free_port()
        relay = RasaRelay(
            "telegram", base_url=f"http://127.0.0.1:{port}", token="t", content=CONTENT, outbox=outbox
        )
        while_down = await relay.send("sender-0000000001", "hello")
        runner = await fake_rasa(port, answer)
        once_back = await relay.send("sender-0000000001", "hello")
        await relay.close()
        await runner.cleanup()
        return while_down, once_back

    while_down, once_back = asyncio.run(run())
    assert "101" in while_down[0]["text"]
    assert once_back == [{"text": "Hello again", "buttons": []}]


def test_a_starting_rasa_is_waited_for_briefly_not_answered_with_an_error(outbox: Outbox) -> None:
    """Messages that arrive while Rasa loads its model get Rasa's answer."""
    bodies: List[Dict[str, Any]] = []

    async def answer(request: web.Request) -> web.Response:
        bodies.append(await request.json())
        return web.json_response([{"text": "Real answer"}])

    async def run() -> tuple:
        port = _free_port()
        relay = RasaRelay(
            "web", base_url=f"http://127.0.0.1:{port}", token="t", content=CONTENT, outbox=outbox
        )
        asked = asyncio.create_task(relay.send("sender-0000000001", "hello"))
        await asyncio.sleep(1.5)  # Rasa is "loading": nothing listens yet
        runner = await fake_rasa(port, answer)
        replies = await asked
        await relay.close()
        await runner.cleanup()
        return replies

    assert asyncio.run(run()) == [{"text": "Real answer", "buttons": []}]
    assert not kept(outbox)
    # Each message carries its id and send time: Rasa drops one that arrives
    # after the channel gave up, and the outbox stores a message once.
    assert len(bodies[0]["message_id"]) == 32 and abs(bodies[0]["sent_at"] - time.time()) < 10


@pytest.mark.parametrize("header,user_kept", [("nothing", False), ("message", True)])
def test_what_rasas_store_did_not_keep_goes_to_the_outbox(
    outbox: Outbox, header: str, user_kept: bool
) -> None:
    async def answer(request: web.Request) -> web.Response:
        return web.json_response(
            [{"text": "Lock it, my number is 07700 900123"}], headers={KEPT_HEADER: header}
        )

    async def run() -> list:
        port = _free_port()
        runner = await fake_rasa(port, answer)
        relay = RasaRelay(
            "web", base_url=f"http://127.0.0.1:{port}", token="t", content=CONTENT, outbox=outbox
        )
        replies = await relay.send("sender-0000000001", "my bike, call me on 07700 900123")
        await relay.close()
        await runner.cleanup()
        return replies

    assert asyncio.run(run())[0]["text"].startswith("Lock it")
    (record,) = kept(outbox)
    assert record["user_kept"] is user_kept and record["kind"] == "other"
    assert "07700" not in record["text"], "the outbox keeps the resident's words redacted"


def test_a_pasted_message_is_told_apart_from_the_residents_own_danger() -> None:
    assert RasaRelay.pasted("anything at all", marked=True)
    # Expected a paste, got the resident's own danger: read as theirs.
    assert not RasaRelay.pasted("he's here now, he's at my door and says he'll hurt me", marked=True)
    assert RasaRelay.pasted("URGENT: police will arrest you today unless you call 0800 000 111", marked=True)
    assert RasaRelay.pasted("I got this text: URGENT your account is locked, call now on 0800 000 000")
    assert not RasaRelay.pasted("someone is trying to break in right now what do I do")
    # Their own words say danger: read as theirs, whatever follows.
    assert not RasaRelay.pasted("is this real? he is at my door right now and says he will hurt me")


def test_what_a_reply_asks_for_next_joins_it_and_no_empty_message_is_shown() -> None:
    from bot.channels.relay import for_channel

    shown = for_channel([{"text": "Paste the message", "buttons": []}, {"custom": {"expect": "paste"}}])
    assert shown == [{"text": "Paste the message", "buttons": [], "expect": "paste"}]
