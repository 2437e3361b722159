"""Staff login sessions, kept in the database (so any replica can serve the
next request) and bound to a CSRF token that every form must send back.
The cookie holds a random token; the database holds only its hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa

from bot import settings
from bot.content.store import Actor
from bot.db.engine import sessions
from bot.db.tables import Staff, StaffSession, utcnow

COOKIE = "admin_session"


def session_hours() -> int:
    return settings.admin_session_hours()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoggedIn:
    actor: Actor
    csrf_token: str


class StaffSessions:
    def __init__(self, url: str | None = None) -> None:
        self.sessions = sessions(url)

    def start(self, username: str) -> str:
        """A new session for `username`; returns the cookie value."""
        token = secrets.token_urlsafe(32)
        now = utcnow()
        with self.sessions() as session, session.begin():
            staff = session.execute(sa.select(Staff).where(Staff.username == username)).scalar_one()
            session.execute(sa.delete(StaffSession).where(StaffSession.expires_at < now))
            session.add(
                StaffSession(
                    id=_hash(token),
                    staff_id=staff.id,
                    csrf_token=secrets.token_urlsafe(32),
                    expires_at=now + dt.timedelta(hours=session_hours()),
                )
            )
        return token

    def find(self, token: str | None) -> Optional[LoggedIn]:
        if not token or len(token) > 100:
            return None
        with self.sessions() as session:
            row = session.execute(
                sa.select(StaffSession, Staff)
                .join(Staff, Staff.id == StaffSession.staff_id)
                .where(StaffSession.id == _hash(token))
            ).first()
        if row is None:
            return None
        staff_session, staff = row
        if staff_session.expires_at < utcnow() or not staff.active:
            return None
        return LoggedIn(Actor(staff.username, staff.role), staff_session.csrf_token)

    def end(self, token: str | None) -> None:
        if token:
            with self.sessions() as session, session.begin():
                session.execute(sa.delete(StaffSession).where(StaffSession.id == _hash(token)))


def same_token(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())
