"""Staff accounts: argon2 password hashes, roles, and a lock-out after
repeated failed logins (kept in the database, so it holds on every replica)."""

from __future__ import annotations

import datetime as dt
from typing import List, Optional

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot import settings
from bot.content.store import ROLES, Actor, audit
from bot.db.engine import sessions
from bot.db.tables import Staff, StaffSession, utcnow

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a real password")
MIN_PASSWORD_LENGTH = 12


def max_failed_logins() -> int:
    return settings.admin_max_failed_logins()


def lockout_minutes() -> int:
    return settings.admin_lockout_minutes()


class AccountError(ValueError):
    """A problem with an account request, in words to show the person."""


def password_problem(password: str) -> Optional[str]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters for the password."
    if len(password) > 200:
        return "Use at most 200 characters for the password."
    return None


class Accounts:
    def __init__(self, url: str | None = None) -> None:
        self.sessions = sessions(url)

    def create(self, username: str, password: str, role: str, by: str = "cli") -> Staff:
        username = username.strip().lower()
        if not username or len(username) > 64 or not all(c.isalnum() or c in "._-@" for c in username):
            raise AccountError("Use letters, digits and . _ - @ only for the username.")
        if role not in ROLES:
            raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
        problem = password_problem(password)
        if problem:
            raise AccountError(problem)
        with self.sessions() as session, session.begin():
            if session.execute(sa.select(Staff).where(Staff.username == username)).scalar():
                raise AccountError(f"There is already an account called {username}.")
            staff = Staff(
                username=username,
                password_hash=_HASHER.hash(password),
                role=role,
                active=True,
                failed_logins=0,
            )
            session.add(staff)
            audit(session, by, "create account", username, f"role {role}")
        return staff

    def authenticate(self, username: str, password: str) -> Optional[Actor]:
        """The person, if the password is right and the account is open.
        Wrong passwords count towards a lock-out (counted in the database, so
        replicas share it); the answer, and the time it takes, never say which
        part was wrong or that an account is locked."""
        username = username.strip().lower()[:64]
        with self.sessions() as session:
            staff = session.execute(sa.select(Staff).where(Staff.username == username)).scalar()
        right = _verify(staff.password_hash if staff else _DUMMY_HASH, password)
        if staff is None or not staff.active:
            return None
        now = utcnow()
        with self.sessions() as session, session.begin():
            if staff.locked_until and staff.locked_until > now:
                audit(session, username, "login refused", username, "account locked")
                return None
            if not right:
                # An atomic increment: parallel guesses on several replicas all count.
                session.execute(
                    sa.update(Staff).where(Staff.id == staff.id).values(failed_logins=Staff.failed_logins + 1)
                )
                failures = session.execute(
                    sa.select(Staff.failed_logins).where(Staff.id == staff.id)
                ).scalar_one()
                if failures >= max_failed_logins():
                    session.execute(
                        sa.update(Staff)
                        .where(Staff.id == staff.id)
                        .values(locked_until=now + dt.timedelta(minutes=lockout_minutes()), failed_logins=0)
                    )
                    audit(
                        session, username, "account locked", username, f"{max_failed_logins()} failed logins"
                    )
                return None
            values: dict = {"failed_logins": 0, "locked_until": None}
            if _HASHER.check_needs_rehash(staff.password_hash):
                values["password_hash"] = _HASHER.hash(password)
            session.execute(sa.update(Staff).where(Staff.id == staff.id).values(**values))
            audit(session, username, "login", username)
            return Actor(staff.username, staff.role)

    def actor(self, staff_id: int) -> Optional[Actor]:
        with self.sessions() as session:
            staff = session.get(Staff, staff_id)
            return Actor(staff.username, staff.role) if staff and staff.active else None

    def id_of(self, username: str) -> Optional[int]:
        with self.sessions() as session:
            return session.execute(sa.select(Staff.id).where(Staff.username == username)).scalar()

    def all(self) -> List[Staff]:
        with self.sessions() as session:
            return list(session.execute(sa.select(Staff).order_by(Staff.username)).scalars())

    def set_password(self, username: str, password: str, by: str = "cli") -> None:
        """A new password (for someone who forgot theirs); also lifts a lock-out
        and ends the person's open sessions."""
        problem = password_problem(password)
        if problem:
            raise AccountError(problem)
        with self.sessions() as session, session.begin():
            staff = session.execute(
                sa.select(Staff).where(Staff.username == username.strip().lower())
            ).scalar()
            if staff is None:
                raise AccountError("No such account.")
            staff.password_hash = _HASHER.hash(password)
            staff.failed_logins, staff.locked_until = 0, None
            session.execute(sa.delete(StaffSession).where(StaffSession.staff_id == staff.id))
            audit(session, by, "set password", staff.username)

    def update(self, username: str, by: str, role: str | None = None, active: bool | None = None) -> None:
        with self.sessions() as session, session.begin():
            staff = session.execute(sa.select(Staff).where(Staff.username == username)).scalar()
            if staff is None:
                raise AccountError("No such account.")
            if role is not None:
                if role not in ROLES:
                    raise AccountError("Unknown role.")
                staff.role = role
            if active is not None:
                staff.active = active
                staff.locked_until = None
                staff.failed_logins = 0
            audit(session, by, "change account", username, f"role={staff.role} active={staff.active}")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
