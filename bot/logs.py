"""Structured (JSON) logging with a conversation reference, never raw text.

Operators search logs by `conversation_id`: a short keyed hash of the sender
id, so a log line can be matched to a stored conversation without the log
holding the id itself (a web session id is a bearer secret).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from typing import Any

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
        return json.dumps(entry, default=str)


def configure_logging(level: str | None = None) -> None:
    """JSON lines on stderr at `LOG_LEVEL` (default INFO)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel((level or os.environ.get("LOG_LEVEL", "INFO")).upper())


def conversation_ref(sender_id: str) -> str:
    """A short, stable reference to a conversation for logs."""
    return hashlib.sha256(f"conversation:{sender_id}".encode()).hexdigest()[:12]
