"""The real stack over HTTP: Rasa and the action server started as `make run`
starts them, on a scratch SQLite database."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request

import pytest

from bot.channels.rasa_webhook import RasaRefused, new_sender_id
from tests.conftest import ACTIONS_PORT, RASA_PORT

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model


def texts(replies) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def payloads(replies) -> list:
    return [button["payload"] for reply in replies for button in reply.get("buttons") or []]


def test_a_topic_question_gets_advice_and_follow_ups(stack) -> None:
    replies = stack.send(new_sender_id(), "how can I make my house more secure against burglars?")
    assert "Burglary and home security" in texts(replies)
    assert '/burglary{"detail":"more"}' in payloads(replies)
    assert "/report_crime" in payloads(replies)


def test_danger_now_gets_999_in_the_first_reply(stack) -> None:
    replies = stack.send(new_sender_id(), "someone is breaking in right now")
    first = replies[0]["text"]
    assert "999" in first.splitlines()[0]
    assert "55" in texts(replies)


def test_self_harm_gets_samaritans(stack) -> None:
    replies = stack.send(new_sender_id(), "i dont want to be alive anymore")
    assert "116 123" in texts(replies)


def test_emergency_interrupts_the_report_form(stack) -> None:
    sender = new_sender_id()
    asked = stack.send(sender, "I want to report a crime")
    assert "/affirm" in payloads(asked)
    replies = stack.send(sender, "he has a knife and is outside my door")
    assert "999" in replies[0]["text"].splitlines()[0]
    # The form is over: a plain "no" gets the ordinary answer to a "no", not
    # the form's next question (what is it about / anonymous) nor 999 again.
    after = texts(stack.send(sender, "/deny"))
    assert after.startswith("No problem"), after
    assert "What is it about" not in after and "anonymous" not in after


def test_reporting_fraud_routes_to_report_fraud(stack) -> None:
    sender = new_sender_id()
    stack.send(sender, "I'd like to report something")
    stack.send(sender, "/deny")  # not happening now (offered as a button)
    kind = stack.send(sender, "/fraud_scams")
    assert "/affirm" in payloads(kind)  # anonymous?
    routes = stack.send(sender, "/deny")
    assert "0300 123 2040" in texts(routes)
    assert "can't take reports" in texts(routes).lower() or "cannot take reports" in texts(routes).lower()


def test_audience_and_place_tailor_the_advice(stack) -> None:
    replies = stack.send(
        new_sender_id(), "my nan in Clacton keeps getting calls from people saying they're from her bank"
    )
    text = texts(replies)
    # The older person's own variant (its title line and its own first tip), in their district.
    assert text.splitlines()[0] == "Fraud and scams for an older person"
    assert "Being targeted is never your fault" in text
    assert "Tendring" in text


def _user_events(stack, sender: str) -> list:
    with sqlite3.connect(stack.database) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender,)
        )
        return [json.loads(row[0]) for row in rows]


def test_an_offered_button_is_honoured(stack) -> None:
    sender = new_sender_id()
    advice = stack.send(sender, "how do I stop my bike being stolen")
    more = '/vehicle_crime{"detail":"more"}'
    assert more in payloads(advice)
    more_tips = stack.send(sender, more)
    assert more not in payloads(more_tips)  # these are the further tips
    assert texts(more_tips) != texts(advice)
    event = _user_events(stack, sender)[-1]
    assert event["parse_data"]["intent"]["name"] == "vehicle_crime"
    assert {"entity": "detail", "value": "more"} in [
        {"entity": e["entity"], "value": e["value"]} for e in event["parse_data"]["entities"]
    ]


def test_a_typed_payload_that_was_not_offered_is_read_as_words(stack) -> None:
    sender = new_sender_id()
    stack.send(sender, '/burglary{"detail":"more"}')  # never offered in this conversation
    event = _user_events(stack, sender)[-1]
    assert event["text"] == 'burglary{"detail":"more"}'
    assert "detail" not in [e["entity"] for e in event["parse_data"]["entities"]]


def test_stored_conversations_are_redacted(stack) -> None:
    sender = new_sender_id()
    stack.send(sender, "my name is Sarah Jones, call me on 07700 900123, my postcode is CM1 1QH")
    with sqlite3.connect(stack.database) as db:
        rows = [row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]
    stored = "\n".join(rows)
    assert rows and json.loads(rows[-1])
    for secret in ("Sarah", "07700 900123", "CM1 1QH"):
        assert secret not in stored
    assert "[PHONE]" in stored


def test_the_channel_refuses_callers_without_the_token(stack) -> None:
    request = urllib.request.Request(
        f"{stack.url}/webhooks/resident/webhook",
        data=json.dumps({"sender": new_sender_id(), "message": "hi"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401


def test_the_channel_refuses_an_overlong_message(stack) -> None:
    with pytest.raises(RasaRefused) as refused:
        stack.send(new_sender_id(), "x" * 5000)
    assert refused.value.status == 400


def _listening_addresses(port: int) -> set:
    """Local addresses of sockets listening on `port`, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:
                    found.add(address)
    return found


def test_rasa_and_the_action_server_listen_only_on_loopback(stack) -> None:
    loopback = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1
    for port in (RASA_PORT, ACTIONS_PORT):
        addresses = _listening_addresses(port)
        assert addresses and addresses <= loopback, f"port {port} listens on {addresses}"


def test_a_conversation_never_gets_stuck_in_the_report_form(stack) -> None:
    sender = new_sender_id()
    stack.send(sender, "how do I report a crime")
    stack.send(sender, "how do I stop my shed being broken into")
    again = stack.send(sender, "how do I report a crime")
    assert len(again) <= 2  # one answer, not a flood of repeated fallbacks
    after = stack.send(sender, "what can you do")
    assert "/burglary" in payloads(after)
