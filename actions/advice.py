"""Topic advice: the summary and tips, more tips, or a choice of audience."""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import TOPICS, latest_entity, latest_intent


class ActionAdvise(Action):
    def name(self) -> str:
        return "action_advise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        intent = latest_intent(tracker)
        topic = intent if intent in TOPICS else tracker.get_slot("topic")
        if topic not in TOPICS:
            dispatcher.utter_message(response="utter_what_can_you_do")
            return []
        detail = latest_entity(tracker, "detail")
        if detail == "audiences":
            dispatcher.utter_message(response="utter_choose_audience", topic=topic)
        else:
            part = "more" if detail == "more" else "first"
            dispatcher.utter_message(response="utter_advice", topic=topic, part=part)
        return [SlotSet("topic", topic)]
