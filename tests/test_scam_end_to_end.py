"""The scam check through the real stack and the public chat API: asked for,
pasted, introduced; what residents see, and that no pasted text is stored
in the conversation store or written to any process's log."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from typing import Any, Dict, List

import pytest

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model

PASTED = "URGENT Royal Mail: your parcel is on hold. Pay the £1.99 redelivery fee within 24 hours at royalmail-redeliver.com"


def _post(stack: Any, path: str, body: Dict[str, Any]) -> Dict[str, Any]:
    request = urllib.request.Request(
        stack.web_url + path, json.dumps(body).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _say(stack: Any, token: str, text: str, pasted: bool = False) -> List[Dict[str, Any]]:
    return _post(stack, "/api/chat", {"token": token, "message": text, "pasted": pasted})["messages"]


def _stored(stack: Any, token: str) -> str:
    with sqlite3.connect(stack.database) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ?", ("web_" + token.split(".")[0],))
        return "\n".join(row[0] for row in rows)


def test_asked_then_pasted_lists_the_red_flags_and_keeps_only_their_names(stack) -> None:
    token = _post(stack, "/api/session", {})["token"]
    asked = _say(stack, token, "is this a scam?")
    assert any(reply.get("expect") == "paste" for reply in asked), asked
    replies = _say(stack, token, PASTED, pasted=True)
    text = "\n".join(reply["text"] for reply in replies)
    assert "sign" in text and "royalmail-redeliver.com" in text and '"URGENT"' in text
    assert "7726" in text and "159" in text
    assert not text.startswith("If you or someone else is in danger now")  # "urgent" is not an emergency
    stored = _stored(stack, token)
    assert "[scam check:" in stored and "lookalike" in stored
    for words in (PASTED, "royalmail-redeliver", "within 24 hours", "£1.99"):
        assert words not in stored, words
    log = (stack.var_dir / "stack.log").read_text(errors="replace")
    assert "royalmail-redeliver" not in log and "redelivery fee" not in log


def test_a_message_introduced_by_the_resident_is_checked_not_classified(stack) -> None:
    token = _post(stack, "/api/session", {})["token"]
    replies = _say(
        stack, token, "I got this text: Hi Mum, this is my new number, my phone broke. Can you send £150?"
    )
    text = "\n".join(reply["text"] for reply in replies)
    assert "new number" in text and "sign" in text
    assert "Hi Mum, this is my new number" not in _stored(stack, token)


def test_the_scammer_at_the_door_now_gets_999_first(stack) -> None:
    token = _post(stack, "/api/session", {})["token"]
    _say(stack, token, "is this a scam?")
    replies = _say(
        stack, token, "a man who says he's from my bank is at my door right now and won't leave", pasted=True
    )
    assert "999" in replies[0]["text"].splitlines()[0]
