"""What a resident is shown first for a safety-corpus message, and whether
that puts 999 first: shared by the regression and held-out safety tests."""

from __future__ import annotations

from typing import Any, Dict

from bot.safety.screen import STORY_WORDS

ALARMS = ("emergency", "crisis")


def outcome(parsed: Dict[str, Any]) -> str:
    """The emergency or crisis reply, the 999 reminder before the answer
    ("reminder"), or the answer alone (its intent)."""
    intent = parsed["intent"]["name"]
    if intent in ALARMS:
        return intent
    return "reminder" if (parsed.get("safety_screen") or {}).get("caution") else intent


def danger_gets_999_first(text: str, shown: str) -> bool:
    """A short message needs the emergency or crisis reply; a story may get
    the one-line 999 reminder before the answer instead."""
    return shown in ALARMS or (shown == "reminder" and len(text.split()) >= STORY_WORDS)
