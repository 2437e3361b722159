"""Turn a reply name and what we know of the resident into a message.

A message is `{"text": ..., "buttons": [{"title": ..., "payload": ...}]}`.
The words come from the comms team's templates; the buttons that depend on
content (topics, audiences, suggestions) are built here so that their
payloads always match the intents and entities the assistant understands.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Sequence

from bot.content.hours import live_chat_open
from bot.content.model import Content
from bot.content.render import render
from bot.content.routing import report_routes
from bot.contract import EXPECT_PASTE, POLICE_CHANNELS, REPLIES, TOPICS

FIRST_TIPS = 4
# Topics whose advice offers to check a message the resident got.
SCAM_TOPICS = ("fraud_scams", "cyber_crime")
# The most red flags one reply lists (the check orders them, strongest first).
MAX_FLAGS = 6
# Replies after which the channel expects a pasted message (bot.contract.EXPECT_PASTE).
EXPECTS = {"utter_ask_paste": EXPECT_PASTE}
CRIME_KIND_CHOICES = ("fraud_scams", "domestic_abuse", "sexual_violence")

Message = Dict[str, Any]
Button = Dict[str, str]


@dataclass(frozen=True)
class Resident:
    """What shapes a reply: where it is shown and what the resident told us."""

    channel: str = "web"
    audience: str | None = None
    district: str | None = None


def payload(intent: str, **entities: str) -> str:
    """A button payload in the one canonical spelling the payload filter expects."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, separators=(',', ':'), sort_keys=True)}"


def _button(title: str, intent: str, **entities: str) -> Button:
    return {"title": title, "payload": payload(intent, **entities)}


# Support without the police, when the topic names none of its own.
NO_POLICE_ROUTES = ("compass_essex", "national_da_helpline", "sarc_essex", "rape_crisis", "crimestoppers")


def question_button(content: Content, key: str) -> Button:
    """A button that asks one vetted question: `/<topic>{"question": id}`, or
    `/police_matter{...}` for everyday police business."""
    asked = content.questions[key]
    intent = asked.topic if asked.topic in TOPICS else "police_matter"
    return _button(asked.question, intent, question=asked.id)


