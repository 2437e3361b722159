""" "Is this a scam?": check a message the resident pasted or forwarded.

The resident channel hands Rasa a pasted message as the `check_message`
intent with the text in the message's metadata (`bot.contract.PASTED_TEXT`);
the tracker store never keeps that text. Asked without a message, the
action asks for one. The reply lists the red flags found (bot.scam.check)
and what to do; it never says a message is safe.
"""

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.topics import stop_any_form
from bot.contract import PASTED_TEXT
from bot.scam import learnt
from bot.scam.check import check

SCAM_TOPIC = "fraud_scams"


def pasted_text(tracker: Tracker) -> str:
    metadata = tracker.latest_message.get("metadata") or {}
    value = metadata.get(PASTED_TEXT)
    return value if isinstance(value, str) else ""


class ActionCheckMessage(Action):
    def __init__(self) -> None:
        learnt.warm()  # train the learnt signal (under a second) at start, not in a resident's first check

    def name(self) -> str:
        return "action_check_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        text = pasted_text(tracker)
        if not text.strip():
            dispatcher.utter_message(response="utter_ask_paste")
            return stop_any_form(tracker)
        if (tracker.latest_message.get("metadata") or {}).get("caution"):
            # Words of danger in what was pasted: the reply still opens with 999.
            dispatcher.utter_message(response="utter_danger_check")
        flags = check(text, content.current().official)
        dispatcher.utter_message(
            response="utter_scam_check", flags=[{"sign": f.sign, "phrase": f.phrase} for f in flags]
        )
        # "What should I do now?", "I already clicked it": fraud's questions answer them.
        return [*stop_any_form(tracker), SlotSet("topic", SCAM_TOPIC)]
