"""Content from the editor's store: the published version of every entry.

Every process (each Rasa replica, the web process, the Telegram bot) asks
the database for the content revision at most once every
`CONTENT_RELOAD_SECONDS` (default 2) and reloads when it has grown, so a
publish is live everywhere within a few seconds, with no restart.
If the database cannot be read, the last good content keeps being served;
if it cannot be read at start-up, `responses/` is served until it can.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from bot import settings
from bot.content.model import Content
from bot.content.source import ContentSource, FileContentSource, load_directory
from bot.content.store import ContentStore

logger = logging.getLogger(__name__)


class DatabaseContentSource:
    def __init__(self, store: ContentStore | None = None, check_every: float | None = None) -> None:
        self.store = store or ContentStore()
        self.check_every = (
            float(os.environ.get("CONTENT_RELOAD_SECONDS", "2")) if check_every is None else check_every
        )
        self._lock = threading.Lock()
        self._revision = -1
        self._checked = 0.0
        self._content: Content | None = None
        self.current()

    def _reload(self) -> None:
        revision = self.store.revision()
        if revision == self._revision:
            return
        if revision == 0:
            raise LookupError("the content store is empty: run `python -m bot.content.store seed`")
        self._content = self.store.live_content()
        self._revision = revision
        logger.info("content loaded from the store", extra={"revision": revision})

    def current(self) -> Content:
        now = time.monotonic()
        if self._content is not None and now - self._checked < self.check_every:
            return self._content
        with self._lock:
            self._checked = now
            try:
                self._reload()
            except Exception:
                logger.exception(
                    "the content store could not be read; still serving the previous content. "
                    "Check DATABASE_URL and that the database is up."
                )
                if self._content is None:
                    self._content = load_directory(settings.content_dir())
        assert self._content is not None
        return self._content


def default_source() -> ContentSource:
    """The store (`CONTENT_SOURCE=database`, the default) or `responses/` files
    directly (`CONTENT_SOURCE=files`, for work on the content in git)."""
    if os.environ.get("CONTENT_SOURCE", "database") == "files":
        return FileContentSource()
    return DatabaseContentSource()
