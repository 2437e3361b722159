"""Conversation tokens for the web widget, issued by the server.

A token is `<random id>.<HMAC of the id>`, signed with `WEB_SESSION_SECRET`.
Any replica can check a token without shared state, and a client cannot
make up a token for someone else's conversation: it would need the secret.
The Rasa conversation id is derived from the random part only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Optional

from bot import settings


def _secret() -> bytes:
    return settings.secret("WEB_SESSION_SECRET", "web_session_secret").encode()


def _sign(identifier: str, secret: bytes) -> str:
    digest = hmac.new(secret, identifier.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


class Sessions:
    def __init__(self, secret: Optional[bytes] = None) -> None:
        self.secret = secret or _secret()

    def issue(self) -> str:
        identifier = secrets.token_urlsafe(24)
        return f"{identifier}.{_sign(identifier, self.secret)}"

    def sender_id(self, token: object) -> Optional[str]:
        """The Rasa conversation id for a valid token, else None."""
        if not isinstance(token, str) or len(token) > 200 or token.count(".") != 1:
            return None
        identifier, signature = token.split(".")
        if not identifier or not hmac.compare_digest(signature, _sign(identifier, self.secret)):
            return None
        return f"web_{identifier}"
