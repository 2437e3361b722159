"""bot/rasa/resident_input.py: payload filtering and input validation."""

from rasa.shared.core.events import BotUttered, UserUttered

from bot.rasa.resident_input import ResidentInput, neutralise_payload, offered_payloads

OFFERED = offered_payloads(
    [
        UserUttered("hi"),
        BotUttered(
            "Pick one", data={"buttons": [{"title": "More tips", "payload": '/burglary{"detail":"more"}'}]}
        ),
        BotUttered("Yes?", data={"buttons": [{"title": "Yes", "payload": "/affirm"}]}),
    ]
)


def test_offered_buttons_are_collected() -> None:
    assert OFFERED == {'/burglary{"detail":"more"}', "/affirm"}


def test_an_offered_payload_passes() -> None:
    assert neutralise_payload("/affirm", OFFERED) == "/affirm"
    assert neutralise_payload(' /burglary{"detail":"more"} ', OFFERED) == '/burglary{"detail":"more"}'


def test_a_typed_payload_that_was_not_offered_is_read_as_words() -> None:
    assert neutralise_payload('/emergency{"x":"y"}', OFFERED) == 'emergency{"x":"y"}'
    assert neutralise_payload('/burglary{"detail":"audiences"}', OFFERED) == 'burglary{"detail":"audiences"}'
    assert neutralise_payload("/restart", set()) == "restart"
    assert neutralise_payload("//", set()) == "?"


def test_ordinary_text_is_untouched() -> None:
    assert neutralise_payload("my bike was nicked", set()) == "my bike was nicked"


def test_input_validation() -> None:
    ok = {"sender": "a" * 20, "message": "hello", "metadata": {"channel": "web"}}
    assert ResidentInput._validate(ok) is None
    assert ResidentInput._validate({**ok, "sender": "short"})
    assert ResidentInput._validate({**ok, "sender": "../../etc/passwd-xxxxxxxx"})
    assert ResidentInput._validate({**ok, "message": "   "})
    assert ResidentInput._validate({**ok, "message": "x" * 1001})
    assert ResidentInput._validate({**ok, "message": 42})
    assert ResidentInput._validate({**ok, "metadata": {"channel": "sms"}})
    assert ResidentInput._validate({**ok, "metadata": {"admin": True}})
    assert ResidentInput._validate(["not", "an", "object"])
