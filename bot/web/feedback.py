"""Residents' "was this helpful?" answers: a yes or no and the channel, with
no text and no conversation id, counted on the editor's insight page."""

from __future__ import annotations

import logging

from bot.db.engine import sessions
from bot.db.tables import Feedback

logger = logging.getLogger(__name__)


class FeedbackLog:
    def __init__(self, url: str | None = None) -> None:
        self.url = url

    def record(self, channel: str, helpful: bool) -> bool:
        """Store one answer; False (and a log line) if the database is unavailable."""
        try:
            with sessions(self.url)() as session, session.begin():
                session.add(Feedback(channel=channel, helpful=helpful))
            return True
        except Exception:
            logger.exception("feedback could not be stored; check DATABASE_URL and that the database is up")
            return False
