"""The published content, as the action server sees it.

The action server never words a reply, but it must know which questions
exist to choose one: it reads the same published content as Rasa's NLG
(the editor's store, or `responses/` with `CONTENT_SOURCE=files`).
"""

from __future__ import annotations

from bot.content.db_source import default_source
from bot.content.matcher import Matcher, matcher_for
from bot.content.model import Content
from bot.content.source import ContentSource

_source: ContentSource | None = None


def use(source: ContentSource) -> None:
    """Read content from `source` from now on (tests, tools)."""
    global _source
    _source = source


def current() -> Content:
    global _source
    if _source is None:
        _source = default_source()
    return _source.current()


def matcher() -> Matcher:
    return matcher_for(current())
