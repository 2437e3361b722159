"""Insight for the comms team: counts over a period, from the redacted
conversation store, and the unrecognised questions they can label and
export as training examples. Nothing here shows a conversation."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple

import sqlalchemy as sa
import yaml
from aiohttp import web

from bot.admin.pages import back, page, require, valid_id, who
from bot.content.source import ContentSource
from bot.contract import TOPICS
from bot.db.engine import engine, sessions
from bot.db.tables import Feedback, OutageExchange, TrainingLabel
from bot.privacy.conversations import events as EVENTS

DAY = 86400


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    conversations: int = 0
    messages: int = 0
    fallbacks: int = 0
    emergencies: int = 0
    crises: int = 0
    handoffs: int = 0
    during_outage: int = 0  # messages answered with the safe reply while the store or Rasa was down
    emergencies_during_outage: int = 0
    helpful: int = 0
    not_helpful: int = 0
    topics: List[Tuple[str, int]] = field(default_factory=list)
    per_day: List[Tuple[str, int]] = field(default_factory=list)

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.messages if self.messages else 0.0


def _epoch(day: dt.date) -> float:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()


def figures(url: str | None, start: dt.date, end: dt.date) -> Figures:
    """Counts for the days start..end (inclusive)."""
    out = Figures(start, end)
    low, high = _epoch(start), _epoch(end) + DAY
    database = engine(url)
    with database.connect() as connection:
        if sa.inspect(connection).has_table("events"):
            user = sa.and_(EVENTS.c.type_name == "user", EVENTS.c.timestamp >= low, EVENTS.c.timestamp < high)
            out.messages, out.conversations = connection.execute(
                sa.select(sa.func.count(), sa.func.count(sa.distinct(EVENTS.c.sender_id))).where(user)
            ).one()
            counts = dict(
                connection.execute(
                    sa.select(EVENTS.c.intent_name, sa.func.count())
                    .where(user)
                    .group_by(EVENTS.c.intent_name)
                ).all()
            )
            out.fallbacks = counts.get("nlu_fallback", 0)
            out.emergencies = counts.get("emergency", 0)
            out.crises = counts.get("crisis", 0)
            out.handoffs = counts.get("contact_human", 0)
            topics = TOPICS
            out.topics = sorted(((t, counts.get(t, 0)) for t in topics), key=lambda item: -item[1])
            if connection.dialect.name == "postgresql":
                day = sa.func.floor(EVENTS.c.timestamp / DAY)
            else:
                day = sa.cast(EVENTS.c.timestamp / DAY, sa.Integer)
            per_day = dict(
                connection.execute(sa.select(day, sa.func.count()).where(user).group_by(day)).all()
            )
            days = (end - start).days + 1
            out.per_day = [
                ((start + dt.timedelta(days=n)).isoformat(), int(per_day.get(int(low // DAY) + n, 0)))
                for n in range(days)
            ]
        _add_outage_exchanges(connection, out, low, high)
        lower = dt.datetime.utcfromtimestamp(low)
        upper = dt.datetime.utcfromtimestamp(high)
        rows = connection.execute(
            sa.select(Feedback.helpful, sa.func.count())
            .where(Feedback.at >= lower, Feedback.at < upper)
            .group_by(Feedback.helpful)
        ).all()
        feedback = {bool(helpful): count for helpful, count in rows}
        out.helpful, out.not_helpful = feedback.get(True, 0), feedback.get(False, 0)
    return out


def _add_outage_exchanges(connection: Any, out: Figures, low: float, high: float) -> None:
    """Messages answered during an outage (kept by the outbox, not by Rasa)
    count like any other: an emergency then is still an emergency."""
    table = OutageExchange.__table__
    if not sa.inspect(connection).has_table(table.name):
        return
    rows = connection.execute(
        sa.select(table.c.kind, sa.func.count())
        .where(table.c.user_text.is_not(None), table.c.at >= low, table.c.at < high)
        .group_by(table.c.kind)
    ).all()
    kinds = {kind: count for kind, count in rows}
    out.during_outage = sum(kinds.values())
    out.emergencies_during_outage = kinds.get("emergency", 0)
    out.messages += out.during_outage
    out.emergencies += kinds.get("emergency", 0)
    out.crises += kinds.get("crisis", 0)


def unrecognised(url: str | None, limit: int = 100, event_id: int | None = None) -> List[Dict[str, Any]]:
    """Questions the assistant did not recognise (already redacted) and nobody
    has labelled yet, newest first; with `event_id`, just that one if it is."""
    with engine(url).connect() as connection:
        if not sa.inspect(connection).has_table("events"):
            return []
        labelled = sa.select(TrainingLabel.event_id)
        query = sa.select(EVENTS.c.id, EVENTS.c.timestamp, EVENTS.c.data).where(
            EVENTS.c.type_name == "user",
            EVENTS.c.intent_name == "nlu_fallback",
            EVENTS.c.id.not_in(labelled),
        )
        if event_id is not None:
            query = query.where(EVENTS.c.id == event_id)
        rows = connection.execute(query.order_by(EVENTS.c.id.desc()).limit(limit)).all()
    out = []
    for event_id, timestamp, data in rows:
        text = str(json.loads(data or "{}").get("text") or "").strip()
        if text and not text.startswith("/"):
            out.append({"id": event_id, "when": dt.datetime.utcfromtimestamp(timestamp or 0), "text": text})
    return out


def training_examples(url: str | None) -> str:
    """The labelled questions as a Rasa NLU training file."""
    with sessions(url)() as session:
        labels = list(
            session.execute(
                sa.select(TrainingLabel).order_by(TrainingLabel.topic, TrainingLabel.id)
            ).scalars()
        )
    by_topic: Dict[str, List[str]] = {}
    for label in labels:
        by_topic.setdefault(label.topic, []).append(" ".join(label.text.split()))
    document = {
        "version": "3.1",
        "nlu": [
            {"intent": topic, "examples": "".join(f"- {text}\n" for text in texts)}
            for topic, texts in by_topic.items()
        ],
    }
    return "# Labelled by the comms team from unrecognised (redacted) questions.\n" + yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, width=10**6
    )


def _date(value: str, default: dt.date) -> dt.date:
    """A date from the form, or `default` if it is not a sensible one."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return default
    return day if 2000 <= day.year <= 2100 else default


