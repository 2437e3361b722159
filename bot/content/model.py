"""The content the communications team owns, as plain data.

`responses/` on disk (and, later, the editor's database) is loaded into one
immutable `Content` value: the channel registry, advice per topic with its
audience variants, places, audience labels and every other reply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, Dict, Iterable, List, Mapping, Tuple

CHANNEL_FIELDS = ("name", "phone", "web", "email", "how", "when", "note")
AUDIENCES = (
    "older_person",
    "carer",
    "parent",
    "young_person",
    "business_owner",
    "farmer",
    "renter",
    "student",
)


@dataclass(frozen=True)
class Advice:
    """One advice entry: a topic's default advice or an audience variant."""

    tips: Tuple[str, ...]
    source: str
    last_reviewed: dt.date
    summary: str | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    routes: Tuple[str, ...]
    default: Advice
    audiences: Mapping[str, Advice] = field(default_factory=dict)
    # How residents ask for this advice in general: the matcher finds the
    # leaflet by these, so a general question gets it, not one specific answer.
    asked: Tuple[str, ...] = ()

    def advice_for(self, audience: str | None) -> Tuple[Advice, str | None]:
        """The variant for `audience` if the topic has one, else the default."""
        if audience and audience in self.audiences:
            return self.audiences[audience], audience
        return self.default, None


@dataclass(frozen=True)
class Question:
    """A specific question residents ask, with its vetted answer.

    `topic` is a topic id, or `police_matters` for everyday police business
    that is not crime prevention. `asked` holds the other wordings residents
    use; the matcher (`bot.content.matcher`) searches them at run time.
    """

    topic: str
    id: str
    question: str
    asked: Tuple[str, ...]
    answer: str
    source: str
    last_reviewed: dt.date
    routes: Tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.topic}/{self.id}"

    @property
    def wordings(self) -> Tuple[str, ...]:
        return (self.question, *self.asked)


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Tuple[Tuple[str, str], ...] = ()
    # Optional wording for one channel ("telegram", "web"), used instead of `text` there.
    variants: Mapping[str, str] = field(default_factory=dict)

    def text_for(self, channel: str) -> str:
        return self.variants.get(channel) or self.text


@dataclass(frozen=True)
class Content:
    channels: Mapping[str, Mapping[str, Any]]
    topics: Mapping[str, Topic]
    replies: Mapping[str, Reply]
    labels: Mapping[str, str]
    audiences: Mapping[str, Mapping[str, str]]
    places: Mapping[str, Mapping[str, Any]]
    # "topic/id" -> Question, in file order.
    questions: Mapping[str, Question] = field(default_factory=dict)
    # The scam check (scam_check.yml): sign id -> {title, explanation, source,
    # last_reviewed}; organisation -> {names, domains, source, last_reviewed}.
    scam_signs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    official: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def questions_of(self, topic: str) -> List[Question]:
        return [q for q in self.questions.values() if q.topic == topic]

    def channel(self, channel_id: str) -> Dict[str, Any]:
        """A channel's entry with every display field present ('' if unset)."""
        return dict(self.channel_table[channel_id])

    @cached_property
    def channel_table(self) -> Mapping[str, Mapping[str, str]]:
        """Every channel as `channel()` gives it, built once per content
        (every reply's context holds all of them; the content check renders
        thousands of replies)."""
        # Read-only, so no template can change what the next reply is given.
        return MappingProxyType(
            {
                channel_id: MappingProxyType({name: str(entry.get(name) or "") for name in CHANNEL_FIELDS})
                for channel_id, entry in self.channels.items()
            }
        )


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _advice(raw: Mapping[str, Any]) -> Advice:
    return Advice(
        tips=tuple(str(tip).strip() for tip in raw.get("tips") or ()),
        source=str(raw.get("source") or ""),
        last_reviewed=_date(raw.get("last_reviewed") or "1970-01-01"),
        summary=(str(raw["summary"]).strip() if raw.get("summary") else None),
    )


def topic_from_dict(raw: Mapping[str, Any]) -> Topic:
    return Topic(
        id=str(raw["topic"]),
        title=str(raw["title"]),
        routes=tuple(raw.get("routes") or ()),
        default=_advice(raw),
        audiences={str(name): _advice(variant) for name, variant in (raw.get("audiences") or {}).items()},
        asked=tuple(str(a).strip() for a in raw.get("asked") or ()),
    )


def questions_from_dict(raw: Mapping[str, Any]) -> List[Question]:
    """The questions of one `responses/questions/<topic>.yml` document."""
    topic = str(raw["topic"])
    return [
        Question(
            topic=topic,
            id=str(question_id),
            question=str(body.get("question") or "").strip(),
            asked=tuple(str(a).strip() for a in body.get("asked") or ()),
            answer=str(body.get("answer") or "").strip(),
            source=str(body.get("source") or ""),
            last_reviewed=_date(body.get("last_reviewed") or "1970-01-01"),
            routes=tuple(body.get("routes") or ()),
        )
        for question_id, body in (raw.get("questions") or {}).items()
    ]


def reply_from_dict(raw: Mapping[str, Any]) -> Reply:
    buttons = tuple((str(button["title"]), str(button["payload"])) for button in raw.get("buttons") or ())
    variants = {str(name): str(text) for name, text in (raw.get("channels") or {}).items() if text}
    return Reply(text=str(raw.get("text") or ""), buttons=buttons, variants=variants)


def content_from_documents(
    channels: Mapping[str, Any],
    topics: List[Mapping[str, Any]],
    replies: Mapping[str, Any],
    audiences: Mapping[str, Any],
    places: Mapping[str, Any],
    questions: Iterable[Mapping[str, Any]] = (),
    scam_check: Mapping[str, Any] | None = None,
) -> Content:
    """Build `Content` from the parsed YAML documents of `responses/`."""
    replies = dict(replies)
    labels = dict(replies.pop("labels", {}) or {})
    channel_line = replies.get("channel_line")
    if isinstance(channel_line, str):
        replies["channel_line"] = {"text": channel_line}
    return Content(
        channels=dict(channels.get("channels") or {}),
        topics={topic.id: topic for topic in map(topic_from_dict, topics)},
        replies={name: reply_from_dict(raw) for name, raw in replies.items()},
        labels=labels,
        audiences=dict(audiences.get("audiences") or {}),
        places=dict(places.get("districts") or {}),
        questions={q.key: q for document in questions for q in questions_from_dict(document)},
        scam_signs=dict((scam_check or {}).get("signs") or {}),
        official=dict((scam_check or {}).get("official") or {}),
    )