class Composer:
    def __init__(self, content: Content, resident: Resident, now: dt.datetime | None = None):
        self.content = content
        self.resident = resident
        self.now = now

    # Context shared by every template -------------------------------------------------

    def route(self, channel_id: str) -> str:
        """One line describing a reporting channel, in the comms team's format."""
        return render(self.content.replies["channel_line"].text, {"c": self.content.channel(channel_id)})

    def context(self) -> Dict[str, Any]:
        content, resident = self.content, self.resident
        audience = resident.audience if resident.audience in content.audiences else None
        place = content.places.get(resident.district or "")
        return {
            "ch": content.channel_table,
            "channel": resident.channel,
            "audience": audience,
            "audience_label": content.audiences[audience]["label"] if audience else None,
            "place": dict(place) if place else None,
            "live_chat_open": live_chat_open(self.now),
            "topics": [{"id": t.id, "title": t.title} for t in content.topics.values()],
            "route": self.route,
        }

    # Reply-specific parts --------------------------------------------------------------

    def _label(self, key: str, default: str) -> str:
        return str(self.content.labels.get(key, default))

    def _topic_buttons(self, topic_ids: Sequence[str]) -> List[Button]:
        topics = self.content.topics
        return [_button(topics[t].title, t) for t in topic_ids if t in topics]

    def _advice(self, ctx: Dict[str, Any], topic: str, part: str = "first") -> List[Button]:
        entry = self.content.topics[topic]
        advice, variant = entry.advice_for(self.resident.audience)
        tips = [render(tip, ctx) for tip in advice.tips]
        more = part == "more" and len(tips) > FIRST_TIPS
        shown = tips[FIRST_TIPS:] if more else tips[:FIRST_TIPS]
        ctx.update(
            topic={
                "id": entry.id,
                "title": entry.title,
                "summary": render(advice.summary or entry.default.summary or "", ctx),
            },
            tips=shown,
            more=more,
            routes=list(entry.routes),
            source=advice.source,
            audience_label=self.content.audiences[variant]["label"] if variant else None,
        )
        buttons = []
        if not more and len(tips) > FIRST_TIPS:
            buttons.append(_button(self._label("more_tips", "More tips"), topic, detail="more"))
        buttons.append(_button(self._label("how_to_report", "How to report it"), "report_crime"))
        if topic in SCAM_TOPICS:
            buttons.append(_button(self._label("check_message", "Check a message"), "check_message"))
        if entry.audiences:
            buttons.append(
                _button(self._label("for_someone", "Advice for someone specific"), topic, detail="audiences")
            )
        buttons.append(_button(self._label("other_topic", "Another topic"), "what_can_you_do"))
        return buttons

    def _choose_audience(self, ctx: Dict[str, Any], topic: str) -> List[Button]:
        entry = self.content.topics[topic]
        ctx["topic"] = {"id": entry.id, "title": entry.title}
        return [
            _button(str(self.content.audiences[a]["button"]), topic, audience=a)
            for a in entry.audiences
            if a in self.content.audiences
        ]

    def _topic_context(self, ctx: Dict[str, Any], topic: str | None) -> None:
        entry = self.content.topics.get(topic or "")
        ctx["topic"] = {"id": entry.id, "title": entry.title} if entry else None

    def _answer(self, ctx: Dict[str, Any], question: str = "", related: Sequence[str] = ()) -> List[Button]:
        """A vetted answer to one specific question, then ways on."""
        asked = self.content.questions[question]
        self._topic_context(ctx, asked.topic)
        ctx.update(
            question=asked.question,
            answer=render(asked.answer, ctx),
            routes=list(asked.routes),
            source=asked.source,
        )
        buttons = [question_button(self.content, key) for key in related if key in self.content.questions]
        # The topic's leaflet, on a button named after the topic.
        buttons += self._topic_buttons([asked.topic])
        buttons.append(_button(self._label("other_topic", "Another topic"), "what_can_you_do"))
        return buttons

    def _no_more(self, ctx: Dict[str, Any], topic: str | None = None) -> List[Button]:
        self._topic_context(ctx, topic)
        return [
            _button(self._label("how_to_report", "How to report it"), "report_crime"),
            _button(self._label("talk_to_person", "Talk to a person"), "contact_human"),
            _button(self._label("other_topic", "Another topic"), "what_can_you_do"),
        ]

    def _no_police(self, ctx: Dict[str, Any], topic: str | None = None) -> List[Button]:
        """Support that does not involve the police: the topic's own helplines,
        else the ones for abuse and assault, and Crimestoppers for anonymity."""
        self._topic_context(ctx, topic)
        entry = self.content.topics.get(topic or "")
        routes = [r for r in (entry.routes if entry else ()) if r not in POLICE_CHANNELS]
        if not routes:
            routes = [r for r in NO_POLICE_ROUTES if r in self.content.channels]
        ctx["routes"] = routes
        return []

    def _all_topics(self, ctx: Dict[str, Any]) -> List[Button]:
        return self._topic_buttons(list(self.content.topics))

    def _fallback_topics(self, ctx: Dict[str, Any]) -> List[Button]:
        return self._all_topics(ctx) + [
            _button(self._label("talk_to_person", "Talk to a person"), "contact_human")
        ]

    def _did_you_mean(self, ctx: Dict[str, Any], suggestions: Sequence[str] = ()) -> List[Button]:
        ctx["suggestions"] = list(suggestions)
        return self._topic_buttons(list(suggestions)[:3]) + [
            _button(self._label("something_else", "Something else"), "what_can_you_do")
        ]

    def _crime_kind(self, ctx: Dict[str, Any]) -> List[Button]:
        return self._topic_buttons(CRIME_KIND_CHOICES) + [
            _button(self._label("something_else", "Something else"), "deny")
        ]

    def _report_routes(
        self,
        ctx: Dict[str, Any],
        kind: str | None = None,
        anonymous: bool = False,
        happening_now: bool = False,
    ) -> List[Button]:
        ctx["routes"] = report_routes(self.content, kind, bool(anonymous), bool(happening_now))
        ctx["kind"] = kind
        return []

    def _scam_check(self, ctx: Dict[str, Any], flags: Sequence[Mapping[str, str]] = ()) -> List[Button]:
        """The red flags found in a pasted message, each explained with the
        words it came from; then ways on."""
        shown = []
        for flag in list(flags)[:MAX_FLAGS]:
            sign = self.content.scam_signs.get(str(flag.get("sign")))
            if sign is None:
                continue
            phrase = str(flag.get("phrase") or "")
            explanation = render(str(sign.get("explanation") or ""), {**ctx, "phrase": phrase})
            shown.append(
                {"title": str(sign.get("title") or ""), "explanation": explanation, "phrase": phrase}
            )
        ctx["flags"] = shown
        return [
            _button(self._label("check_another", "Check another message"), "check_message"),
            _button(self._label("how_to_report", "How to report it"), "report_crime"),
            _button(self._label("other_topic", "Another topic"), "what_can_you_do"),
        ]

    _BUILDERS: Dict[str, Callable[..., List[Button]]] = {
        "utter_advice": _advice,
        "utter_choose_audience": _choose_audience,
        "utter_what_can_you_do": _all_topics,
        "utter_fallback_topics": _fallback_topics,
        "utter_fallback_did_you_mean": _did_you_mean,
        "utter_ask_crime_kind": _crime_kind,
        "utter_report_routes": _report_routes,
        "utter_answer": _answer,
        "utter_no_more": _no_more,
        "utter_no_police": _no_police,
        "utter_ask_topic": _all_topics,
        "utter_scam_check": _scam_check,
    }

    def compose(self, name: str, **kwargs: Any) -> Message:
        """Render reply `name` with the contract's arguments for it (others,
        such as the message fields Rasa passes along, are ignored); raises
        KeyError for an unknown reply or topic."""
        reply = self.content.replies[name]
        ctx = self.context()
        builder = self._BUILDERS.get(name)
        arguments = {key: kwargs[key] for key in REPLIES.get(name, ()) if key in kwargs}
        dynamic = builder(self, ctx, **arguments) if builder else []
        static = [
            {"title": render(title, ctx), "payload": button_payload}
            for title, button_payload in reply.buttons
        ]
        message: Message = {
            "text": render(reply.text_for(self.resident.channel), ctx),
            "buttons": static + dynamic,
        }
        if name in EXPECTS:
            message["custom"] = {"expect": EXPECTS[name]}
        return message
