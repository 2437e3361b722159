"""The insight figures and unrecognised questions, from conversations saved
by the real redacting tracker store, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.admin.insight import figures, unrecognised
from bot.db.engine import sessions
from bot.db.tables import TrainingLabel
from bot.rasa.tracker_store import RedactingSQLTrackerStore
from bot.web.feedback import FeedbackLog
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def said(text: str, intent: str, at: float) -> UserUttered:
    return UserUttered(
        text,
        intent={"name": intent, "confidence": 0.9},
        parse_data={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
        timestamp=at,
    )


@pytest.fixture
def conversations(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", store_url)
    store = RedactingSQLTrackerStore(domain=DOMAIN)
    now = time.time()
    plan = {
        "a": [("my shed was broken into", "burglary"), ("someone is breaking in now", "emergency")],
        "b": [
            ("blah wibble my number is 07700 900123", "nlu_fallback"),
            ("talk to a person", "contact_human"),
        ],
        "c": [("how do I report fraud", "fraud_scams"), ("I want to end it all", "crisis")],
    }
    for sender, turns in plan.items():
        events = [ActionExecuted("action_listen", timestamp=now - 5)]
        for n, (text, intent) in enumerate(turns):
            events += [said(text, intent, now + n), BotUttered("ok", timestamp=now + n)]
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)))
    # A conversation from long ago is outside the period.
    old = now - 90 * 86400
    events = [said("my car was stolen", "vehicle_crime", old)]
    asyncio.run(store.save(DialogueStateTracker.from_events("old", events, slots=DOMAIN.slots)))
    FeedbackLog(store_url).record("web", True)
    FeedbackLog(store_url).record("web", False)
    FeedbackLog(store_url).record("web", True)
    return store_url


def test_figures_count_the_period_only(conversations: str) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()
    f = figures(conversations, today - dt.timedelta(days=6), today)
    assert (f.conversations, f.messages) == (3, 6)
    assert (f.emergencies, f.crises, f.handoffs, f.fallbacks) == (1, 1, 1, 1)
    assert f.fallback_rate == pytest.approx(1 / 6)
    assert (f.helpful, f.not_helpful) == (2, 1)
    topics = dict(f.topics)
    assert topics["burglary"] == 1 and topics["fraud_scams"] == 1 and topics["vehicle_crime"] == 0
    assert len(f.per_day) == 7 and sum(count for _, count in f.per_day) == 6


def test_unrecognised_questions_are_redacted_and_labelling_exports_training_data(conversations: str) -> None:
    questions = unrecognised(conversations)
    assert len(questions) == 1
    assert "07700" not in questions[0]["text"] and "blah wibble" in questions[0]["text"]
    with sessions(conversations)() as session, session.begin():
        session.add(
            TrainingLabel(
                event_id=questions[0]["id"], text=questions[0]["text"], topic="burglary", labelled_by="erin"
            )
        )
    assert unrecognised(conversations) == []  # labelled ones leave the list
    from bot.admin.insight import training_examples

    document = yaml.safe_load(training_examples(conversations))
    assert document["nlu"][0]["intent"] == "burglary"
    assert "blah wibble" in document["nlu"][0]["examples"]
