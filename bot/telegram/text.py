"""Telegram text: HTML-escaped (so no message is rejected for bad markup)
and split under Telegram's 4096-character limit at paragraph, then
sentence, then word boundaries."""

from __future__ import annotations

import html
import re
from typing import List

LIMIT = 4096
# Room for the escaping that html.escape adds (&amp; is 5 characters for 1).
SAFE_CHUNK = 3500


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def _pieces(text: str) -> List[str]:
    """Paragraphs, or sentences of an over-long paragraph, or words."""
    out: List[str] = []
    for paragraph in text.split("\n\n"):
        if len(paragraph) <= SAFE_CHUNK:
            out.append(paragraph)
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            while len(sentence) > SAFE_CHUNK:
                cut = sentence.rfind(" ", 0, SAFE_CHUNK)
                cut = cut if cut > 0 else SAFE_CHUNK
                out.append(sentence[:cut])
                sentence = sentence[cut:].lstrip()
            out.append(sentence)
    return out


def split(text: str) -> List[str]:
    """Chunks of `text`, each escaped and under Telegram's limit."""
    chunks: List[str] = []
    current = ""
    for piece in _pieces(text):
        joiner = "\n\n" if current else ""
        if len(escape(current + joiner + piece)) <= SAFE_CHUNK:
            current = current + joiner + piece
        else:
            if current:
                chunks.append(current)
            current = piece
    if current or not chunks:
        chunks.append(current)
    return [escape(chunk) for chunk in chunks]
