"""Build rasa_sdk trackers for the action tests."""

from pathlib import Path
from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions import content
from actions.topics import TOPICS
from bot.content.source import FileContentSource

# The actions read the content in git, not a local store.
content.use(FileContentSource(Path(__file__).resolve().parent.parent / "responses", check_every=3600))

SLOTS = (
    "topic",
    "audience",
    "location",
    "happening_now",
    "crime_kind",
    "anonymous",
    "requested_slot",
    "shown",
)


def tracker(
    intent: str,
    entities: List[Dict[str, Any]] | None = None,
    slots: Dict[str, Any] | None = None,
    events: List[Dict[str, Any]] | None = None,
    active_loop: str | None = None,
    ranking: List[str] | None = None,
) -> Tracker:
    message = {
        "text": "text",
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": [{"name": name, "confidence": 0.1} for name in (ranking or [intent])],
    }
    return Tracker(
        sender_id="test-sender-000001",
        slots={**{slot: None for slot in SLOTS}, **(slots or {})},
        latest_message=message,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def user_event(intent: str) -> Dict[str, Any]:
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


__all__ = ["tracker", "user_event", "TOPICS"]
