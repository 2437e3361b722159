"""Whether Essex Police Live Chat is staffed: 7am to 11pm, UK time."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def _hour(name: str, default: str) -> dt.time:
    return dt.time.fromisoformat(os.environ.get(name, default))


def live_chat_open(now: dt.datetime | None = None) -> bool:
    """True between LIVE_CHAT_OPENS (07:00) and LIVE_CHAT_CLOSES (23:00), Europe/London."""
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(UK).time()
    return _hour("LIVE_CHAT_OPENS", "07:00") <= local < _hour("LIVE_CHAT_CLOSES", "23:00")
