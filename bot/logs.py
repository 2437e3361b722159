"""Structured (JSON) logging with a conversation reference, never raw text.

Operators search logs by `conversation_id`: a short keyed hash of the sender
id, so a log line can be matched to a stored conversation without the log
holding the id itself (a web session id is a bearer secret).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from typing import Any

from bot import settings

# Telegram bot tokens look like 123456789:AAE... and appear in Bot API URLs.
_BOT_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
# Widget tokens (identifier.issued.signature) and conversation ids (web_...,
# tg_...). Rasa's own log lines name conversations by id, and an id is half
# of a resident's token: each becomes the short reference conversation_ref.
_WIDGET_TOKEN = re.compile(r"(?<![\w-])[\w-]{16,64}\.[0-9a-f]{6,12}\.[\w-]{20,}")
_CONVERSATION_ID = re.compile(r"(?<![\w-])(?:web|tg)_[\w-]{16,128}")


class SecretFilter(logging.Filter):
    """Blanks bot tokens, widget tokens and configured secrets out of every log
    line, and writes conversation ids as their short reference."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets = settings.secret_values()

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        text = _BOT_TOKEN.sub("[secret]", text)
        text = _WIDGET_TOKEN.sub("[token]", text)
        return _CONVERSATION_ID.sub(lambda match: f"conversation:{conversation_ref(match.group())}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.scrub(record.getMessage())
        record.args = None
        for key, value in vars(record).items():
            if key not in _RESERVED and isinstance(value, str):
                setattr(record, key, self.scrub(value))
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info).splitlines()[-1]
        elif record.exc_text:
            entry["error"] = record.exc_text.splitlines()[-1]
        return json.dumps(entry, default=str)


def configure_logging(level: str | None = None) -> None:
    """JSON lines on stderr at `LOG_LEVEL` (default INFO)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(SecretFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel((level or settings.log_level()).upper())
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def conversation_ref(sender_id: str) -> str:
    """A short, stable reference to a conversation for logs."""
    return hashlib.sha256(f"conversation:{sender_id}".encode()).hexdigest()[:12]
