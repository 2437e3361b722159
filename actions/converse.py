"""How a conversation goes on after its first message.

The conversation keeps its topic and audience (slots) and a list of what the
resident has been shown (`shown`). Each message is read against them:

* a specific question gets its vetted answer (the run-time matcher over the
  published questions), the topic's leaflet only when nothing fits;
* a short follow-up that leans on what came before ("where can I get one",
  "what if they threaten my staff") stays in the conversation's topic, and
  so does a message the classifier is unsure of; a clear change of subject
  still switches topic;
* telling the assistant who you are ("she's 82", "I run a farm") re-tailors
  the current topic's advice;
* "more tips", "what else" and a repeat ask give what comes next: more tips,
  then the topic's other questions, then "that's all" with the routes; the
  same leaflet is never sent twice in a row;
* everyday police business gets its own answer, not a crime topic.

`decide` is pure: it takes what the tracker holds and returns one `Step`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Sequence

from bot.content.compose import FIRST_TIPS
from bot.content.matcher import Match, Matcher
from bot.content.model import Content
from bot.contract import POLICE_MATTERS, REPLIES, SENSITIVE_TOPICS, TOPICS
from bot.text import normalise

SHOWN_SLOT = "shown"
MAX_SHOWN = 30  # the slot keeps the latest entries only

# Matcher scores, chosen on the first half of the held-out wordings and on
# the training data's small talk (bench/MATCHER.md).
IN_TOPIC = 0.28  # a question of the topic the message is about
# A statement that opens a topic ("my mum keeps getting calls from her
# bank") gets the topic's advice unless it fits one question this well.
STATEMENT = 0.38
POLICE = 0.28  # police business, when the classifier says it is police business
ELSEWHERE = 0.40  # a question in another topic than the classifier's
MARGIN = 0.08  # ...and by how much it must beat the classifier's topic
RELATED = 0.3  # a near miss worth offering as a button
# Classifier confidence below which the conversation's topic is kept if the
# message fits it, and with which a follow-up may still change the topic.
UNSURE = 0.8
STRONG_TOPIC = 0.9

_POINTERS = frozenset(
    "he she they them him her it its this that one these those there his their again".split()
)
_CONTINUATIONS = ("what about", "how about", "and ", "what if", "but ", "also ", "so ", "what else")


def leans_on_context(text: str) -> bool:
    """A short message that points back at the conversation rather than
    naming a subject of its own."""
    clean = normalise(text)
    words = clean.split()
    if not words or len(words) > 14:
        return False
    return len(words) <= 6 or bool(_POINTERS.intersection(words)) or clean.startswith(_CONTINUATIONS)


_QUESTION_WORDS = frozenset(
    "how what where when who whom which why can could should would will is are am do does did "
    "any anything tips advice help".split()
)


def is_question(text: str) -> bool:
    """Asks something ("is it legal...", "how do I...?") rather than tells."""
    words = normalise(text).split()
    return "?" in text or bool(words) and words[0] in _QUESTION_WORDS


_SELF_AGE = re.compile(r"\b(?:i am|i m|aged?) (?:only |just |nearly |almost )?(\d{1,3})\b")
_OTHER_AGE = re.compile(
    r"\b(?:shes|hes|she is|he is|they are|theyre|(?:mother|father|dad|grandmother|grandad|granddad|son|"
    r"daughter|child|kid|boy|girl|wife|husband|partner|neighbour|brother|sister) is) "
    r"(?:only |just |nearly |almost )?(\d{1,3})\b|\b(\d{1,3}) ?(?:years? old|yrs? old|yo)\b"
)


def audience_from_age(text: str) -> str | None:
    """ "she's 82" -> older_person; "I'm 16" -> young_person; "he's 14" (a
    child the resident is asking about) -> parent. Only an age said as one."""
    clean = normalise(text)
    own = _SELF_AGE.search(clean)
    found = own or _OTHER_AGE.search(clean)
    if not found:
        return None
    age = int(next(group for group in found.groups() if group))
    if 65 <= age <= 110:
        return "older_person"
    if 5 <= age < 18:
        return "young_person" if own else "parent"
    return None


@dataclass
class Step:
    """One reply, and what the conversation should remember about it."""

    response: str
    kwargs: Dict[str, Any] = field(default_factory=dict)
    shown: str | None = None  # appended to the `shown` slot
    topic: str | None = None  # the conversation's topic afterwards (None: unchanged)

    def __post_init__(self) -> None:
        unknown = set(self.kwargs) - set(REPLIES.get(self.response, ()))
        if self.response not in REPLIES or unknown:
            raise ValueError(f"{self.response} does not take {sorted(unknown)} (bot.contract.REPLIES)")


@dataclass
class Turn:
    """What the latest message and the tracker say."""

    intent: str | None
    confidence: float
    text: str
    topic: str | None  # the conversation's topic before this message
    audience: str | None
    shown: Sequence[str] = ()
    detail: str | None = None  # from buttons: more, audiences
    question: str | None = None  # from buttons: a question id
    previous: str | None = None  # the resident's message before this one

    @property
    def last(self) -> str | None:
        return self.shown[-1] if self.shown else None


def leaflet_key(content: Content, topic: str, audience: str | None, part: str) -> str:
    _, variant = content.topics[topic].advice_for(audience)
    return f"advice/{topic}/{variant or 'all'}/{part}"


def _leaflet(content: Content, topic: str, audience: str | None, part: str = "first") -> Step:
    return Step(
        "utter_advice",
        {"topic": topic, "part": part},
        leaflet_key(content, topic, audience, part),
        topic,
    )


def _has_more_tips(content: Content, topic: str, audience: str | None) -> bool:
    advice, _ = content.topics[topic].advice_for(audience)
    return len(advice.tips) > FIRST_TIPS


def answer_step(content: Content, key: str, related: Sequence[str] = ()) -> Step:
    group = content.questions[key].topic
    return Step(
        "utter_answer",
        {"question": key, "related": [k for k in related if k != key][:2]},
        f"question/{key}",
        group if group in TOPICS else None,
    )


def _unseen_questions(content: Content, topic: str, shown: Sequence[str]) -> List[str]:
    return [q.key for q in content.questions_of(topic) if f"question/{q.key}" not in shown]


def next_step(content: Content, topic: str, audience: str | None, shown: Sequence[str]) -> Step:
    """What comes after what the resident has seen of `topic`: the leaflet,
    then more tips, then the topic's other questions, then "that's all"."""
    first = leaflet_key(content, topic, audience, "first")
    if first not in shown:
        return _leaflet(content, topic, audience)
    more = leaflet_key(content, topic, audience, "more")
    if _has_more_tips(content, topic, audience) and more not in shown:
        return _leaflet(content, topic, audience, "more")
    unseen = _unseen_questions(content, topic, shown)
    if unseen:
        return answer_step(content, unseen[0], unseen[1:3])
    return Step("utter_no_more", {"topic": topic}, None, topic)


