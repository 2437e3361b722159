"""The Telegram bot: the real python-telegram-bot client against a stand-in
Bot API server, with the real assistant (the test stack's Rasa) behind it."""

from __future__ import annotations

import asyncio
import logging
import socket
import sqlite3
import time
from typing import Any, Awaitable, Callable, Dict, List

import pytest
from telegram import Update

from bot.channels.relay import RasaRelay
from bot.content.source import FileContentSource
from bot.http.ratelimit import MemoryCounter, RateLimiter
from bot.logs import SecretFilter, configure_logging
from bot.telegram.bot import build_application
from bot.telegram.ids import conversation_id
from bot.telegram.text import LIMIT, split
from tests.conftest import ROOT
from tests.telegram_standin import BotApiStandIn, button_update, message_update

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model

TOKEN = "123456789:AAHtesttokentesttokentesttokentest12"
CONTENT = FileContentSource(ROOT / "responses")


# A window that never rolls over during a test, so burst counts are exact.
LIMITER = lambda: RateLimiter(MemoryCounter(), {"telegram_chat": (20, 10**9)})  # noqa: E731


def run(scenario: Callable[[BotApiStandIn, Any], Awaitable[Any]], rasa_url: str, token: str) -> Any:
    """Run a scenario against a fresh stand-in server and bot application."""

    async def main() -> Any:
        standin = BotApiStandIn()
        await standin.start()
        relay = RasaRelay("telegram", base_url=rasa_url, token=token, content=CONTENT)
        application = build_application(
            TOKEN, standin.url, relay=relay, content=CONTENT, updater=False, limiter=LIMITER()
        )
        await application.initialize()
        try:
            return await scenario(standin, application)
        finally:
            await application.shutdown()
            await relay.close()
            await standin.stop()

    return asyncio.run(main())


async def feed(application: Any, *updates: Dict[str, Any]) -> None:
    for data in updates:
        await application.process_update(Update.de_json(data, application.bot))


def texts(standin: BotApiStandIn) -> List[str]:
    return [call.params.get("text", "") for call in standin.sent()]


@pytest.fixture
def chat(stack, monkeypatch: pytest.MonkeyPatch) -> Dict[str, Any]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{stack.database}")
    return {
        "url": stack.url,
        "token": stack.token,
        "db": stack.database,
        "id": int(time.time() * 1000) % 10**9,
    }


def test_start_welcomes_and_offers_topics(chat) -> None:
    async def scenario(standin, app):
        await feed(app, message_update(1, chat["id"], "/start"))
        return standin

    standin = run(scenario, chat["url"], chat["token"])
    sent = texts(standin)
    assert "automated" in sent[0] and "999" in sent[0] and "/forget" in sent[0]
    markup = standin.sent()[-1].params["reply_markup"]
    assert {"text": "Burglary and home security", "callback_data": "/burglary"} in [
        button for row in markup["inline_keyboard"] for button in row
    ]


def test_a_question_gets_advice_buttons_and_a_pressed_button_works(chat) -> None:
    async def scenario(standin, app):
        await feed(app, message_update(1, chat["id"], "how do I stop my bike being nicked <b>now</b>?"))
        advice = standin.sent()[-1]
        await feed(app, button_update(2, chat["id"], '/vehicle_crime{"detail":"more"}', advice))
        return standin

    standin = run(scenario, chat["url"], chat["token"])
    assert standin.sent("sendChatAction")[0].params["action"] == "typing"
    first = standin.sent()[0].params
    assert "Vehicle and bike crime" in first["text"] and first["parse_mode"] == "HTML"
    assert standin.sent("answerCallbackQuery") and standin.sent("editMessageReplyMarkup")
    sent = texts(standin)
    assert sent[1] == "\u203a More tips"  # the pressed button's label, echoed
    assert "Vehicle and bike crime" in sent[2]


def test_an_emergency_gets_999_in_the_first_reply(chat) -> None:
    async def scenario(standin, app):
        await feed(app, message_update(1, chat["id"], "theres a man in my house with a knife"))
        return standin

    assert "999" in texts(run(scenario, chat["url"], chat["token"]))[0].splitlines()[0]


