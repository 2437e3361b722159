"""The report form: asks only what routing needs, then names the channels.

A message read as "I want to report..." first gets its chance as a question
(`action_report`): "how do I report animal cruelty" or "do I need to report a
road collision" has an answer of its own that says where to go, and no form
is needed. Otherwise the form starts:

1. Is it happening now? Yes ends the form at once with 999.
2. What is it about? Skipped when the conversation already has a topic.
3. Do you want to stay anonymous?

The assistant never takes the report itself; the routes reply says so.
"""

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice import answer_if_it_fits
from actions.topics import FORM_SLOTS, TOPICS, caution_first, latest_entity, latest_intent

# Messages that must never be taken as an answer to a form question.
_INTERRUPTIONS = ("emergency", "crisis")


def _yes_no(tracker: Tracker) -> bool | None:
    intent = latest_intent(tracker)
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    return None


class ValidateReportForm(FormValidationAction):
    def name(self) -> str:
        return "validate_report_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if tracker.get_slot("happening_now"):
            return ["happening_now"]
        slots = list(domain_slots)
        if tracker.get_slot("topic") in TOPICS:
            slots.remove("crime_kind")
        return slots

    def _asked(self, tracker: Tracker, slot: str) -> bool:
        return tracker.get_slot("requested_slot") == slot and latest_intent(tracker) not in _INTERRUPTIONS

    async def extract_happening_now(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if not self._asked(tracker, "happening_now"):
            return {}
        answer = _yes_no(tracker)
        timing = latest_entity(tracker, "timing")
        if answer is None and timing in ("now", "past"):
            answer = timing == "now"
        return {} if answer is None else {"happening_now": answer}

    async def extract_crime_kind(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if not self._asked(tracker, "crime_kind"):
            return {}
        intent = latest_intent(tracker)
        if intent in TOPICS:
            return {"crime_kind": intent}
        if intent in ("deny", "report_crime", "nlu_fallback", "out_of_scope"):
            return {"crime_kind": "other"}
        return {}

    async def extract_anonymous(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if not self._asked(tracker, "anonymous"):
            return {}
        if latest_intent(tracker) == "report_anonymously":
            return {"anonymous": True}
        answer = _yes_no(tracker)
        return {} if answer is None else {"anonymous": answer}


class ActionReportRoutes(Action):
    def name(self) -> str:
        return "action_report_routes"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        kind = tracker.get_slot("crime_kind")
        if kind not in TOPICS:
            kind = tracker.get_slot("topic")
        dispatcher.utter_message(
            response="utter_report_routes",
            kind=kind if kind in TOPICS else None,
            anonymous=bool(tracker.get_slot("anonymous")),
            happening_now=bool(tracker.get_slot("happening_now")),
        )
        return [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionReport(Action):
    """A question about reporting something specific gets its answer; any
    other wish to report starts the report form at its first question."""

    def name(self) -> str:
        return "action_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        answered = answer_if_it_fits(dispatcher, tracker)
        if answered is not None:
            return answered
        # The form takes over at once and asks its first question, after
        # the 999 reminder when the message may tell of danger now.
        caution_first(dispatcher, tracker)
        return [ActiveLoop("report_form")]