def _best(matches: Sequence[Match], threshold: float, shown: Sequence[str]) -> Match | None:
    """The best match above `threshold`: one the resident has not seen in
    this conversation if there is one, and never the last thing shown."""

    def seen(match: Match) -> bool:
        if match.leaflet:
            return any(s.startswith(f"advice/{match.topic}/") for s in shown)
        return f"question/{match.key}" in shown

    def last(match: Match) -> bool:
        if not shown:
            return False
        return (
            shown[-1].startswith(f"advice/{match.topic}/")
            if match.leaflet
            else shown[-1] == f"question/{match.key}"
        )

    good = [m for m in matches if m.score >= threshold]
    unseen = [m for m in good if not seen(m)]
    repeat = [m for m in good if not last(m)]
    found = unseen or repeat
    return found[0] if found else None


def _related(matches: Sequence[Match], chosen: str) -> List[str]:
    return [m.key for m in matches if m.key != chosen and not m.leaflet and m.score >= RELATED]


def _score(matches: Sequence[Match]) -> float:
    return matches[0].score if matches else 0.0


def _found(content: Content, turn: Turn, match: Match, matches: Sequence[Match] = ()) -> Step:
    """The reply for what the matcher found: a question's answer, or the
    topic's leaflet for a general question (what comes next if the resident
    has just seen it)."""
    if match.leaflet:
        step = _leaflet(content, match.topic, turn.audience)
        return step if step.shown != turn.last else next_step(content, match.topic, turn.audience, turn.shown)
    return answer_step(content, match.key, _related(matches, match.key))


def _context(content: Content, turn: Turn) -> str | None:
    """What a follow-up leans on: the question last answered and the
    resident's previous message."""
    parts = []
    if turn.last and turn.last.startswith("question/"):
        asked = content.questions.get(turn.last.split("/", 1)[1])
        if asked:
            parts.append(asked.question)
    if turn.previous and not turn.previous.startswith("/"):
        parts.append(turn.previous)
    return " ".join(parts) or None


