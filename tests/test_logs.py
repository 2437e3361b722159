"""bot/logs.py: no log line names a conversation or carries a token."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import SecretFilter, configure_logging, conversation_ref
from bot.web.sessions import Sessions


def test_rasa_style_lines_name_conversations_only_by_reference(capsys: pytest.CaptureFixture) -> None:
    """Rasa's own error lines (e.g. a failed save while the database is down)
    carried the raw conversation id, which is half of a widget token."""
    configure_logging()
    sender = "web_" + Sessions(secret=b"k" * 32).issue().split(".")[0]
    telegram = "tg_" + "ab12" * 10
    logging.getLogger("rasa.core.tracker_store").error(
        f"Error happened when trying to save conversation tracker [parameters: ('{sender}', 'user')]"
    )
    logging.getLogger("rasa.core.processor").warning("lock for %s", telegram, extra={"sender_id": sender})
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    text = json.dumps(lines)
    assert sender not in text and telegram not in text
    assert f"conversation:{conversation_ref(sender)}" in lines[0]["event"]
    assert lines[1]["sender_id"] == f"conversation:{conversation_ref(sender)}"


def test_widget_tokens_are_blanked() -> None:
    token = Sessions(secret=b"k" * 32).issue()
    assert token not in SecretFilter().scrub(f"bad request body {{'token': '{token}'}}")
    assert "[token]" in SecretFilter().scrub(f"token={token}")


def test_ordinary_words_and_model_names_are_left_alone() -> None:
    line = "Loading model models/essex.tar.gz for web_chat widget, 20241130-123456.tar.gz"
    assert SecretFilter().scrub(line) == line
