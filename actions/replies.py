"""Actions that send one fixed reply each (the service intents).

Every one of them but the form's questions also ends the report form: a
resident who asks something else has left it, and its question must not
come back under the next answer.
"""

from typing import Any, Dict, List, Type

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import answer_if_it_fits, answer_in_topic
from actions.topics import caution_first, latest_text, stop_any_form

# action name -> reply name
FIXED_REPLIES = {
    "action_greet": "utter_greet",
    "action_goodbye": "utter_goodbye",
    "action_thank": "utter_thank",
    "action_affirm": "utter_affirm",
    "action_deny": "utter_deny",
    "action_bot_challenge": "utter_bot_challenge",
    "action_what_can_you_do": "utter_what_can_you_do",
    "action_privacy": "utter_privacy",
    "action_handoff": "utter_handoff",
    "action_report_anonymously": "utter_report_anonymously",
    "action_hide_chat": "utter_hide_chat",
    "action_cannot_speak": "utter_cannot_speak",
    "action_ask_happening_now": "utter_ask_happening_now",
    "action_ask_crime_kind": "utter_ask_crime_kind",
    "action_ask_anonymous": "utter_ask_anonymous",
}


# Small talk the classifier can wrongly see in a real question ("who can
# help with a visa question" read as a greeting): a longer message that fits
# a vetted question well gets that answer instead.
SMALL_TALK = ("action_greet", "action_goodbye", "action_thank", "action_affirm", "action_deny")
SMALL_TALK_WORDS = 4
# Asking for someone to talk to inside a topic with its own helplines gets
# the topic's answer about them when one fits.
IN_TOPIC_FIRST = ("action_handoff",)


def fixed_reply_action(action_name: str, reply: str) -> Type[Action]:
    """An Action class that sends `reply`; rasa_sdk registers every subclass."""
    asks_for_the_form = action_name.startswith("action_ask_")
    may_be_a_question = action_name in SMALL_TALK
    topic_first = action_name in IN_TOPIC_FIRST

    async def run(
        self: Action,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[Dict[str, Any]]:
        if topic_first:
            answered = answer_in_topic(dispatcher, tracker)
            if answered is not None:
                return answered
        if may_be_a_question and len(latest_text(tracker).split()) > SMALL_TALK_WORDS:
            answered = answer_if_it_fits(dispatcher, tracker)
            if answered is not None:
                return answered
        if not asks_for_the_form:
            caution_first(dispatcher, tracker)
        dispatcher.utter_message(response=reply)
        return [] if asks_for_the_form else stop_any_form(tracker)

    class_name = "".join(part.title() for part in action_name.split("_"))
    return type(class_name, (Action,), {"name": lambda self: action_name, "run": run})


ACTIONS = [fixed_reply_action(name, reply) for name, reply in FIXED_REPLIES.items()]


class ActionNoPolice(Action):
    """Support without the police, for the conversation's topic."""

    def name(self) -> str:
        return "action_no_police"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        caution_first(dispatcher, tracker)
        dispatcher.utter_message(response="utter_no_police", topic=tracker.get_slot("topic"))
        return stop_any_form(tracker)
