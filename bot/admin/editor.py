"""Find, edit and preview content; see an entry's history and restore it."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Mapping

from aiohttp import web

from bot.admin import checks
from bot.admin.fields import body_from_form, flat_lines, form_fields, form_values
from bot.admin.pages import back, off_loop, page, require, valid_id, who
from bot.admin.preview import panes
from bot.content.documents import Entry
from bot.content.store import ContentStore, NotAllowed, staged_content
from bot.contract import QUESTION_GROUPS

KIND_NAMES = {
    "advice": "Topic advice",
    "variant": "Advice for an audience",
    "question": "Question and answer",
    "reply": "Reply",
    "channel": "Reporting channel",
    "scam_sign": "Scam check: red flag",
    "official": "Scam check: organisation's own addresses",
    "table": "Labels and lists",
}


def _form_dict(form: Mapping[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for name in set(form.keys()):
        values = form.getall(name) if hasattr(form, "getall") else [form[name]]
        out[name] = [str(v) for v in values] if name in ("routes",) else str(values[-1])
    return out


def _channel_ids(live: List[Entry]) -> List[str]:
    return [e.key.split("/", 1)[1] for e in live if e.kind == "channel"]


def describe(entry: Entry) -> str:
    body = entry.body
    if entry.kind == "advice":
        return str(body.get("title", ""))
    if entry.kind == "channel":
        return str(body.get("name", ""))
    if entry.kind == "reply":
        text = body if isinstance(body, str) else body.get("text", "")
        return " ".join(str(text).split())[:120]
    if entry.kind == "question":
        return str(body.get("question", ""))
    if entry.kind == "scam_sign":
        return str(body.get("title", ""))
    if entry.kind == "official":
        return ", ".join(str(d) for d in body.get("domains") or [])[:120]
    if entry.kind == "variant":
        return "Tips: " + " ".join(str((body.get("tips") or [""])[0]).split())[:100]
    return ""


class Editor:
    def __init__(self, store: ContentStore) -> None:
        self.store = store

    def routes(self) -> list:
        return [
            web.get("/admin", self.index),
            web.get("/admin/entry", self.entry),
            web.post("/admin/entry", self.save),
            web.post("/admin/preview", self.preview),
            web.get("/admin/history", self.history),
            web.post("/admin/restore", self.restore),
            web.get("/admin/new-question", self.new_question_form),
            web.post("/admin/new-question", self.new_question),
        ]

    def _entry(self, key: str) -> tuple[Entry, List[Entry]]:
        """The live entry, or a new one that has only a draft so far."""
        live = self.store.live()
        entry = next((e for e in live if e.key == key), None)
        if entry is None:
            draft = self.store.open_draft(key) if key else None
            kind = self.store.kind(key) if draft else None
            if draft is None or kind is None:
                raise web.HTTPNotFound(text="There is no such entry.")
            entry = Entry(key, kind, draft.body)
        return entry, live

    async def index(self, request: web.Request) -> web.Response:
        entries = self.store.live()
        checks.warm(self.store.revision(), entries)
        query = request.query.get("q", "").strip()[:100]
        topic = request.query.get("topic", "")[:64]
        kind = request.query.get("kind", "")[:16]
        live = sorted(entries, key=lambda e: (e.kind != "advice", e.key))
        topics = sorted(e.key.split("/")[1] for e in live if e.kind == "advice")
        found = []
        for entry in live:
            if topic and not entry.key.startswith((f"advice/{topic}", f"question/{topic}/")):
                continue
            if kind and entry.kind != kind:
                continue
            if query and query.lower() not in json.dumps(entry.body, ensure_ascii=False).lower():
                continue
            found.append(
                {"key": entry.key, "kind": KIND_NAMES.get(entry.kind, entry.kind), "about": describe(entry)}
            )
        in_review = self.store.in_review()
        drafts = self.store.drafts()
        return page(
            request,
            "index.html",
            entries=found,
            q=query,
            topic=topic,
            kind=kind,
            topics=topics,
            kinds=KIND_NAMES,
            in_review=in_review,
            drafts=drafts,
        )

    def _render_entry(
        self,
        request: web.Request,
        entry: Entry,
        live: List[Entry],
        body: Any,
        problems: List[tuple[str, str]],
        status: int = 200,
    ) -> web.Response:
        content = None
        try:
            content = staged_content(live, entry.key, body)
        except Exception as error:
            problems = problems + [("", f"The entry could not be read: {error}")]
        return page(
            request,
            "entry.html",
            status=status,
            entry=entry,
            kind_name=KIND_NAMES.get(entry.kind, entry.kind),
            fields=form_fields(entry.kind, body),
            values=form_values(entry.kind, body),
            channel_ids=_channel_ids(live),
            problems=problems,
            panes=panes(content, entry.key) if content else [],
            live_version=self.store.live_version(entry.key),
            draft=self.store.open_draft(entry.key),
        )

    async def entry(self, request: web.Request) -> web.Response:
        entry, live = self._entry(request.query.get("key", ""))
        checks.warm(self.store.revision(), live)
        draft = self.store.open_draft(entry.key)
        return self._render_entry(request, entry, live, draft.body if draft else entry.body, [])

    def _changed(
        self, entry: Entry, live: List[Entry], form: Dict[str, Any]
    ) -> tuple[Any, List[tuple[str, str]]]:
        body, problems = body_from_form(entry.kind, entry.body, form, _channel_ids(live))
        if not problems:
            revision = self.store.revision()
            problems += [("", problem) for problem in checks.draft_problems(revision, live, entry.key, body)]
        return body, problems

    async def save(self, request: web.Request) -> web.StreamResponse:
        form = _form_dict(await request.post())
        entry, live = self._entry(form.get("key", ""))
        action = form.get("action", "preview")
        # The checks render the replies this entry affects (up to ~0.6 s): off the event loop.
        body, problems = await off_loop(self._changed, entry, live, form)
        if action == "preview" or problems:
            return self._render_entry(request, entry, live, body, problems, status=400 if problems else 200)
        try:
            self.store.save_draft(entry.key, body, who(request).actor, submit=action == "submit")
        except NotAllowed as refusal:
            raise web.HTTPForbidden(text=str(refusal)) from None
        done = "Sent for review." if action == "submit" else "Draft saved."
        raise back(f"/admin/entry?key={entry.key}", done)

    async def preview(self, request: web.Request) -> web.Response:
        """The preview panes and problems for the form as it is now (live preview)."""
        form = _form_dict(await request.post())
        entry, live = self._entry(form.get("key", ""))
        body, problems = await off_loop(self._changed, entry, live, form)
        try:
            shown = await off_loop(panes, staged_content(live, entry.key, body), entry.key)
        except Exception:
            shown = []
        return page(request, "_preview.html", panes=shown, problems=problems)

    async def new_question_form(self, request: web.Request) -> web.Response:
        topic = request.query.get("topic", "")[:64]
        return page(
            request, "new_question.html", groups=QUESTION_GROUPS, topic=topic, question="", problems=[]
        )

    async def new_question(self, request: web.Request) -> web.StreamResponse:
        """Start a new question as a draft; the entry page then takes the rest."""
        form = _form_dict(await request.post())
        topic, question = form.get("topic", ""), " ".join(form.get("question", "").split())
        problems = []
        if topic not in QUESTION_GROUPS:
            problems.append(("topic", "Choose the topic the question belongs to"))
        if not 8 <= len(question) <= 120:
            problems.append(("question", "Write the question in 8 to 120 characters"))
        slug = "_".join(re.findall(r"[a-z0-9]+", question.lower()))[:30].strip("_")
        key = f"question/{topic}/{slug}"
        if not problems and (self.store.kind(key) is not None):
            problems.append(("question", "That question already exists: find it in the list and edit it"))
        if problems:
            return page(
                request,
                "new_question.html",
                status=400,
                groups=QUESTION_GROUPS,
                topic=topic,
                question=question,
                problems=problems,
            )
        body = {"question": question, "asked": [], "answer": "", "source": "", "last_reviewed": ""}
        try:
            self.store.new_entry(key, body, who(request).actor)
        except NotAllowed as refusal:
            raise web.HTTPForbidden(text=str(refusal)) from None
        raise back(
            f"/admin/entry?key={key}",
            "New question started: add the other wordings, the answer and its source.",
        )

    async def history(self, request: web.Request) -> web.Response:
        entry, _ = self._entry(request.query.get("key", ""))
        versions = self.store.history(entry.key)
        live_version = self.store.live_version(entry.key)
        return page(
            request,
            "history.html",
            entry=entry,
            versions=[(v, flat_lines(entry.kind, v.body)) for v in versions],
            live_id=live_version.id if live_version else None,
        )

    async def restore(self, request: web.Request) -> web.StreamResponse:
        require(request, "publisher")
        form = await request.post()
        try:
            old = self.store.version(valid_id(form.get("version")))
        except ValueError:
            old = None
        if old is None:
            raise web.HTTPNotFound(text="There is no such version.")
        entry, live = self._entry(old.entry_key)
        problems = await off_loop(checks.draft_problems, self.store.revision(), live, entry.key, old.body)
        if problems:
            raise web.HTTPConflict(text="That version no longer passes the checks:\n" + "\n".join(problems))
        try:
            copy = self.store.restore(old.id, who(request).actor)
        except NotAllowed as refusal:
            raise web.HTTPConflict(text=str(refusal)) from None
        raise back(
            f"/admin/history?key={entry.key}",
            f"Version {old.number} is live again (as version {copy.number}).",
        )
