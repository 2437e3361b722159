"""Intent names the actions need: the topics of shared/taxonomy.yml."""

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet

TOPICS = (
    "burglary",
    "vehicle_crime",
    "fraud_scams",
    "cyber_crime",
    "domestic_abuse",
    "sexual_violence",
    "stalking_harassment",
    "child_exploitation",
    "drugs_county_lines",
    "violence_knife_crime",
    "hate_crime",
    "antisocial_behaviour",
    "business_crime",
    "rural_crime",
    "personal_safety",
    "modern_slavery",
)

FORM_SLOTS = ("happening_now", "crime_kind", "anonymous")


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


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
