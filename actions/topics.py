"""What the actions read from a tracker, and the contract's names they use."""

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.contract import REPORT_FORM_SLOTS, TOPICS

FORM_SLOTS = REPORT_FORM_SLOTS

__all__ = ["TOPICS", "FORM_SLOTS"]


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    value = next(tracker.get_latest_entity_values(entity), None)
    return str(value) if value is not None else None


def topic_ranking(tracker: Tracker, limit: int = 3) -> List[str]:
    """The classifier's best topic guesses for the latest message."""
    ranking: List[Dict[str, Any]] = tracker.latest_message.get("intent_ranking") or []
    return [entry["name"] for entry in ranking if entry.get("name") in TOPICS][:limit]


def stop_any_form(tracker: Tracker) -> List[EventType]:
    """Events that end an active form and clear its answers."""
    if not tracker.active_loop.get("name"):
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(slot, None) for slot in FORM_SLOTS]


def caution_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Open with the one-line 999 reminder when the safety screen saw words of
    danger it could not rule in or out (bot.rasa.safety_screen, `caution`),
    and with Samaritans when the message read a little like self-harm (`harm`)."""
    screened = tracker.latest_message.get("safety_screen") or {}
    if screened.get("caution"):
        dispatcher.utter_message(response="utter_danger_check")
    if screened.get("harm"):
        dispatcher.utter_message(response="utter_harm_check")
