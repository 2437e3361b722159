"""actions/safety.py"""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.safety import ActionCrisis, ActionEmergency
from tests.actions_helpers import tracker


def test_emergency_replies_999_and_stops_the_form() -> None:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionEmergency().run(dispatcher, tracker("emergency", active_loop="report_form"), {})
    )
    assert dispatcher.messages[0]["response"] == "utter_emergency"
    assert events[0] == {"event": "active_loop", "timestamp": None, "name": None}
    assert {"event": "slot", "timestamp": None, "name": "happening_now", "value": None} in events


def test_emergency_outside_a_form_only_replies() -> None:
    dispatcher = CollectingDispatcher()
    assert asyncio.run(ActionEmergency().run(dispatcher, tracker("emergency"), {})) == []
    assert dispatcher.messages[0]["response"] == "utter_emergency"


def test_crisis_replies_samaritans_and_stops_the_form() -> None:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionCrisis().run(dispatcher, tracker("crisis", active_loop="report_form"), {}))
    assert dispatcher.messages[0]["response"] == "utter_crisis"
    assert events[0]["event"] == "active_loop"
