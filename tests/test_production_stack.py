"""`make run`'s processes as production runs them: on PostgreSQL and Redis,
with the Telegram process the supervisor starts (polling mode) answering a
stand-in Bot API. The whole conversations of tests/test_dialogue.py also run
on this stack (the `any_stack` fixture)."""

from __future__ import annotations

import json
import time

import pytest
import sqlalchemy as sa

from tests.telegram_standin import message_update

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model


def test_the_real_telegram_process_answers_and_its_conversation_is_stored_in_postgresql(production) -> None:
    chat_id = 730001
    production.telegram.updates.append(message_update(1, chat_id, "how do I stop my bike being stolen"))
    deadline = time.monotonic() + 60
    sent = []
    while not sent and time.monotonic() < deadline:
        sent = [c for c in production.telegram.sent() if int(c.params.get("chat_id", 0)) == chat_id]
        time.sleep(0.3)
    assert sent, "the Telegram process did not answer within 60 s"
    assert "bike" in sent[0].params["text"].lower() or "vehicle" in sent[0].params["text"].lower()
    assert "inline_keyboard" in str(sent[0].params.get("reply_markup"))

    engine = sa.create_engine(production.stack.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT sender_id, data FROM events WHERE type_name = 'user'")
            ).all()
    finally:
        engine.dispose()
    telegram = [row for row in rows if json.loads(row.data).get("metadata", {}).get("channel") == "telegram"]
    assert telegram and all(row.sender_id.startswith("tg_") for row in telegram)
    assert str(chat_id) not in " ".join(row.sender_id for row in telegram)


def test_a_widget_conversation_is_stored_redacted_in_postgresql(production) -> None:
    resident = production.stack.resident()
    assert resident.say("my name is Sarah Jones, call me on 07700 900123 about my stolen bike")
    sender = "web_" + resident.token.split(".")[0]
    engine = sa.create_engine(production.stack.database_url)
    try:
        with engine.connect() as connection:
            stored = " ".join(
                row.data
                for row in connection.execute(
                    sa.text("SELECT data FROM events WHERE sender_id = :sender"), {"sender": sender}
                )
            )
    finally:
        engine.dispose()
    assert stored and "[PHONE]" in stored
    assert "07700 900123" not in stored and "Sarah" not in stored
