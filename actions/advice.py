"""Topic advice and answers to specific questions, in the conversation's context.

`actions.converse.decide` chooses the reply; this action reads the tracker,
sends the reply by name and remembers what was shown. When nothing fits, an
out-of-scope message gets the honest "I can't help with that" and anything
else the fallback (`actions.fallback`).
"""

import re
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.converse import (
    ELSEWHERE,
    IN_TOPIC,
    SHOWN_SLOT,
    Step,
    Turn,
    answer_step,
    audience_from_age,
    decide,
    remember,
)
from actions.topics import (
    caution_first,
    latest_confidence,
    latest_entity,
    latest_intent,
    latest_text,
    stop_any_form,
)
from bot.contract import AUDIENCE_NOW


def turn_from(tracker: Tracker) -> Turn:
    shown = tracker.get_slot(SHOWN_SLOT) or []
    intent = latest_intent(tracker)
    audience = tracker.get_slot("audience")
    if not latest_entity(tracker, "audience"):
        # "she's 82", whatever the classifier made of it.
        audience = audience_from_age(latest_text(tracker)) or audience
    return Turn(
        intent=intent,
        confidence=latest_confidence(tracker),
        text=latest_text(tracker),
        topic=tracker.get_slot("topic"),
        audience=audience,
        shown=[str(s) for s in shown] if isinstance(shown, list) else [],
        detail=latest_entity(tracker, "detail"),
        question=latest_entity(tracker, "question"),
        previous=previous_text(tracker),
    )


def previous_text(tracker: Tracker) -> str | None:
    """The resident's message before the latest one."""
    users = [e for e in reversed(tracker.events) if e.get("event") == "user"]
    return str(users[1].get("text") or "") if len(users) > 1 else None


def send(dispatcher: CollectingDispatcher, tracker: Tracker, turn: Turn, step: Step) -> List[EventType]:
    """Send `step`'s reply; the events that end any form and remember it."""
    caution_first(dispatcher, tracker)
    learnt = turn.audience if turn.audience and turn.audience != tracker.get_slot("audience") else None
    dispatcher.utter_message(
        response=step.response, **step.kwargs, **({AUDIENCE_NOW: learnt} if learnt else {})
    )
    events: List[EventType] = stop_any_form(tracker)
    if learnt:
        events.append(SlotSet("audience", learnt))
    if step.topic:
        events.append(SlotSet("topic", step.topic))
    if step.shown:
        events.append(SlotSet(SHOWN_SLOT, remember(turn.shown, step)))
    return events


# Words that say nothing about what a question is about: "I want to report
# it" names no question, whatever the matcher's best guess.
_GENERIC = frozenset(
    "i i'd id i'm im me my we us our you your it its this that these those he she him her they them "
    "a an the to of on for in at with about and or so please can could would will do does did how what "
    "want wanted need like have has had get be is are was were am report reporting reported crime "
    "something anything someone somebody police contact talk speak person now again who where when which "
    "why there here just also then".split()
)


def says_something_specific(text: str) -> bool:
    return any(word not in _GENERIC for word in re.findall(r"[a-z']+", text.lower()))


def answer_if_it_fits(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    topics: List[str] | None = None,
    threshold: float = ELSEWHERE,
) -> List[EventType] | None:
    """Answer the latest message with a vetted question of `topics` (default:
    any) that fits it at least `threshold`, if there is one: for messages the
    classifier read as something general that in fact ask something specific
    ("how do I report animal cruelty" read as a wish to report)."""
    text = latest_text(tracker)
    if text.startswith("/") or not says_something_specific(text):
        return None
    best = content.matcher().rank(text, topics=topics, limit=1)
    if not best or best[0].leaflet or best[0].score < threshold:
        return None
    return send(dispatcher, tracker, turn_from(tracker), answer_step(content.current(), best[0].key))


def answer_in_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """Answer from the conversation's topic, if one of its questions fits
    ("is there a helpline I can ring at night" in a domestic abuse chat gets
    Compass, not the general 101)."""
    topic = tracker.get_slot("topic")
    return answer_if_it_fits(dispatcher, tracker, [topic], IN_TOPIC) if topic else None


def respond(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """Answer in context; None when nothing fits."""
    turn = turn_from(tracker)
    step = decide(content.current(), content.matcher(), turn)
    return None if step is None else send(dispatcher, tracker, turn, step)


class ActionAdvise(Action):
    def name(self) -> str:
        return "action_advise"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        events = respond(dispatcher, tracker)
        if events is not None:
            return events
        caution_first(dispatcher, tracker)
        if latest_intent(tracker) == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
            return stop_any_form(tracker)
        dispatcher.utter_message(response="utter_what_can_you_do")
        return stop_any_form(tracker)
