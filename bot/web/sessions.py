"""Conversation tokens for the web widget, issued by the server.

A token is `<random id>.<issued>.<HMAC of both>`, signed with
`WEB_SESSION_SECRET`. Any replica can check a token without shared state,
and a client cannot make up a token for someone else's conversation: it
would need the secret. A token expires `WEB_TOKEN_HOURS` after it was
issued (the widget then starts a new conversation). The Rasa conversation
id is derived from the random part only. A token whose conversation was
forgotten is refused too (bot/privacy/forgotten.py keeps that list).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from typing import Callable, Optional

from bot import settings


def _secret() -> bytes:
    return settings.secret("WEB_SESSION_SECRET", "web_session_secret").encode()


def _sign(identifier: str, secret: bytes) -> str:
    digest = hmac.new(secret, identifier.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


class Sessions:
    def __init__(self, secret: Optional[bytes] = None, clock: Callable[[], float] = time.time) -> None:
        self.secret = secret or _secret()
        self.clock = clock

    def issue(self) -> str:
        identifier = secrets.token_urlsafe(24)
        issued = format(int(self.clock()), "x")
        return f"{identifier}.{issued}.{_sign(f'{identifier}.{issued}', self.secret)}"

    def sender_id(self, token: object) -> Optional[str]:
        """The Rasa conversation id for a valid, unexpired token, else None."""
        if not isinstance(token, str) or len(token) > 200 or token.count(".") != 2:
            return None
        identifier, issued, signature = token.split(".")
        if not identifier or not hmac.compare_digest(signature, _sign(f"{identifier}.{issued}", self.secret)):
            return None
        try:
            age = self.clock() - int(issued, 16)
        except ValueError:
            return None
        if not 0 <= age <= settings.web_token_hours() * 3600:
            return None
        return f"web_{identifier}"
