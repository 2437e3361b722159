"""actions/advice.py"""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import ActionAdvise
from tests.actions_helpers import TOPICS, tracker


def run(t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAdvise().run(dispatcher, t, {}))
    return dispatcher.messages, events


@pytest.mark.parametrize("topic", TOPICS)
def test_a_topic_question_gets_that_topics_advice(topic: str) -> None:
    messages, events = run(tracker(topic))
    assert messages[0]["response"] == "utter_advice"
    assert messages[0]["topic"] == topic and messages[0]["part"] == "first"
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["topic"] == topic
    assert slots["shown"][-1].startswith(f"advice/{topic}/") and slots["shown"][-1].endswith("/first")


def test_more_tips_button() -> None:
    messages, _ = run(tracker("burglary", entities=[{"entity": "detail", "value": "more"}]))
    assert messages[0]["part"] == "more"


def test_advice_for_someone_specific_offers_audiences() -> None:
    messages, _ = run(tracker("fraud_scams", entities=[{"entity": "detail", "value": "audiences"}]))
    assert messages[0]["response"] == "utter_choose_audience"
    assert messages[0]["topic"] == "fraud_scams"


def test_without_a_topic_the_topics_are_offered() -> None:
    messages, events = run(tracker("affirm"))
    assert messages[0]["response"] == "utter_what_can_you_do" and events == []


def test_the_conversation_topic_is_used_when_the_intent_is_not_a_topic() -> None:
    messages, _ = run(tracker("affirm", slots={"topic": "rural_crime"}))
    assert messages[0]["topic"] == "rural_crime"
