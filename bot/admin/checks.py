"""The checks run when an editor saves and when a publisher publishes: the
same ones as `make check-content`, on the live content with the draft in
place. Only problems the draft brings are reported, in plain words."""

from __future__ import annotations

import threading
from typing import Any, List, Sequence, Tuple

from bot.content.check import check_content
from bot.content.documents import Entry, content_from_entries
from bot.content.store import staged_content
from bot.contract import TOPICS

_lock = threading.Lock()
_live_problems: Tuple[int, List[str]] = (-1, [])


def live_problems(revision: int, live: Sequence[Entry]) -> List[str]:
    global _live_problems
    with _lock:
        if _live_problems[0] != revision:
            _live_problems = (revision, check_content(content_from_entries(live), TOPICS))
        return _live_problems[1]


def warm(revision: int, live: Sequence[Entry]) -> None:
    """Check the live content in the background if this revision is not
    checked yet: the full check takes seconds, and the first live preview
    after a publish would otherwise wait for it."""
    if _live_problems[0] == revision or _lock.locked():
        return
    threading.Thread(target=live_problems, args=(revision, live), name="live-check", daemon=True).start()


def draft_problems(revision: int, live: Sequence[Entry], key: str, body: Any) -> List[str]:
    """Problems in the content with this draft that the live content does not have."""
    try:
        content = staged_content(live, key, body)
    except Exception as error:  # e.g. a date that is not a date
        return [f"The entry could not be read: {error}"]
    known = set(live_problems(revision, live))
    return [problem for problem in check_content(content, TOPICS, focus=key) if problem not in known]