@pytest.mark.parametrize(
    "kind",
    [
        {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
        {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}},
        {"video": {"file_id": "d", "file_unique_id": "d", "width": 1, "height": 1, "duration": 1}},
        {"document": {"file_id": "f", "file_unique_id": "f"}},
        {"location": {"latitude": 51.7, "longitude": 0.47}},
        {"contact": {"phone_number": "07700900123", "first_name": "A"}},
    ],
    ids=["photo", "sticker", "voice", "video", "document", "location", "contact"],
)
def test_non_text_gets_a_kind_text_only_reply(chat, kind: Dict[str, Any]) -> None:
    async def scenario(standin, app):
        await feed(app, message_update(1, chat["id"], None, **kind))
        return standin

    sent = texts(run(scenario, chat["url"], chat["token"]))
    assert len(sent) == 1 and "only read text" in sent[0] and "999" in sent[0] and "101" in sent[0]


def test_edited_and_repeated_updates_are_handled_once(chat) -> None:
    async def scenario(standin, app):
        update = message_update(1, chat["id"], "hello")
        await feed(app, update, update)
        edited = message_update(2, chat["id"], "hello again", edit_date=int(time.time()))
        edited["edited_message"] = edited.pop("message")
        await feed(app, edited)
        return standin

    standin = run(scenario, chat["url"], chat["token"])
    assert len(standin.sent("sendChatAction")) == 1


def test_forget_deletes_the_conversation_after_confirmation(chat) -> None:
    sender = conversation_id(chat["id"])

    def stored() -> int:
        with sqlite3.connect(chat["db"]) as db:
            return db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]

    async def scenario(standin, app):
        await feed(app, message_update(1, chat["id"], "how do I protect my home"))
        before = stored()
        await feed(app, message_update(2, chat["id"], "/forget"))
        await feed(app, button_update(3, chat["id"], "forget:yes", standin.sent()[-1]))
        return standin, before

    standin, before = run(scenario, chat["url"], chat["token"])
    assert before > 0 and stored() == 0
    assert "deleted" in texts(standin)[-1]
    assert str(chat["id"]) not in sender  # stored ids are keyed hashes, not Telegram ids


def test_telegrams_429_is_honoured_and_messages_stay_in_order(chat) -> None:
    async def scenario(standin, app):
        standin.fail("sendMessage", ("429", 1))
        started = time.monotonic()
        await feed(app, message_update(1, chat["id"], "/help"), message_update(2, chat["id"], "/start"))
        return standin, time.monotonic() - started

    standin, elapsed = run(scenario, chat["url"], chat["token"])
    assert standin.sent("sendMessage:429")
    assert elapsed >= 1
    sent = texts(standin)
    assert "/topics" in sent[0] and "automated" in sent[1]  # /help's reply, then /start's


def test_server_errors_are_retried_with_backoff(chat) -> None:
    async def scenario(standin, app):
        standin.fail("sendMessage", ("500", 0), ("500", 0))
        await feed(app, message_update(1, chat["id"], "/help"))
        return standin

    standin = run(scenario, chat["url"], chat["token"])
    assert len(standin.sent("sendMessage:500")) == 2 and len(standin.sent()) == 1


def test_rasa_down_gets_a_safe_reply_in_time(chat) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"

    async def scenario(standin, app):
        started = time.monotonic()
        await feed(app, message_update(1, chat["id"], "someone is smashing my windows right now"))
        await feed(app, message_update(2, chat["id"], "how do I stop scams"))
        return standin, time.monotonic() - started

    standin, elapsed = run(scenario, closed, chat["token"])
    sent = texts(standin)
    assert "999" in sent[0].splitlines()[0] and "101" in sent[1] and elapsed < 10


def test_rasa_hung_gets_a_safe_reply_once_the_relay_gives_up(chat, monkeypatch) -> None:
    """Rasa accepts the connection and never answers: past RELAY_TIMEOUT_SECONDS
    the resident gets the safe reply (999 when in danger, else 101)."""
    monkeypatch.setenv("RELAY_TIMEOUT_SECONDS", "2")
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(8)  # accepts, never reads or answers

    async def scenario(standin, app):
        started = time.monotonic()
        await feed(app, message_update(1, chat["id"], "someone is smashing my windows right now"))
        await feed(app, message_update(2, chat["id"], "how do I stop scams"))
        return standin, time.monotonic() - started

    try:
        standin, elapsed = run(scenario, f"http://127.0.0.1:{hung.getsockname()[1]}", chat["token"])
    finally:
        hung.close()
    sent = texts(standin)
    assert "999" in sent[0].splitlines()[0] and "101" in sent[1]
    assert 4 <= elapsed < 12, elapsed  # two messages, each waited 2 s for, no longer


