"""The project's tables, declared in SQLAlchemy's 2.0 style.

Content lives as entries (one reply, one advice variant, one reporting
channel...) whose every saved version is kept, never changed: an entry's
live text is the version its `live_version_id` points at. A publication row
is written for every change of what is live; its highest id is the content
revision every process polls to pick up a publish.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import registry
from sqlalchemy.orm.decl_api import DeclarativeMeta

mapper_registry = registry()


class Base(metaclass=DeclarativeMeta):
    """The declarative base, spelled out (SQLAlchemy 1.4's documented form
    for type checkers without its mypy plugin)."""

    __abstract__ = True
    registry = mapper_registry
    metadata = mapper_registry.metadata
    __init__ = mapper_registry.constructor


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Staff(Base):
    __tablename__ = "staff"
    id = sa.Column(sa.Integer, primary_key=True)
    username = sa.Column(sa.String(64), nullable=False, unique=True)
    password_hash = sa.Column(sa.String(255), nullable=False)
    role = sa.Column(sa.String(16), nullable=False)  # editor, publisher, admin
    active = sa.Column(sa.Boolean, nullable=False, default=True)
    failed_logins = sa.Column(sa.Integer, nullable=False, default=0)
    locked_until = sa.Column(sa.DateTime, nullable=True)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class StaffSession(Base):
    __tablename__ = "staff_sessions"
    id = sa.Column(sa.String(64), primary_key=True)  # sha256 of the cookie's token
    staff_id = sa.Column(sa.Integer, sa.ForeignKey("staff.id", ondelete="CASCADE"), nullable=False)
    csrf_token = sa.Column(sa.String(64), nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    expires_at = sa.Column(sa.DateTime, nullable=False)


class ContentEntry(Base):
    __tablename__ = "content_entries"
    key = sa.Column(sa.String(200), primary_key=True)  # e.g. advice/burglary/older_person
    kind = sa.Column(sa.String(16), nullable=False)  # reply, advice, variant, channel, table
    position = sa.Column(sa.Integer, nullable=False, default=0)
    live_version_id = sa.Column(sa.Integer, nullable=True)


class ContentVersion(Base):
    __tablename__ = "content_versions"
    __table_args__ = (sa.UniqueConstraint("entry_key", "number"),)
    id = sa.Column(sa.Integer, primary_key=True)
    entry_key = sa.Column(sa.String(200), sa.ForeignKey("content_entries.key"), nullable=False, index=True)
    number = sa.Column(sa.Integer, nullable=False)
    body = sa.Column(sa.JSON, nullable=False)  # never updated once written
    based_on = sa.Column(sa.Integer, nullable=True)  # the live version it was edited from
    state = sa.Column(sa.String(16), nullable=False)  # draft, review, published, returned, superseded
    author = sa.Column(sa.String(64), nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    reviewer = sa.Column(sa.String(64), nullable=True)
    reviewed_at = sa.Column(sa.DateTime, nullable=True)
    comment = sa.Column(sa.Text, nullable=True)


class Publication(Base):
    __tablename__ = "publications"
    id = sa.Column(sa.Integer, primary_key=True)
    version_id = sa.Column(sa.Integer, sa.ForeignKey("content_versions.id"), nullable=False)
    entry_key = sa.Column(sa.String(200), nullable=False)
    how = sa.Column(sa.String(16), nullable=False)  # seed, import, publish, restore
    published_by = sa.Column(sa.String(64), nullable=False)
    published_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id = sa.Column(sa.Integer, primary_key=True)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow, index=True)
    actor = sa.Column(sa.String(64), nullable=False)
    action = sa.Column(sa.String(32), nullable=False)
    target = sa.Column(sa.String(200), nullable=False, default="")
    detail = sa.Column(sa.Text, nullable=False, default="")


class TrainingLabel(Base):
    """An unrecognised (redacted) question a comms officer gave a topic to."""

    __tablename__ = "training_labels"
    id = sa.Column(sa.Integer, primary_key=True)
    event_id = sa.Column(sa.Integer, nullable=False, unique=True)
    text = sa.Column(sa.Text, nullable=False)
    topic = sa.Column(sa.String(64), nullable=False)
    labelled_by = sa.Column(sa.String(64), nullable=False)
    labelled_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class Feedback(Base):
    """A resident's "was this helpful?" answer: counts only, no text."""

    __tablename__ = "feedback"
    id = sa.Column(sa.Integer, primary_key=True)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow, index=True)
    channel = sa.Column(sa.String(16), nullable=False)
    helpful = sa.Column(sa.Boolean, nullable=False)


class ForgottenConversation(Base):
    """A widget conversation its resident asked to forget: its token is
    refused from then on. Rows go once the token would have expired anyway."""

    __tablename__ = "forgotten_conversations"
    sender_key = sa.Column(sa.String(64), primary_key=True)  # sha256 of the conversation id
    forgotten_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, index=True)


class OutageExchange(Base):
    """A resident's message and the reply they were shown while the
    conversation store (or Rasa) could not keep them: written from the web
    or Telegram process's local outbox once the store is back. The stored
    conversation is Rasa's events plus these rows, in time order."""

    __tablename__ = "outage_exchanges"
    id = sa.Column(sa.Integer, primary_key=True)
    message_id = sa.Column(sa.String(32), nullable=False, unique=True)
    sender_id = sa.Column(sa.String(255), nullable=False, index=True)
    channel = sa.Column(sa.String(16), nullable=False)
    at = sa.Column(sa.Float, nullable=False, index=True)  # when the resident sent it (epoch seconds)
    # The resident's words, redacted; NULL when Rasa itself stored the message.
    user_text = sa.Column(sa.Text, nullable=True)
    replies = sa.Column(sa.Text, nullable=False)  # JSON list of the reply texts shown
    kind = sa.Column(sa.String(16), nullable=False)  # emergency, crisis or other (the safety screen's)
    reason = sa.Column(sa.String(64), nullable=False)  # what was down, in words
    stored_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
