"""actions/fallback.py"""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback, misses_in_a_row
from tests.actions_helpers import tracker, user_event

RANKING = ["nlu_fallback", "burglary", "greet", "vehicle_crime", "fraud_scams", "cyber_crime"]


def run(t) -> dict:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFallback().run(dispatcher, t, {}))
    return dispatcher.messages[0]


def test_first_miss_offers_the_three_likeliest_topics() -> None:
    t = tracker("nlu_fallback", ranking=RANKING, events=[user_event("greet"), user_event("nlu_fallback")])
    message = run(t)
    assert message["response"] == "utter_fallback_did_you_mean"
    assert message["suggestions"] == ["burglary", "vehicle_crime", "fraud_scams"]


def test_second_and_later_misses_offer_topics_and_a_person() -> None:
    for misses in (2, 3, 5):
        events = [user_event("burglary")] + [user_event("nlu_fallback")] * misses
        assert (
            run(tracker("nlu_fallback", ranking=RANKING, events=events))["response"]
            == "utter_fallback_topics"
        )


def test_misses_are_counted_back_to_the_last_understood_message() -> None:
    events = [
        user_event("nlu_fallback"),
        user_event("burglary"),
        {"event": "bot"},
        user_event("nlu_fallback"),
    ]
    assert misses_in_a_row(tracker("nlu_fallback", events=events)) == 1


def test_a_miss_during_the_report_form_ends_the_form() -> None:
    from actions.fallback import ActionFallback as Fallback

    dispatcher = CollectingDispatcher()
    t = tracker(
        "nlu_fallback", ranking=RANKING, events=[user_event("nlu_fallback")], active_loop="report_form"
    )
    events = asyncio.run(Fallback().run(dispatcher, t, {}))
    assert events[0] == {"event": "active_loop", "timestamp": None, "name": None}


def test_the_fallback_always_waits_for_the_resident_next() -> None:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionFallback().run(dispatcher, tracker("report_crime", ranking=RANKING), {}))
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}
