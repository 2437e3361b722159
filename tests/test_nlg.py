"""bot/rasa/nlg.py and bot/content/source.py: live content, safe failures."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.content.source import FileContentSource
from bot.rasa.nlg import ContentNLG, resident_from_tracker
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(autouse=True)
def refresh_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about what the next reply says after an edit, not how
    long a refresh may hold a reply up (test_store covers that): on a busy
    machine a refresh can take longer than the 0.5 s a reply waits for it."""
    monkeypatch.setattr("bot.content.source.REFRESH_WAIT_SECONDS", 30.0)


@pytest.fixture
def responses(tmp_path: Path) -> Path:
    target = tmp_path / "responses"
    shutil.copytree(ROOT / "responses", target)
    return target


def _tracker(channel: str = "telegram") -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        "nlg-test-sender-01",
        [
            UserUttered("hi", {"name": "greet"}, metadata={"channel": channel}),
            SlotSet("audience", "business_owner"),
            SlotSet("location", "harlow"),
        ],
        slots=DOMAIN.slots,
    )


def _edit_reply(root: Path, name: str, text: str) -> None:
    path = root / "replies.yml"
    replies = yaml.safe_load(path.read_text())
    replies[name]["text"] = text
    path.write_text(yaml.safe_dump(replies, sort_keys=False))


def test_the_resident_is_read_from_the_tracker() -> None:
    resident = resident_from_tracker(_tracker("telegram"), "resident")
    assert (resident.channel, resident.audience, resident.district) == (
        "telegram",
        "business_owner",
        "harlow",
    )
    assert resident_from_tracker(_tracker("sms"), "resident").channel == "rest"


def test_a_published_change_is_in_the_next_reply_without_a_restart(responses: Path) -> None:
    nlg = ContentNLG(source=FileContentSource(responses, check_every=0))
    before = asyncio.run(nlg.generate("utter_thank", _tracker(), "resident"))
    _edit_reply(
        responses, "utter_thank", "Thank you kindly. In an emergency call {{ ch.emergency_999.phone }}."
    )
    after = asyncio.run(nlg.generate("utter_thank", _tracker(), "resident"))
    assert before["text"] != after["text"]
    assert after["text"] == "Thank you kindly. In an emergency call 999."


def test_a_broken_edit_keeps_the_last_good_content(responses: Path) -> None:
    nlg = ContentNLG(source=FileContentSource(responses, check_every=0))
    good = asyncio.run(nlg.generate("utter_thank", _tracker(), "resident"))
    (responses / "replies.yml").write_text("utter_thank: [this is not: valid yaml")
    assert asyncio.run(nlg.generate("utter_thank", _tracker(), "resident")) == good


def test_a_reply_that_cannot_render_falls_back_to_the_error_reply(responses: Path) -> None:
    nlg = ContentNLG(source=FileContentSource(responses, check_every=0))
    _edit_reply(responses, "utter_thank", "Call {{ ch.no_such_channel.phone }}")
    reply = asyncio.run(nlg.generate("utter_thank", _tracker(), "resident"))
    assert reply == nlg.error_reply()
    assert "999" in reply["text"] and "101" in reply["text"]