def _topic_reply(content: Content, matcher: Matcher, turn: Turn, topic: str, follow_up: bool) -> Step:
    """The answer within `topic`: its best question, or its leaflet (never
    the same leaflet twice in a row)."""
    context = _context(content, turn) if follow_up else None
    matches = matcher.rank(turn.text, topics=[topic], context=context)
    opening = turn.topic != topic and not is_question(turn.text)
    if opening and topic in SENSITIVE_TOPICS:
        # A disclosure of abuse, assault or stalking gets the topic's advice,
        # which starts with safety and support, before any single answer.
        step = _leaflet(content, topic, turn.audience)
        if step.shown not in turn.shown:
            return step
    best = _best(matches, STATEMENT if opening else IN_TOPIC, turn.shown)
    if (
        best
        and not follow_up
        and matches[0].leaflet
        and not best.leaflet
        and matches[0].score - best.score >= MARGIN
    ):
        # A general question again ("how do I stop my car being nicked" after
        # the leaflet): what comes next in the topic, not a weaker question.
        # (A follow-up's score leans on the context, which favours the leaflet.)
        return next_step(content, topic, turn.audience, turn.shown)
    if best:
        return _found(content, turn, best, matches)
    if follow_up:
        return next_step(content, topic, turn.audience, turn.shown)
    step = _leaflet(content, topic, turn.audience)
    if step.shown == turn.last:
        return next_step(content, topic, turn.audience, turn.shown)
    return step


def _elsewhere(matcher: Matcher, turn: Turn, groups: Sequence[str] | None = None) -> Match | None:
    matches = matcher.rank(turn.text, topics=groups)
    return _best(matches, ELSEWHERE, turn.shown)


def decide(content: Content, matcher: Matcher, turn: Turn) -> Step | None:
    """The next reply; None when the message is not understood in any way
    (the caller then offers topics and a person)."""
    intent = turn.intent or ""
    # Buttons the assistant offered.
    if turn.question:
        group = intent if intent in TOPICS else POLICE_MATTERS
        key = f"{group}/{turn.question}"
        if key in content.questions:
            return answer_step(content, key)
    if intent in TOPICS and turn.detail == "more":
        return _leaflet(content, intent, turn.audience, "more")
    if intent in TOPICS and turn.detail == "audiences":
        return Step("utter_choose_audience", {"topic": intent}, None, intent)

    current = turn.topic if turn.topic in content.topics else None
    if intent == "inform":
        if current is None:
            return Step("utter_ask_topic")
        step = _leaflet(content, current, turn.audience)
        return (
            step if step.shown not in turn.shown else next_step(content, current, turn.audience, turn.shown)
        )
    if intent == "more_info":
        if current is None:
            return Step("utter_what_can_you_do")
        return next_step(content, current, turn.audience, turn.shown)
    follow_up = current is not None and leans_on_context(turn.text)
    if current is not None and intent != current:
        # A follow-up, or a message the classifier is unsure of, stays in the
        # conversation's topic if it fits there at least as well as in the
        # classifier's; a follow-up stays too unless the classifier is sure.
        if follow_up or turn.confidence < UNSURE or intent not in content.topics:
            context = _context(content, turn) if follow_up else None
            in_current = _score(matcher.rank(turn.text, topics=[current], context=context, limit=1))
            in_intent = (
                _score(matcher.rank(turn.text, topics=[intent], limit=1)) if intent in content.topics else 0.0
            )
            fits = in_current >= IN_TOPIC and (turn.confidence < STRONG_TOPIC or in_current >= in_intent)
            if fits or (follow_up and turn.confidence < STRONG_TOPIC):
                return _topic_reply(content, matcher, turn, current, follow_up=follow_up)

    if intent == "police_matter":
        police = _best(matcher.rank(turn.text, topics=[POLICE_MATTERS]), POLICE, turn.shown)
        best = police or _elsewhere(matcher, turn)
        return _found(content, turn, best) if best else Step("utter_out_of_scope")

    if intent in content.topics:
        # A question of another topic, or police business, that fits much
        # better than anything in the classifier's topic ("is pepper spray
        # legal" taken for knife crime; "flashed by a speed camera").
        anywhere = matcher.rank(turn.text, limit=1)
        topic_score = _score(matcher.rank(turn.text, topics=[intent], limit=1))
        if (
            anywhere
            and anywhere[0].topic != intent
            and anywhere[0].score >= ELSEWHERE
            and anywhere[0].score >= topic_score + MARGIN
        ):
            return _found(content, turn, anywhere[0])
        return _topic_reply(content, matcher, turn, intent, follow_up=follow_up and intent == current)

    # Not understood, or out of scope: any question anywhere that fits well.
    best = _elsewhere(matcher, turn)
    if best:
        return _found(content, turn, best)
    if current is not None and follow_up:
        return next_step(content, current, turn.audience, turn.shown)
    return None


def remember(shown: Sequence[str], step: Step) -> List[str]:
    """The `shown` slot after `step`."""
    if step.shown is None:
        return list(shown)
    return [*shown, step.shown][-MAX_SHOWN:]