class Insight:
    def __init__(self, content: ContentSource, url: str | None = None) -> None:
        self.content = content
        self.url = url
        self.sessions = sessions(url)

    def routes(self) -> list:
        return [
            web.get("/admin/insight", self.insight),
            web.get("/admin/unrecognised", self.list_unrecognised),
            web.post("/admin/unrecognised", self.label),
            web.get("/admin/unrecognised/export", self.export),
        ]

    async def insight(self, request: web.Request) -> web.Response:
        today = dt.date.today()
        end = _date(request.query.get("to", ""), today)
        start = _date(request.query.get("from", ""), end - dt.timedelta(days=29))
        if start > end or (end - start).days > 366:
            start = end - dt.timedelta(days=29)
        result = figures(self.url, start, end)
        peak = max([count for _, count in result.per_day] + [1])
        top = max([count for _, count in result.topics] + [1])
        titles = {topic.id: topic.title for topic in self.content.current().topics.values()}
        return page(request, "insight.html", f=result, peak=peak, top=top, titles=titles)

    async def list_unrecognised(self, request: web.Request) -> web.Response:
        with self.sessions() as session:
            labels = list(
                session.execute(sa.select(TrainingLabel).order_by(TrainingLabel.id.desc())).scalars()
            )
        return page(
            request,
            "unrecognised.html",
            questions=unrecognised(self.url),
            topics=TOPICS,
            labels=labels,
        )

    async def label(self, request: web.Request) -> web.StreamResponse:
        require(request, "editor")
        form = await request.post()
        topic = str(form.get("topic", ""))
        if topic not in TOPICS:
            raise web.HTTPBadRequest(text="Choose one of the topics.")
        try:
            event_id = valid_id(form.get("event"))
        except ValueError:
            raise web.HTTPBadRequest(text="No such question.") from None
        # The text comes from the redacted store, never from the form.
        found = unrecognised(self.url, limit=1, event_id=event_id)
        question = found[0] if found else None
        if question is None:
            raise web.HTTPNotFound(text="That question has been labelled, or has expired.")
        with self.sessions() as session, session.begin():
            session.add(
                TrainingLabel(
                    event_id=event_id,
                    text=question["text"],
                    topic=topic,
                    labelled_by=who(request).actor.username,
                )
            )
        raise back("/admin/unrecognised", f"Labelled as {topic}.")

    async def export(self, request: web.Request) -> web.Response:
        return web.Response(
            text=training_examples(self.url),
            content_type="text/yaml",
            headers={"Content-Disposition": 'attachment; filename="unrecognised_examples.yml"'},
        )
