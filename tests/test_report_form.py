"""actions/report_form.py"""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.report_form import ActionReportRoutes, ValidateReportForm
from tests.actions_helpers import tracker

FORM = ValidateReportForm()
DOMAIN_SLOTS = ["happening_now", "crime_kind", "anonymous"]


def extract(slot: str, t) -> dict:
    return asyncio.run(getattr(FORM, f"extract_{slot}")(CollectingDispatcher(), t, {}))


def required(t) -> list:
    return asyncio.run(FORM.required_slots(list(DOMAIN_SLOTS), CollectingDispatcher(), t, {}))


def test_yes_no_answers_fill_the_question_asked() -> None:
    asked = {"requested_slot": "happening_now"}
    assert extract("happening_now", tracker("affirm", slots=asked)) == {"happening_now": True}
    assert extract("happening_now", tracker("deny", slots=asked)) == {"happening_now": False}
    past = tracker("burglary", slots=asked, entities=[{"entity": "timing", "value": "past"}])
    assert extract("happening_now", past) == {"happening_now": False}


def test_answers_to_another_question_are_not_taken() -> None:
    assert extract("anonymous", tracker("affirm", slots={"requested_slot": "happening_now"})) == {}


def test_emergency_and_crisis_are_never_taken_as_answers() -> None:
    for intent in ("emergency", "crisis"):
        t = tracker(
            intent, slots={"requested_slot": "happening_now"}, entities=[{"entity": "timing", "value": "now"}]
        )
        assert extract("happening_now", t) == {}


def test_crime_kind_from_a_topic_or_something_else() -> None:
    asked = {"requested_slot": "crime_kind"}
    assert extract("crime_kind", tracker("fraud_scams", slots=asked)) == {"crime_kind": "fraud_scams"}
    assert extract("crime_kind", tracker("deny", slots=asked)) == {"crime_kind": "other"}


def test_wanting_anonymity_counts_as_yes() -> None:
    t = tracker("report_anonymously", slots={"requested_slot": "anonymous"})
    assert extract("anonymous", t) == {"anonymous": True}


def test_happening_now_ends_the_form_at_once() -> None:
    assert required(tracker("affirm", slots={"happening_now": True})) == ["happening_now"]


def test_a_known_topic_skips_the_kind_question() -> None:
    assert required(tracker("deny", slots={"topic": "burglary"})) == ["happening_now", "anonymous"]
    assert required(tracker("deny")) == DOMAIN_SLOTS


def test_routes_are_asked_for_with_what_routing_needs_and_the_form_is_reset() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("deny", slots={"happening_now": False, "crime_kind": "domestic_abuse", "anonymous": True})
    events = asyncio.run(ActionReportRoutes().run(dispatcher, t, {}))
    message = dispatcher.messages[0]
    assert message["response"] == "utter_report_routes"
    assert (message["kind"], message["anonymous"], message["happening_now"]) == (
        "domestic_abuse",
        True,
        False,
    )
    assert {e["name"] for e in events} == set(DOMAIN_SLOTS) and all(e["value"] is None for e in events)


def test_other_kind_falls_back_to_the_conversation_topic() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("deny", slots={"crime_kind": "other", "topic": "hate_crime"})
    asyncio.run(ActionReportRoutes().run(dispatcher, t, {}))
    assert dispatcher.messages[0]["kind"] == "hate_crime"


def test_a_wish_to_report_that_may_tell_of_danger_opens_with_999() -> None:
    from actions.report_form import ActionReport

    t = tracker("report_crime")
    t.latest_message["text"] = "I want to report something but I'm not sure what it counts as"
    t.latest_message["safety_screen"] = {"verdict": None, "caution": True}
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionReport().run(dispatcher, t, {}))
    assert dispatcher.messages[0]["response"] == "utter_danger_check"
    assert events[-1]["name"] == "report_form"

    plain = tracker("report_crime")
    plain.latest_message["text"] = "I want to report something but I'm not sure what it counts as"
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionReport().run(dispatcher, plain, {}))
    assert all(m.get("response") != "utter_danger_check" for m in dispatcher.messages)
