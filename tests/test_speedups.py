"""bot/rasa/speedups.py: same answers as Rasa's own code, computed once."""

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot.rasa.speedups import _remembered_resolve_by_type, _validate_action_result

GOOD = {"events": [{"event": "slot", "name": "topic", "value": "burglary"}], "responses": [{"response": "x"}]}
BAD = [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": [1, 2]}]


def test_valid_responses_pass_like_rasas_check() -> None:
    validate(GOOD, RemoteAction.action_response_format_spec())
    assert _validate_action_result(None, GOOD) is True  # type: ignore[arg-type]


@pytest.mark.parametrize("response", BAD)
def test_invalid_responses_fail_like_rasas_check(response: dict) -> None:
    with pytest.raises(ValidationError):
        validate(response, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        _validate_action_result(None, response)  # type: ignore[arg-type]


def test_event_types_resolve_as_rasa_resolves_them() -> None:
    from rasa.shared.core.events import Event, SlotSet, UserUttered

    assert _remembered_resolve_by_type("slot") is SlotSet
    assert _remembered_resolve_by_type("user") is UserUttered
    assert _remembered_resolve_by_type("slot") is Event.resolve_by_type("slot")
    assert _remembered_resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        _remembered_resolve_by_type("no_such_event")
