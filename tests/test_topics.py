"""What the actions open a reply with (actions/topics.py): the 999 reminder
and the Samaritans line, as the safety screen asked."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import caution_first
from tests.actions_helpers import tracker


@pytest.mark.parametrize(
    ("screened", "shown"),
    [
        ({"caution": True}, ["utter_danger_check"]),
        ({"harm": True}, ["utter_harm_check"]),
        ({"caution": True, "harm": True}, ["utter_danger_check", "utter_harm_check"]),
        ({"verdict": None}, []),
        (None, []),
    ],
)
def test_the_reply_opens_as_the_safety_screen_asked(
    screened: Dict[str, Any] | None, shown: List[str]
) -> None:
    t = tracker("fraud_scams")
    if screened is not None:
        t.latest_message["safety_screen"] = screened
    dispatcher = CollectingDispatcher()
    caution_first(dispatcher, t)
    assert [m["response"] for m in dispatcher.messages] == shown
