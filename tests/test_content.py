"""bot/content: the comms team's content renders safely everywhere."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from bot.content.check import check_content
from bot.content.compose import Composer, Resident, payload
from bot.content.hours import live_chat_open
from bot.content.model import Reply
from bot.content.render import render
from bot.content.routing import report_routes
from bot.contract import TOPICS


def test_the_shipped_content_passes_every_check(content) -> None:
    # Renders every reply for every channel and audience, checks sources,
    # dates, channel ids and that no number or link is written in text.
    assert check_content(content, TOPICS) == []


def test_every_topic_and_audience_variant_renders_on_every_channel(content) -> None:
    for topic in content.topics.values():
        for audience in (None, *content.audiences):
            for channel in ("web", "telegram", "rest"):
                message = Composer(content, Resident(channel, audience, "colchester")).compose(
                    "utter_advice", topic=topic.id
                )
                assert topic.title in message["text"]
                assert "Colchester" in message["text"]


def test_older_people_get_courier_fraud_first(content) -> None:
    older = Composer(content, Resident("web", "older_person")).compose("utter_advice", topic="fraud_scams")
    first_tip = older["text"].split("\n- ", 1)[1].lower()
    assert "police" in first_tip and ("bank" in first_tip or "card" in first_tip)
    default = Composer(content, Resident("web", None)).compose("utter_advice", topic="fraud_scams")
    assert older["text"] != default["text"]


def test_business_owners_get_the_business_variant(content) -> None:
    for topic in ("fraud_scams", "burglary", "cyber_crime", "vehicle_crime"):
        business = Composer(content, Resident("web", "business_owner")).compose("utter_advice", topic=topic)
        assert content.audiences["business_owner"]["label"] in business["text"]


def test_advice_buttons_offer_the_follow_ups(content) -> None:
    message = Composer(content, Resident()).compose("utter_advice", topic="burglary")
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == [
        '/burglary{"detail":"more"}',
        "/report_crime",
        '/burglary{"detail":"audiences"}',
        "/what_can_you_do",
    ]


def test_a_changed_number_shows_everywhere_it_is_used(content) -> None:
    channels = {
        **content.channels,
        "report_fraud": {**content.channels["report_fraud"], "phone": "0300 000 0000"},
    }
    changed = dataclasses.replace(content, channels=channels)
    routes = Composer(changed, Resident()).compose("utter_report_routes", kind="fraud_scams")
    assert "0300 000 0000" in routes["text"]


def test_emergency_reply_leads_with_999_silent_solution_and_sms(content) -> None:
    text = Composer(content, Resident()).compose("utter_emergency")["text"]
    assert "999" in text.splitlines()[0]
    assert "55" in text and "emergencySMS" in text


def test_crisis_reply_gives_samaritans_and_999(content) -> None:
    text = Composer(content, Resident()).compose("utter_crisis")["text"]
    assert "116 123" in text and "999" in text


def test_greeting_says_it_is_automated_and_not_for_reporting(content) -> None:
    text = Composer(content, Resident()).compose("utter_greet")["text"].lower()
    assert "automated" in text and "999" in text and "report" in text


def test_templates_cannot_reach_python_internals() -> None:
    with pytest.raises(SecurityError):
        render("{{ ''.__class__.__mro__[1].__subclasses__() }}", {})
    with pytest.raises(SecurityError):
        render("{{ ch.__init__.__globals__ }}", {"ch": {}})


def test_a_misspelt_channel_id_is_an_error_not_a_gap(content) -> None:
    broken = dataclasses.replace(
        content, replies={**content.replies, "utter_thank": Reply("Call {{ ch.report_frud.phone }}")}
    )
    with pytest.raises(UndefinedError):
        Composer(broken, Resident()).compose("utter_thank")
    assert any("utter_thank" in problem for problem in check_content(broken, TOPICS))


def test_a_number_written_into_text_is_refused(content) -> None:
    sneaky = dataclasses.replace(
        content, replies={**content.replies, "utter_thank": Reply("Ring 0300 123 2040 or 101.")}
    )
    problems = check_content(sneaky, TOPICS)
    assert any("0300 123 2040" in p for p in problems) and any("'101'" in p for p in problems)


def test_report_routes() -> None:
    from bot.content.source import load_directory
    from tests.conftest import ROOT

    content = load_directory(ROOT / "responses")
    assert report_routes(content, "burglary", happening_now=True) == [
        "emergency_999",
        "silent_solution",
        "emergency_sms",
    ]
    assert report_routes(content, "domestic_abuse")[:2] == ["compass_essex", "national_da_helpline"]
    assert {"report_online", "non_emergency_101"} <= set(report_routes(content, "domestic_abuse"))
    assert report_routes(content, "fraud_scams")[0] == "report_fraud"
    assert "non_emergency_101" not in report_routes(content, "fraud_scams")
    assert report_routes(content, None, anonymous=True)[0] == "crimestoppers"
    assert report_routes(content, None) == ["report_online", "non_emergency_101"]


@pytest.mark.parametrize(
    "utc,open_",
    [
        ("2026-07-01T05:59", False),  # 06:59 BST
        ("2026-07-01T06:00", True),  # 07:00 BST
        ("2026-07-01T21:59", True),  # 22:59 BST
        ("2026-07-01T22:00", False),  # 23:00 BST
        ("2026-01-15T06:59", False),  # 06:59 GMT
        ("2026-01-15T07:00", True),  # 07:00 GMT
        ("2026-01-15T23:00", False),  # 23:00 GMT
    ],
)
def test_live_chat_hours_are_judged_in_uk_time(utc: str, open_: bool) -> None:
    now = dt.datetime.fromisoformat(utc).replace(tzinfo=dt.timezone.utc)
    assert live_chat_open(now) is open_


def test_handoff_depends_on_live_chat_hours(content) -> None:
    day = dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc)
    night = dt.datetime(2026, 1, 15, 2, tzinfo=dt.timezone.utc)
    open_text = Composer(content, Resident(), now=day).compose("utter_handoff")["text"]
    closed_text = Composer(content, Resident(), now=night).compose("utter_handoff")["text"]
    assert open_text != closed_text and "101" in closed_text


def test_payloads_have_one_canonical_spelling() -> None:
    assert payload("burglary") == "/burglary"
    assert payload("fraud_scams", audience="older_person") == '/fraud_scams{"audience":"older_person"}'


def test_a_report_of_something_happening_now_leads_with_999(content) -> None:
    text = Composer(content, Resident()).compose("utter_report_routes", kind="burglary", happening_now=True)[
        "text"
    ]
    assert "999" in text.splitlines()[0]


def _with_question(content, **changes):
    first = next(iter(content.questions.values()))
    changed = dataclasses.replace(first, **changes)
    return dataclasses.replace(content, questions={**content.questions, first.key: changed}), first.key


def test_a_question_with_a_typed_number_or_no_source_is_refused(content) -> None:
    typed, key = _with_question(content, answer="Ring 0800 555 111 for help.")
    assert any(key.split("/")[1] in p and "0800 555 111" in p for p in check_content(typed, TOPICS))
    unsourced, key = _with_question(content, source="http://example.org")
    assert any("source must be an https link" in p for p in check_content(unsourced, TOPICS))


def test_a_wording_in_two_questions_is_refused(content) -> None:
    questions = list(content.questions.values())
    clash, key = _with_question(content, asked=(*questions[0].asked, questions[1].question))
    assert any("is asked in both" in p for p in check_content(clash, TOPICS))


def test_every_answer_renders_with_its_question_first(content) -> None:
    for key, question in content.questions.items():
        message = Composer(content, Resident("telegram")).compose("utter_answer", question=key)
        assert message["text"].splitlines()[0] == question.question
        assert "{{" not in message["text"]