def test_groups_get_answers_only_when_addressed(chat) -> None:
    async def scenario(standin, app):
        await app.bot.get_me()
        await feed(app, message_update(1, -100123, "anyone know about scams", chat_type="group"))
        quiet = len(standin.sent())
        await feed(app, message_update(2, -100123, "@essex_test_bot how do I avoid scams", chat_type="group"))
        return standin, quiet

    standin, quiet = run(scenario, chat["url"], chat["token"])
    assert quiet == 0
    assert "private chat" in texts(standin)[-1]


def test_a_flooding_chat_is_slowed_without_holding_up_others(chat) -> None:
    async def scenario(standin, app):
        flood = [message_update(n, chat["id"], "hi") for n in range(1, 26)]
        await asyncio.gather(
            *(feed(app, u) for u in flood), feed(app, message_update(99, chat["id"] + 1, "hi"))
        )
        return standin

    standin = run(scenario, chat["url"], chat["token"])
    to_flooder = [c.params["text"] for c in standin.sent() if int(c.params["chat_id"]) == chat["id"]]
    to_other = [c for c in standin.sent() if int(c.params["chat_id"]) == chat["id"] + 1]
    assert sum("very quickly" in t for t in to_flooder) == 1
    assert len(to_flooder) < 25 and to_other


def test_long_replies_are_split_under_the_limit_at_boundaries() -> None:
    paragraph = "This is a sentence about locks & doors. " * 60
    chunks = split("\n\n".join([paragraph] * 4))
    assert len(chunks) > 1 and all(len(c) < LIMIT for c in chunks)
    assert all(c.rstrip().endswith(".") for c in chunks)
    assert "&amp;" in chunks[0] and "&" not in chunks[0].replace("&amp;", "")


