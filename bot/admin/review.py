"""Review and publish: a publisher sees a draft against the live version,
then publishes it or sends it back with a comment. Also the list of
advice due for review."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import List, Sequence, Tuple

from aiohttp import web

from bot import settings
from bot.admin import checks
from bot.admin.fields import flat_lines, last_reviewed
from bot.admin.pages import back, off_loop, page, require, valid_id, who
from bot.admin.preview import panes
from bot.content.documents import Entry, kind_for_key
from bot.content.store import ContentStore, NotAllowed, staged_content
from bot.db.tables import ContentVersion


def review_months() -> int:
    return settings.review_after_months()


def diff_rows(before: List[str], after: List[str]) -> List[Tuple[str, str]]:
    """(kind, line) pairs: kind is ' ' (same), '-' (removed) or '+' (added)."""
    rows = []
    for line in difflib.ndiff(before, after):
        if line.startswith("? "):
            continue
        rows.append((line[0], line[2:]))
    return rows


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 - months, 12)
    return dt.date(day.year + year, month + 1, min(day.day, 28))


class Review:
    def __init__(self, store: ContentStore) -> None:
        self.store = store

    def routes(self) -> list:
        return [
            web.get("/admin/review", self.queue),
            web.get("/admin/review/{version:\\d+}", self.show),
            web.post("/admin/review/{version:\\d+}/publish", self.publish),
            web.post("/admin/review/{version:\\d+}/return", self.send_back),
            web.get("/admin/due", self.due),
            web.get("/admin/audit", self.audit),
        ]

    async def queue(self, request: web.Request) -> web.Response:
        return page(request, "review_queue.html", versions=self.store.in_review())

    def _version(self, request: web.Request) -> ContentVersion:
        try:
            version = self.store.version(valid_id(request.match_info["version"]))
        except ValueError:
            version = None
        if version is None:
            raise web.HTTPNotFound(text="There is no such version.")
        return version

    def _show(self, request: web.Request, problems: Sequence[str] = (), status: int = 200) -> web.Response:
        version = self._version(request)
        live = self.store.live()
        entry = next(
            (e for e in live if e.key == version.entry_key),
            Entry(version.entry_key, kind_for_key(version.entry_key), None),  # new: nothing live yet
        )
        current = self.store.live_version(entry.key)
        rows = diff_rows(flat_lines(entry.kind, entry.body), flat_lines(entry.kind, version.body))
        stale = current is not None and version.based_on is not None and current.id != version.based_on
        return page(
            request,
            "review.html",
            status=status,
            version=version,
            entry=entry,
            rows=rows,
            stale=stale,
            problems=list(problems),
            panes=panes(staged_content(live, entry.key, version.body), entry.key),
        )

    async def show(self, request: web.Request) -> web.Response:
        return self._show(request)

    async def publish(self, request: web.Request) -> web.StreamResponse:
        require(request, "publisher")
        version = self._version(request)
        live = self.store.live()
        problems = await off_loop(
            checks.draft_problems, self.store.revision(), live, version.entry_key, version.body
        )
        if problems:
            return self._show(request, problems, status=409)
        try:
            self.store.publish(version.id, who(request).actor)
        except NotAllowed as refusal:
            return self._show(request, [str(refusal)], status=403)
        raise back("/admin/review", f"Published: {version.entry_key} version {version.number} is live.")

    async def send_back(self, request: web.Request) -> web.StreamResponse:
        require(request, "publisher")
        version = self._version(request)
        form = await request.post()
        try:
            self.store.send_back(version.id, who(request).actor, str(form.get("comment", ""))[:2000])
        except NotAllowed as refusal:
            return self._show(request, [str(refusal)], status=400)
        raise back("/admin/review", f"Sent back to {version.author}.")

    async def due(self, request: web.Request) -> web.Response:
        try:
            months = max(1, min(60, int(request.query.get("months", review_months()))))
        except ValueError:
            months = review_months()
        cutoff = months_before(dt.date.today(), months)
        due = []
        for entry in self.store.live():
            reviewed = last_reviewed(entry.body)
            if entry.kind in ("advice", "variant", "channel") and (reviewed is None or reviewed < cutoff):
                due.append((entry.key, reviewed))
        due.sort(key=lambda item: (item[1] or dt.date.min, item[0]))
        return page(request, "due.html", due=due, months=months, cutoff=cutoff)

    async def audit(self, request: web.Request) -> web.Response:
        require(request, "publisher")
        return page(request, "audit.html", rows=self.store.audit_log())
