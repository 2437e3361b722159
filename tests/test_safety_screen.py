"""The Rasa component that applies the screen (bot/rasa/safety_screen.py):
when the learnt opinion may doubt an alarm, and what a doubted alarm becomes.
The learnt opinion's score is set by each test, so each decision is seen on
both sides of learnt.DOUBT."""

from __future__ import annotations

from typing import Dict, Tuple

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa import safety_screen
from bot.rasa.safety_screen import CAUTION, HARM, SAFETY_KEY, SafetyScreen
from bot.safety import learnt
from bot.safety.screen import is_story, screen

# A story whose one sentence matches a rule ("...a man is being dragged into
# a van...") while the whole is a book club's question.
STORY = (
    "Our book club is reading a crime novel this month. In chapter two a man is being dragged "
    "into a van outside a pub. Does anyone at the police give talks to groups about how accurate "
    "these stories are? We meet in Witham on Thursdays."
)
SHORT = "a man is being dragged into a van"


def _message(text: str, guess: str) -> Message:
    message = Message({TEXT: text})
    message.set(INTENT, {"name": guess, "confidence": 0.9})
    message.set(
        INTENT_RANKING_KEY,
        [{"name": guess, "confidence": 0.9}, {"name": "personal_safety", "confidence": 0.05}],
    )
    return message


def _screened(monkeypatch, text: str, guess: str, likeness: Tuple[float, float]) -> Dict:
    monkeypatch.setattr(safety_screen.learnt, "likeness", lambda _: likeness)
    message = _message(text, guess)
    SafetyScreen().process([message])
    return {"intent": message.get(INTENT)["name"], **(message.get(SAFETY_KEY) or {})}


def test_the_examples_are_what_they_claim() -> None:
    assert is_story(STORY) and screen(STORY).verdict == "emergency" and not screen(STORY).in_doubt
    assert not is_story(SHORT) and screen(SHORT).verdict == "emergency"


def test_a_story_whose_whole_reads_unlike_danger_gets_the_reminder_not_the_alarm(monkeypatch) -> None:
    shown = _screened(monkeypatch, STORY, "personal_safety", (0.02, 0.01))
    assert shown["intent"] == "personal_safety" and shown[CAUTION] is True
    assert shown["doubted"].startswith("danger")


def test_a_story_the_learnt_opinion_does_not_doubt_keeps_the_alarm(monkeypatch) -> None:
    assert _screened(monkeypatch, STORY, "personal_safety", (0.5, 0.01))["intent"] == "emergency"


def test_a_short_message_is_never_doubted_by_the_learnt_opinion(monkeypatch) -> None:
    assert _screened(monkeypatch, SHORT, "personal_safety", (0.0, 0.0))["intent"] == "emergency"


@pytest.mark.parametrize("guess", ["emergency", "crisis"])
def test_the_classifiers_lone_alarm_is_doubted_when_the_learnt_opinion_reads_it_as_neither(
    monkeypatch, guess: str
) -> None:
    text = "the queue at the tip today was torture"
    assert screen(text).verdict is None
    doubted = _screened(monkeypatch, text, guess, (0.05, 0.05))
    assert doubted["intent"] == "personal_safety" and doubted["classifier"] == guess
    assert _screened(monkeypatch, text, guess, (0.5, 0.5))["intent"] == guess


def test_nothing_but_the_learnt_opinion_can_raise_the_alarm(monkeypatch) -> None:
    text = "could you tell me about neighbourhood watch"
    assert _screened(monkeypatch, text, "personal_safety", (0.9, 0.0))["intent"] == "emergency"
    assert _screened(monkeypatch, text, "personal_safety", (0.0, 0.0))["intent"] == "personal_safety"


def test_a_message_somewhat_like_self_harm_gets_samaritans_beside_the_answer(monkeypatch) -> None:
    text = "since the scam I can't see how things get better, who do I report it to"
    assert screen(text).verdict is None
    shown = _screened(monkeypatch, text, "fraud_scams", (0.0, learnt.HARM_CHECK))
    assert shown["intent"] == "fraud_scams" and shown[HARM] is True
    assert HARM not in _screened(monkeypatch, text, "fraud_scams", (0.0, learnt.HARM_CHECK - 0.01))


def test_a_doubted_crisis_keeps_samaritans(monkeypatch) -> None:
    text = "the queue at the tip today was torture"
    shown = _screened(monkeypatch, text, "crisis", (0.0, 0.0))
    assert shown["intent"] == "personal_safety" and shown[HARM] is True


def test_an_alarm_needs_no_samaritans_line(monkeypatch) -> None:
    assert HARM not in _screened(monkeypatch, SHORT, "personal_safety", (0.0, 0.9))
