"""actions/converse.py: the conversation's decisions, on the content in git
and the real matcher (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.converse import (
    Turn,
    audience_from_age,
    decide,
    is_question,
    leans_on_context,
    next_step,
    remember,
)
from bot.content.matcher import Matcher, documents
from bot.content.source import load_directory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def world():
    content = load_directory(ROOT / "responses")
    return content, Matcher(documents(content))


def turn(intent, text, topic=None, shown=(), confidence=0.95, audience=None, **more) -> Turn:
    return Turn(intent, confidence, text, topic, audience, list(shown), **more)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("where can i get one", True),
        ("what about my van", True),
        ("what if they threaten my staff", True),
        ("how do I stop burglars getting into my house when we go away on holiday", False),
    ],
)
def test_follow_ups_lean_on_context(text: str, expected: bool) -> None:
    assert leans_on_context(text) is expected


def test_questions_and_statements() -> None:
    assert is_question("is it legal to carry pepper spray")
    assert is_question("my car, what should I do?")
    assert not is_question("my bike was stolen last week")


@pytest.mark.parametrize(
    "text,audience",
    [
        ("she's 82", "older_person"),
        ("I'm 16", "young_person"),
        ("he's 14", "parent"),
        ("{{7*7}}", None),
        ("we have 3 kids", None),
    ],
)
def test_an_age_said_as_one_picks_the_audience(text: str, audience) -> None:
    assert audience_from_age(text) == audience


def test_a_general_question_gets_the_leaflet_and_a_specific_one_its_answer(world) -> None:
    content, matcher = world
    general = decide(content, matcher, turn("burglary", "how can I make my house more secure"))
    assert general.response == "utter_advice" and general.kwargs == {"topic": "burglary", "part": "first"}
    specific = decide(content, matcher, turn("personal_safety", "is it legal to carry pepper spray"))
    assert (
        specific.response == "utter_answer" and specific.kwargs["question"] == "personal_safety/pepper_spray"
    )


def test_a_follow_up_stays_in_the_topic_though_the_classifier_says_otherwise(world) -> None:
    content, matcher = world
    shown = ["question/personal_safety/pepper_spray"]
    step = decide(
        content, matcher, turn("sexual_violence", "what about a rape alarm", "personal_safety", shown)
    )
    assert step.kwargs["question"].startswith("personal_safety/")


def test_a_clear_change_of_subject_switches_topic(world) -> None:
    content, matcher = world
    shown = ["advice/burglary/all/first"]
    step = decide(
        content, matcher, turn("cyber_crime", "someone hacked my instagram account", "burglary", shown)
    )
    assert step.topic == "cyber_crime"


def test_police_business_the_classifier_took_for_a_topic_gets_its_answer(world) -> None:
    content, matcher = world
    step = decide(content, matcher, turn("sexual_violence", "I got flashed by a speed camera on the A12"))
    assert step.kwargs["question"].startswith("police_matters/")


def test_more_gives_more_tips_then_questions_then_says_that_is_all(world) -> None:
    content, matcher = world
    shown: list = []
    responses = []
    for _ in range(len(content.questions_of("hate_crime")) + 3):
        step = next_step(content, "hate_crime", None, shown)
        responses.append((step.response, step.kwargs.get("part")))
        shown = remember(shown, step)
    assert responses[0] == ("utter_advice", "first")
    assert responses[1] == ("utter_advice", "more")
    assert responses[2][0] == "utter_answer"
    assert responses[-1][0] == "utter_no_more"


def test_the_same_leaflet_is_never_sent_twice_in_a_row(world) -> None:
    content, matcher = world
    first = decide(content, matcher, turn("burglary", "home security advice"))
    again = decide(content, matcher, turn("burglary", "home security advice", "burglary", [first.shown]))
    assert again.shown != first.shown


def test_telling_who_you_are_retailors_or_asks_for_a_topic(world) -> None:
    content, matcher = world
    shown = ["advice/burglary/all/first"]
    step = decide(content, matcher, turn("inform", "I'm a student", "burglary", shown, audience="student"))
    assert step.shown == "advice/burglary/student/first"
    assert decide(content, matcher, turn("inform", "I'm retired")).response == "utter_ask_topic"


def test_a_disclosure_of_abuse_opens_with_the_leaflet(world) -> None:
    content, matcher = world
    step = decide(content, matcher, turn("sexual_violence", "I was sexually assaulted at a party last month"))
    assert step.response == "utter_advice"


def test_nothing_understood_and_no_topic_is_left_to_the_fallback(world) -> None:
    content, matcher = world
    assert decide(content, matcher, turn("nlu_fallback", "zxqv plorb", confidence=0.1)) is None
