"""Whole conversations through the public web API (/api/chat), as the widget
holds them: follow-ups, audience changes, topic switches, repeats, leaving
the report form, the sensitive follow-ups, and danger at any point.

Each conversation is a list of (what the resident says, what the replies
must show). A reply to a vetted question starts with that question, so
`answers(...)` names the question the assistant chose.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Tuple

import pytest

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model

Replies = List[Dict[str, Any]]
Check = Callable[[Replies], None]


def _text(replies: Replies) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def has(*words: str) -> Check:
    def check(replies: Replies) -> None:
        text = _text(replies)
        for word in words:
            assert word in text, f"{word!r} not in:\n{text}"

    return check


def lacks(*words: str) -> Check:
    def check(replies: Replies) -> None:
        text = _text(replies)
        for word in words:
            assert word not in text, f"{word!r} should not be in:\n{text}"

    return check


def once(word: str) -> Check:
    """`word` is in the replies exactly once (a question is not asked twice)."""

    def check(replies: Replies) -> None:
        assert _text(replies).count(word) == 1, f"{word!r} should be there once:\n{_text(replies)}"

    return check


def answers(question: str) -> Check:
    """The reply is the vetted answer to `question` (its first line)."""

    def check(replies: Replies) -> None:
        first = (replies[0].get("text") or "").splitlines()[0] if replies else ""
        assert first == question, f"answered {first!r}, not {question!r}:\n{_text(replies)}"

    return check


def leaflet(title: str) -> Check:
    """The reply is a topic's leaflet (its first line is the title)."""

    def check(replies: Replies) -> None:
        first = (replies[0].get("text") or "").splitlines()[0] if replies else ""
        assert first.startswith(title), f"not the {title!r} leaflet:\n{_text(replies)}"

    return check


def either(*checks: Check) -> Check:
    """At least one of `checks` holds."""

    def check(replies: Replies) -> None:
        failures = []
        for one in checks:
            try:
                one(replies)
                return
            except AssertionError as error:
                failures.append(str(error).splitlines()[0])
        raise AssertionError("none of: " + "; ".join(failures) + "\n" + _text(replies))

    return check


def first_line_999() -> Check:
    def check(replies: Replies) -> None:
        first = (replies[0].get("text") or "").splitlines()[0]
        assert "999" in first, f"999 is not on the first line:\n{_text(replies)}"

    return check


NOT_THE_FORM = lacks("Is it happening now")
FRAUD = "Fraud and scams"

