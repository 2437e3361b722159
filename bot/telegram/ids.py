"""Conversation ids for Telegram chats: a keyed hash of the chat id, so
stored conversations never carry raw Telegram ids."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from bot import settings


def _secret() -> bytes:
    configured = os.environ.get("TELEGRAM_ID_SECRET")
    if configured:
        return configured.encode()
    path = settings.var_dir() / "telegram_id_secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def conversation_id(chat_id: int, secret: bytes | None = None) -> str:
    digest = hmac.new(secret or _secret(), str(chat_id).encode(), hashlib.sha256).hexdigest()
    return f"tg_{digest[:40]}"
