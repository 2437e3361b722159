"""Conversation ids for Telegram chats: a keyed hash of the chat id, so
stored conversations never carry raw Telegram ids."""

from __future__ import annotations

import hashlib
import hmac

from bot import settings


def _secret() -> bytes:
    return settings.secret("TELEGRAM_ID_SECRET", "telegram_id_secret").encode()


def conversation_id(chat_id: int, secret: bytes | None = None) -> str:
    digest = hmac.new(secret or _secret(), str(chat_id).encode(), hashlib.sha256).hexdigest()
    return f"tg_{digest[:40]}"
