"""The redacting tracker store on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.tracker_store import RedactingSQLTrackerStore
from tests.conftest import POSTGRES_URL, ROOT, require_service
from tests.pii_corpus import PII_CORPUS

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'conversations.db'}"
    require_service(POSTGRES_URL, "PostgreSQL")
    return POSTGRES_URL


def _conversation(sender: str) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen")]
    for sentence, _ in PII_CORPUS:
        events.append(
            UserUttered(
                sentence,
                intent={"name": "burglary", "confidence": 0.9},
                entities=[{"entity": "location", "value": sentence, "start": 0, "end": 3}],
                parse_data={"text": sentence, "intent": {"name": "burglary"}, "entities": []},
                metadata={"channel": "web", "note": sentence},
            )
        )
        events.append(SlotSet("location", sentence))
        events.append(BotUttered("Here is some advice."))
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


def test_nothing_personal_reaches_the_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    store = RedactingSQLTrackerStore(domain=DOMAIN)
    sender = "test-" + uuid.uuid4().hex
    asyncio.run(store.save(_conversation(sender)))

    with sa.create_engine(database_url, future=True).begin() as connection:
        rows = (
            connection.execute(sa.text("SELECT data FROM events WHERE sender_id = :s"), {"s": sender})
            .scalars()
            .all()
        )
        connection.execute(sa.text("DELETE FROM events WHERE sender_id = :s"), {"s": sender})

    stored = "\n".join(rows).lower()
    assert len(rows) == 1 + 3 * len(PII_CORPUS)
    assert "[phone]" in stored and "[email]" in stored and "[name]" in stored
    for _sentence, secrets in PII_CORPUS:
        for secret in secrets:
            assert secret.lower() not in stored, f"{secret!r} was stored"


def test_the_stored_conversation_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    store = RedactingSQLTrackerStore(domain=DOMAIN)
    asyncio.run(store.save(_conversation("loads-again-0001")))
    tracker = asyncio.run(store.retrieve("loads-again-0001"))
    assert tracker is not None
    assert tracker.latest_message.text == "This is [NAME], my car was broken into"
