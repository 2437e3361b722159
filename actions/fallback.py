"""When the assistant did not understand: one "did you mean", then a way out.

First the conversation's context gets its chance (`actions.advice.respond`):
a follow-up in the current topic, or a question that matches well.

The first miss offers the three likeliest topics. A second miss in a row
offers every topic and a person (Live Chat in its hours, else 101), and so
does every miss after that: the resident is never asked to rephrase twice.
A miss during the report form ends the form.
"""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import respond
from actions.topics import caution_first, stop_any_form, topic_ranking

FALLBACK_INTENT = "nlu_fallback"


def misses_in_a_row(tracker: Tracker) -> int:
    """How many of the latest user messages, counting back, were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if intent.get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        answered = respond(dispatcher, tracker)
        if answered is not None:
            return answered + [FollowupAction("action_listen")]
        caution_first(dispatcher, tracker)
        suggestions = topic_ranking(tracker)
        if misses_in_a_row(tracker) <= 1 and suggestions:
            dispatcher.utter_message(response="utter_fallback_did_you_mean", suggestions=suggestions)
        else:
            dispatcher.utter_message(response="utter_fallback_topics")
        # Then wait for the resident. Inside the report form, a message that is
        # neither understood nor an answer also ends the form. Without this,
        # Rasa's core fallback predicts this action again and again until
        # its circuit breaker trips, and the conversation is stuck.
        return stop_any_form(tracker) + [FollowupAction("action_listen")]
