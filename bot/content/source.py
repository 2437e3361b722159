"""Where content comes from. The NLG asks a `ContentSource` for the current
`Content` on every reply, so a change is live without a restart.

`FileContentSource` reads `responses/` and reloads when a file changes (at
most one check every `CONTENT_RELOAD_SECONDS`). The editor's store
(`bot.content.db_source.DatabaseContentSource`) polls the same way.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Protocol, Tuple

import yaml

from bot import settings
from bot.content.model import Content, content_from_documents

logger = logging.getLogger(__name__)


class ContentSource(Protocol):
    def current(self) -> Content:
        """The content to answer with now."""


def _load(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def load_directory(root: Path) -> Content:
    """Parse a `responses/` directory into `Content` (raises on bad YAML)."""
    topics = [_load(path) for path in sorted((root / "topics").glob("*.yml"))]
    questions = [_load(path) for path in sorted((root / "questions").glob("*.yml"))]
    return content_from_documents(
        channels=_load(root / "channels.yml"),  # type: ignore[arg-type]
        topics=topics,  # type: ignore[arg-type]
        replies=_load(root / "replies.yml"),  # type: ignore[arg-type]
        audiences=_load(root / "audiences.yml"),  # type: ignore[arg-type]
        places=_load(root / "places.yml"),  # type: ignore[arg-type]
        questions=questions,  # type: ignore[arg-type]
        scam_check=_load(root / "scam_check.yml") if (root / "scam_check.yml").exists() else None,  # type: ignore[arg-type]
    )


REFRESH_WAIT_SECONDS = 0.5


class PollingSource:
    """Serves the content it holds, and asks `_refresh()` to look for a change
    at most once every `check_every` seconds (`CONTENT_RELOAD_SECONDS`)."""

    _content: Content

    def __init__(self, check_every: float | None = None) -> None:
        self.check_every = settings.content_reload_seconds() if check_every is None else check_every
        self._lock = threading.Lock()
        self._checked = time.monotonic()

    def _refresh(self) -> None:
        """Replace `_content` if the source changed; keep it if it cannot be read."""
        raise NotImplementedError

    def current(self) -> Content:
        """The content, refreshed first if due. A refresh is waited for at most
        REFRESH_WAIT_SECONDS: a frozen database must not hold up a reply (the
        safe reply included), so past that the content held is served and the
        refresh finishes on its own thread; meanwhile no other one starts."""
        now = time.monotonic()
        if now - self._checked < self.check_every:
            return self._content
        if not self._lock.acquire(blocking=False):
            return self._content  # a refresh is under way
        self._checked = now
        done = threading.Event()

        def refresh() -> None:
            try:
                self._refresh()
            finally:
                self._lock.release()
                done.set()

        threading.Thread(target=refresh, name="content-refresh", daemon=True).start()
        done.wait(REFRESH_WAIT_SECONDS)
        return self._content


class FileContentSource(PollingSource):
    """Content from YAML files, reloaded when any of them changes."""

    def __init__(self, root: Path | None = None, check_every: float | None = None) -> None:
        super().__init__(check_every)
        self.root = Path(root or settings.content_dir())
        self._content = load_directory(self.root)
        self._stamp = self._fingerprint()

    def _fingerprint(self) -> Tuple[Tuple[str, float, int], ...]:
        files = [
            path
            for folder in ("", "topics", "questions")
            for path in sorted((self.root / folder).glob("*.yml"))
        ]
        stamp = []
        for path in files:
            info = path.stat()
            stamp.append((str(path), info.st_mtime, info.st_size))
        return tuple(stamp)

    def _refresh(self) -> None:
        stamp = self._fingerprint()
        if stamp == self._stamp:
            return
        try:
            self._content = load_directory(self.root)
            self._stamp = stamp
            logger.info("content reloaded", extra={"files": len(stamp)})
        except Exception:  # keep answering with the last good content
            self._stamp = stamp  # report each broken change once
            logger.exception(
                "content change could not be loaded; still serving the previous "
                "version. Run `make check-content` to see what is wrong."
            )