CONVERSATIONS: Dict[str, List[Tuple[str, Tuple[Check, ...]]]] = {
    # The examples of issue 9's "Why", one conversation each.
    "fraud_elderly_mother": [
        (
            "My elderly mum keeps getting calls from people saying they're from her bank",
            (leaflet(f"{FRAUD} for an older person"),),
        ),
        ("she's 82", (has(FRAUD), lacks("Child abuse"))),
        (
            "what should she do if they call again",
            (answers("What should my mum do if the scammers call again?"),),
        ),
    ],
    "domestic_abuse_without_police": [
        (
            "my partner checks my phone, takes my money and won't let me see my friends",
            (has("Domestic abuse", "0330 333 7444"),),
        ),
        ("I don't want to call the police", (has("your choice", "0330 333 7444"), lacks("Live Chat"))),
        ("can he find out I talked to you", (has("Start again", "quick exit"), lacks("not a person"))),
    ],
    "pepper_spray_then_alarms": [
        ("is it legal to carry pepper spray", (answers("Is it legal to carry pepper spray?"), has("No"))),
        ("what about a rape alarm", (answers("Are personal alarms or rape alarms legal?"),)),
        ("where can i get one", (answers("Where can I get a personal alarm?"),)),
    ],
    "shop_owner_follow_ups": [
        ("I run a shop and people keep shoplifting", (has("Business and retail crime"),)),
        ("what if they threaten my staff", (answers("What should we do if someone threatens my staff?"),)),
        ("can you give me more tips", (lacks("I can help you"), has("Business and retail crime"))),
    ],
    # From a make-run transcript: "I want to report it" names no question, so
    # it starts the report form (it used to get a hate-crime answer).
    "report_it_after_the_danger_has_passed": [
        ("a man was at my door saying he was from the bank", ()),
        ("I want to report it", (has("Is it happening now"), lacks("hate crime"))),
    ],
    "report_then_ask_something_else": [
        ("my bike was stolen last week", (has("Vehicle and bike crime"),)),
        ("how do I report it", (once("Is it happening now"),)),
        ("how do I stop it happening again with my new ebike", (NOT_THE_FORM, has("bike"))),
        ("thanks", (NOT_THE_FORM,)),
    ],
    "non_emergency_number": [
        ("what's the number for non emergencies", (has("101"), NOT_THE_FORM)),
    ],
    "cannot_speak": [
        (
            "I can't talk on the phone, how do I get the police in an emergency",
            (has("55", "emergencySMS"), NOT_THE_FORM),
        ),
    ],
    "stalking_helpline": [
        ("Is there a helpline for stalking", (has("0808 802 0300"),)),
    ],
    "speed_camera_is_police_business": [
        (
            "I think I got flashed by a speed camera on the A12 this morning",
            (lacks("Rape and sexual offences", "Oakwood"), has("camera")),
        ),
    ],
    # Follow-ups that lean on the topic.
    "burglary_specific_then_follow_up": [
        ("what locks should I put on my front door", (answers("Which locks should I fit to my doors?"),)),
        ("what about the windows", (answers("How can I make my windows and patio doors more secure?"),)),
    ],
    "cyber_follow_up_stays": [
        (
            "my facebook account has been hacked",
            (answers("My social media account was hacked. How do I get it back?"),),
        ),
        ("what about my email", (answers("My email has been hacked. What should I do?"),)),
    ],
    "rural_follow_up": [
        ("hare coursers were on our fields again last night", (has("hare"),)),
        ("what should I do if I see them again", (answers("What should I do if I see hare coursing?"),)),
    ],
    "modern_slavery_signs": [
        ("I'm worried about the men who work at the hand car wash near me", (has("Modern slavery"),)),
        ("what signs should I look for", (has("sign"), lacks("I can help you"))),
    ],
    "vehicle_van_follow_up": [
        ("how do I stop my car being stolen", (leaflet("Vehicle and bike crime"),)),
        ("what about my van", (has("van"), lacks("Burglary"))),
    ],
    # Telling the assistant who you are.
    "audience_student_retailors": [
        ("how can I make my house more secure", (leaflet("Burglary and home security"),)),
        ("I'm a student living in halls", (leaflet("Burglary and home security for a student"),)),
    ],
    "audience_farmer_retailors": [
        ("how do I stop thieves stealing from my land", (has("Rural and wildlife crime"),)),
        ("I run a farm", (has("Rural and wildlife crime"), lacks("I can help you"))),
    ],
    "audience_builder": [
        ("how can I stop my vehicle being broken into", (has("Vehicle and bike crime"),)),
        ("I'm a builder and keep tools in it", (has("Vehicle and bike crime"), lacks("Burglary and home"))),
    ],
    "audience_without_topic_asks_topic": [
        ("I'm retired", (has("What would you like advice about"),)),
        ("how do I protect myself from scams", (leaflet(f"{FRAUD} for an older person"),)),
    ],
    # Topic switches.
    "clear_switch_of_topic": [
        ("how can I make my house more secure", (leaflet("Burglary and home security"),)),
        ("someone hacked my instagram account", (has("hacked"), lacks("Burglary and home security"))),
    ],
    "switch_from_fraud_to_asb": [
        ("how can I spot a scam", (leaflet(FRAUD),)),
        ("the kids on our estate keep setting off fireworks at night", (lacks(FRAUD),)),
    ],
    # Repeats and "more".
    "same_question_twice_is_not_the_same_leaflet": [
        ("how can I make my house more secure", (leaflet("Burglary and home security"),)),
        # Not the same leaflet again: its summary opens the first part only.
        ("how can I make my house more secure", (lacks("Burglars look for homes that seem empty"),)),
    ],
    "more_then_more_then_all": [
        ("home security advice", (leaflet("Burglary and home security"),)),
        ("tell me more", (has("more tips"),)),
        ("what else", (lacks("more tips", "I can help you"),)),
        ("anything else", (lacks("I can help you"),)),
    ],
    "more_without_topic_offers_topics": [
        ("tell me more", (has("I can help you"),)),
    ],
    "repeat_specific_question_moves_on": [
        ("is it legal to carry pepper spray", (answers("Is it legal to carry pepper spray?"),)),
        ("is it legal to carry pepper spray", (lacks("Is it legal to carry pepper spray?\n"),)),
    ],
    # The report form can be left.
    "form_left_by_a_new_question": [
        ("I want to report a crime", (has("Is it happening now"),)),
        ("is it legal to carry pepper spray", (answers("Is it legal to carry pepper spray?"), NOT_THE_FORM)),
        ("what about a rape alarm", (NOT_THE_FORM,)),
    ],
    "form_completed": [
        ("how do I report a crime", (has("Is it happening now"),)),
        ("/deny", (has("What is it about"),)),
        ("/fraud_scams", (has("anonymous"),)),
        ("/deny", (has("0300 123 2040"),)),
    ],
    "form_left_for_the_helpline": [
        ("I need to report something", (has("Is it happening now"),)),
        ("what's the non emergency number", (has("101"), NOT_THE_FORM)),
    ],
    "anonymous_reporting_direct": [
        ("can I tell the police something without giving my name", (has("0800 555 111"), NOT_THE_FORM)),
    ],
    # Sensitive follow-ups in the three sensitive topics.
    "sexual_violence_without_police": [
        ("I was sexually assaulted at a party last month", (has("Rape and sexual offences"),)),
        ("i dont want the police involved", (has("your choice", "0330 223 0099"), lacks("Live Chat"))),
    ],
    "stalking_without_police": [
        (
            "my ex keeps turning up at my work and messaging my friends",
            (
                either(
                    leaflet("Stalking and harassment"),
                    answers("My ex won't stop messaging me. What should I do?"),
                    answers("Someone keeps turning up where I am. How do I stay safe?"),
                ),
            ),
        ),
        ("I don't want to report him to the police", (has("your choice", "0808 802 0300"),)),
    ],
    "helpline_at_night_in_topic": [
        ("my partner checks my phone and controls all my money", (has("Domestic abuse"),)),
        ("is there a helpline I can ring at night", (has("0330 333 7444"), lacks("Live Chat is"))),
    ],
    "hide_chat_then_helpline": [
        ("I think I'm in an abusive relationship", (has("Domestic abuse"),)),
        ("he goes through my phone every night", (has("Start again"), lacks("not a person"))),
        ("is there a domestic abuse helpline", (has("0330 333 7444"),)),
    ],
    "covert_question_is_not_bot_challenge": [
        ("will he know I've been on here", (has("Start again"), lacks("not a person"))),
    ],
    # Danger at any point gets 999 first.
    "danger_mid_topic": [
        ("how can I make my house more secure", (leaflet("Burglary and home security"),)),
        ("someone is breaking in right now", (first_line_999(),)),
    ],
    "danger_mid_form": [
        ("I want to report a crime", (has("Is it happening now"),)),
        ("he's outside my door with a knife now", (first_line_999(),)),
    ],
    "danger_after_follow_up": [
        ("is it legal to carry pepper spray", (answers("Is it legal to carry pepper spray?"),)),
        ("what about a rape alarm", (answers("Are personal alarms or rape alarms legal?"),)),
        ("a man is following me right now and I'm scared", (first_line_999(),)),
    ],
    "self_harm_mid_conversation": [
        ("I lost all my savings to a romance scam", (has(FRAUD),)),
        ("I don't want to be alive anymore", (has("116 123"),)),
    ],
    # Everyday police business.
    "lost_property": [
        (
            "I lost my purse on the bus yesterday, can the police help",
            (has("lost"), lacks(FRAUD, "Burglary")),
        ),
    ],
    "complaint_about_police": [
        ("how do I complain about an officer who was rude to me", (has("complain"),)),
    ],
    "firearms_licence": [
        ("my shotgun certificate runs out next month, how do I renew it", (has("certificate"),)),
    ],
    "police_check_for_visa": [
        ("I need a police certificate for my visa to move to Canada", (has("ACRO"),)),
    ],
    "blocked_driveway": [
        ("someone keeps parking across my driveway so I can't get out", (has("driveway"),)),
    ],
    "police_matter_then_topic": [
        ("how do I become a special constable", (has("special constable"),)),
        ("how can I make my house more secure", (leaflet("Burglary and home security"),)),
    ],
    # From `make run` conversations: what a resident says next is read in context.
    "age_said_after_the_leaflet": [
        ("my mum keeps getting calls from people saying they're from her bank", (leaflet(FRAUD),)),
        ("she's 82", (leaflet(f"{FRAUD} for an older person"),)),
    ],
    "general_question_again_is_not_a_weaker_specific_one": [
        (
            "someone keeps trying car door handles on our street at night",
            (leaflet("Vehicle and bike crime"),),
        ),
        (
            "what can I do to stop my car being nicked",
            (leaflet("Vehicle and bike crime: more tips"), lacks("How do I stop my motorbike")),
        ),
    ],
    "what_to_do_after_a_scam_check": [
        (
            "is this a scam? HMRC: You are due a tax refund of £278.40. Claim within 24 hours at hmrc-refund-claim.com/uk",
            (has("signs of a scam", "7726"),),
        ),
        ("what should I do now?", (answers("I think I've been scammed. What should I do now?"),)),
    ],
    "danger_passed_is_not_a_goodbye": [
        (
            "tonight my ex turned up drunk and he's banging on the front door shouting he's going to kill me",
            (first_line_999(),),
        ),
        ("he's gone now, he drove off", (first_line_999(), lacks("Goodbye"), has("Is it happening now"))),
    ],
    "not_police_not_topic_is_honest": [
        ("what's a good recipe for a victoria sponge", (has("101"), lacks("Burglary", FRAUD))),
    ],
}


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_conversation(any_stack, name: str) -> None:
    resident = any_stack.resident()
    for turn, (message, checks) in enumerate(CONVERSATIONS[name], 1):
        replies = resident.say(message)
        for check in checks:
            try:
                check(replies)
            except AssertionError as error:
                raise AssertionError(f"{name}, turn {turn} ({message!r}): {error}") from None


def test_there_are_at_least_forty_conversations() -> None:
    assert len(CONVERSATIONS) >= 40


def _police_matters() -> List[Tuple[str, str]]:
    from bot.content.source import load_directory
    from tests.conftest import ROOT

    content = load_directory(ROOT / "responses")
    return [(q.id, q.question) for q in content.questions_of("police_matters")]


POLICE_MATTERS = _police_matters()


def test_there_are_at_least_thirty_police_matters() -> None:
    assert len(POLICE_MATTERS) >= 30


@pytest.mark.parametrize("question", [q for _, q in POLICE_MATTERS], ids=[i for i, _ in POLICE_MATTERS])
def test_every_police_matter_is_answered_not_taken_for_a_crime_topic(stack, question: str) -> None:
    """Asked as a resident's first message, each everyday police question gets
    its own answer (which says where to go), never a topic's leaflet."""
    replies = stack.resident().say(question)
    first = (replies[0].get("text") or "").splitlines()[0]
    assert first == question, _text(replies)
