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

from bot import settings
from bot.content.source import ContentSource, FileContentSource, PollingSource, load_directory
from bot.content.store import ContentStore

logger = logging.getLogger(__name__)


class DatabaseContentSource(PollingSource):
    def __init__(self, store: ContentStore | None = None, check_every: float | None = None) -> None:
        super().__init__(check_every)
        self.store = store or ContentStore()
        self._revision = -1
        self._refresh()

    def _refresh(self) -> None:
        try:
            revision = self.store.revision()
            if revision == self._revision:
                return
            if revision == 0:
                raise LookupError("the content store is empty: run `python -m bot.content.store seed`")
            self._content = self.store.live_content()
            self._revision = revision
            logger.info("content loaded from the store", extra={"revision": revision})
        except Exception:
            logger.exception(
                "the content store could not be read; still serving the previous content. "
                "Check DATABASE_URL and that the database is up."
            )
            if not hasattr(self, "_content"):
                self._content = load_directory(settings.content_dir())


def default_source() -> ContentSource:
    """The store (`CONTENT_SOURCE=database`, the default) or `responses/` files
    directly (`CONTENT_SOURCE=files`, for work on the content in git)."""
    if settings.content_source() == "files":
        return FileContentSource()
    return DatabaseContentSource()
