"""Whether Essex Police Live Chat is staffed: 7am to 11pm, UK time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot import settings

UK = ZoneInfo("Europe/London")


def live_chat_open(now: dt.datetime | None = None) -> bool:
    """True between LIVE_CHAT_OPENS (07:00) and LIVE_CHAT_CLOSES (23:00), Europe/London."""
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(UK).time()
    opens, closes = (dt.time.fromisoformat(hour) for hour in settings.live_chat_hours())
    return opens <= local < closes