def test_the_token_never_reaches_the_logs(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    configure_logging()
    logging.getLogger("httpx").warning(f"HTTP Request: POST https://api.telegram.org/bot{TOKEN}/sendMessage")
    logging.getLogger("telegram").error("failed", exc_info=RuntimeError(f"url bot{TOKEN}/getMe"))
    logging.getLogger("httpx").info(f"HTTP Request: POST https://api.telegram.org/bot{TOKEN}/getUpdates")
    err = capsys.readouterr().err
    assert TOKEN not in err and "[secret]" in err
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert SecretFilter().scrub(f"x 987654321:{'A' * 35} y") == "x [secret] y"


def test_polling_mode_sets_commands_and_answers(chat) -> None:
    async def main() -> BotApiStandIn:
        standin = BotApiStandIn()
        await standin.start()
        relay = RasaRelay("telegram", base_url=chat["url"], token=chat["token"], content=CONTENT)
        application = build_application(TOKEN, standin.url, relay=relay, content=CONTENT)
        standin.updates.append(message_update(1, chat["id"], "/help"))
        async with application:
            await application.post_init(application)
            await application.updater.start_polling(poll_interval=0.1, timeout=1)
            await application.start()
            for _ in range(100):
                if standin.sent():
                    break
                await asyncio.sleep(0.1)
            await application.updater.stop()
            await application.stop()
        await relay.close()
        await standin.stop()
        return standin

    standin = asyncio.run(main())
    assert standin.sent("setMyCommands")
    commands = [c["command"] for c in standin.sent("setMyCommands")[0].params["commands"]]
    assert commands == ["start", "help", "topics", "privacy", "forget", "restart"]
    assert "/forget" in texts(standin)[0]


def test_webhook_mode_refuses_updates_without_the_secret(chat, monkeypatch: pytest.MonkeyPatch) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from bot.web.app import create_app

    secret = "s3cret-webhook-token-0123456789"

    async def main() -> tuple:
        standin = BotApiStandIn()
        await standin.start()
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_MODE", "webhook")
        monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://assistant.example/telegram/webhook")
        monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", secret)
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", standin.url)
        monkeypatch.setenv("RASA_URL", chat["url"])
        monkeypatch.setenv("RASA_AUTH_TOKEN", chat["token"])
        client = TestClient(TestServer(create_app()))
        await client.start_server()
        update = message_update(1, chat["id"], "/help")
        statuses = []
        for headers in (
            {},
            {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
            {"X-Telegram-Bot-Api-Secret-Token": secret},
        ):
            response = await client.post("/telegram/webhook", json=update, headers=headers)
            statuses.append(response.status)
        for _ in range(50):
            if standin.sent():
                break
            await asyncio.sleep(0.1)
        await client.close()
        await standin.stop()
        return statuses, standin

    statuses, standin = asyncio.run(main())
    assert statuses == [403, 403, 200]
    assert standin.sent("setWebhook")[0].params["secret_token"] == secret
    assert len(standin.sent()) == 1 and "/forget" in standin.sent()[0].params["text"]


async def rasa_gateway(port: int, rasa_url: str) -> Any:
    """Rasa as seen at start-up: nothing on `port` until this is called, then
    the real Rasa behind it (a forwarding proxy)."""
    import aiohttp
    from aiohttp import web

    client = aiohttp.ClientSession()

    async def forward(request: web.Request) -> web.Response:
        async with client.request(
            request.method,
            f"{rasa_url}{request.path}",
            params=request.query,
            headers={
                k: v for k, v in request.headers.items() if k.lower() in ("authorization", "content-type")
            },
            data=await request.read(),
        ) as answer:
            return web.Response(body=await answer.read(), status=answer.status, headers=dict(answer.headers))

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    app.on_cleanup.append(lambda _: client.close())
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def test_updates_queued_before_rasa_is_ready_are_answered_by_rasa_once_it_is(chat) -> None:
    """After a deploy, residents who wrote while the service restarted get real
    answers, not "something went wrong": the poller waits for Rasa's model."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    queued = {
        1: "someone is breaking into my house right now",
        2: "how do I stop my car being stolen",
        3: "I want to kill myself",
    }

    async def main() -> tuple:
        standin = BotApiStandIn()
        await standin.start()
        relay = RasaRelay(
            "telegram", base_url=f"http://127.0.0.1:{port}", token=chat["token"], content=CONTENT
        )
        application = build_application(TOKEN, standin.url, relay=relay, content=CONTENT, wait_for_model=True)
        standin.updates.extend(message_update(n, chat["id"] + n, text) for n, text in queued.items())
        async with application:
            waiting = asyncio.create_task(application.post_init(application))
            await asyncio.sleep(2.5)  # Rasa "loading its model": nothing listens on its port
            assert not waiting.done(), "the poller must not start before Rasa is ready"
            gateway = await rasa_gateway(port, chat["url"])
            await asyncio.wait_for(waiting, 10)
            await application.updater.start_polling(poll_interval=0.1, timeout=1)
            await application.start()
            for _ in range(300):
                if len({c.params["chat_id"] for c in standin.sent()}) == len(queued):
                    break
                await asyncio.sleep(0.1)
            await application.updater.stop()
            await application.stop()
        await relay.close()
        await gateway.cleanup()
        await standin.stop()
        return standin

    standin = asyncio.run(main())
    replies: Dict[int, str] = {}
    for call in standin.sent():  # each resident's first reply
        replies.setdefault(int(call.params["chat_id"]) - chat["id"], call.params["text"])
    assert set(replies) == set(queued), f"unanswered: {set(queued) - set(replies)}"
    assert not any("went wrong" in text or "try again" in text.lower() for text in replies.values()), replies
    assert "999" in replies[1].splitlines()[0]
    assert "116 123" in replies[3]


def test_webhook_updates_before_rasa_is_ready_are_refused_for_telegram_to_redeliver(
    chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 503 makes Telegram deliver the update again later; a 200 with an
    error reply would lose the resident's message after every deploy."""
    from aiohttp.test_utils import TestClient, TestServer

    from bot.telegram import webhook
    from bot.web.app import create_app

    secret = "s3cret-webhook-token-0123456789"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        not_yet = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setattr(webhook, "WEBHOOK_READY_WAIT_SECONDS", 0.5)

    async def main() -> tuple:
        standin = BotApiStandIn()
        await standin.start()
        for name, value in {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_WEBHOOK_URL": "https://assistant.example/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": secret,
            "TELEGRAM_API_BASE_URL": standin.url,
            "RASA_URL": not_yet,
            "RASA_AUTH_TOKEN": chat["token"],
        }.items():
            monkeypatch.setenv(name, value)
        client = TestClient(TestServer(create_app()))
        await client.start_server()
        response = await client.post(
            "/telegram/webhook",
            json=message_update(1, chat["id"], "how do I lock my shed"),
            headers={"X-Telegram-Bot-Api-Secret-Token": secret},
        )
        await asyncio.sleep(0.5)
        await client.close()
        await standin.stop()
        return response.status, response.headers.get("Retry-After"), standin

    status, retry_after, standin = asyncio.run(main())
    assert (status, retry_after) == (503, "5")
    assert not standin.sent(), "nothing is sent until Rasa can answer"


def test_a_restart_under_load_loses_no_update_and_answers_none_twice(chat) -> None:
    """A deploy stops the poller (SIGTERM: a graceful stop) while updates are
    queued and in flight; the next process answers the rest, once each."""
    updates = [
        message_update(n, chat["id"] + n, "how do I stop my shed being broken into") for n in range(1, 25)
    ]

    async def poll(standin: BotApiStandIn, seconds: float) -> None:
        relay = RasaRelay("telegram", base_url=chat["url"], token=chat["token"], content=CONTENT)
        application = build_application(TOKEN, standin.url, relay=relay, content=CONTENT, limiter=LIMITER())
        async with application:
            await application.updater.start_polling(poll_interval=0.05, timeout=1)
            await application.start()
            waited = 0.0
            while waited < seconds and len({c.params["chat_id"] for c in standin.sent()}) < len(updates):
                await asyncio.sleep(0.1)
                waited += 0.1
            # What run_polling does on SIGTERM.
            await application.updater.stop()
            await application.stop()
        await relay.close()

    async def main() -> tuple:
        standin = BotApiStandIn()
        await standin.start()

        async def residents_keep_writing() -> None:
            for update in updates:
                standin.updates.append(update)
                await asyncio.sleep(0.1)

        writing = asyncio.create_task(residents_keep_writing())
        await poll(standin, seconds=1.0)  # the old process: stopped part-way
        answered_before = len({c.params["chat_id"] for c in standin.sent()})
        await poll(standin, seconds=60)  # the new process
        await writing
        await standin.stop()
        return standin, answered_before

    standin, answered_before = asyncio.run(main())
    first_replies: Dict[int, List[str]] = {}
    for call in standin.sent():
        first_replies.setdefault(int(call.params["chat_id"]), []).append(call.params["text"])
    assert 0 < answered_before < len(updates), "the restart should fall in the middle of the load"
    assert len(first_replies) == len(updates), f"lost: {len(updates) - len(first_replies)} updates"
    for texts_sent in first_replies.values():
        assert len(texts_sent) == len(set(texts_sent)), "an update was answered twice"


SCAM_TEXT = (
    "Royal Mail: your parcel is on hold. Pay the £1.99 redelivery fee at royalmail-redeliver.com today"
)


def _stored_text(db: str, chat_id: int) -> str:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ?", (conversation_id(chat_id),)
        ).fetchall()
    return "\n".join(row[0] for row in rows)


def test_a_forwarded_message_is_checked_for_a_scam_and_not_kept(chat) -> None:
    forwarded = message_update(
        1,
        chat["id"],
        SCAM_TEXT,
        forward_origin={"type": "hidden_user", "date": int(time.time()), "sender_user_name": "Royal Mail"},
    )

    async def scenario(standin, app):
        await feed(app, forwarded)
        return standin

    standin = run(scenario, chat["url"], chat["token"])
    reply = "\n".join(texts(standin))
    assert "sign" in reply and "royalmail-redeliver.com" in reply and "7726" in reply
    stored = _stored_text(chat["db"], chat["id"])
    assert "[scam check:" in stored and "royalmail-redeliver" not in stored and "redelivery fee" not in stored


def test_the_answer_to_paste_the_message_is_checked(chat) -> None:
    async def scenario(standin, app):
        await feed(app, message_update(1, chat["id"], "can you check a message for me"))
        prompt = standin.sent()[-1]
        answer = message_update(2, chat["id"], SCAM_TEXT)
        answer["message"]["reply_to_message"] = {
            "message_id": 900,
            "date": 0,
            "chat": {"id": chat["id"], "type": "private"},
            "from": {"id": 4242, "is_bot": True, "first_name": "Essex assistant"},
            "text": prompt.params["text"],
        }
        await feed(app, answer)
        return standin, prompt

    standin, prompt = run(scenario, chat["url"], chat["token"])
    assert "force_reply" in str(prompt.params.get("reply_markup"))
    assert "sign" in texts(standin)[-1]
    assert "" not in texts(standin)  # no empty message for the prompt's "expect paste" part
    assert "royalmail-redeliver" not in _stored_text(chat["db"], chat["id"])
