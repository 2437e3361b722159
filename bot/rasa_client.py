"""Talk to the private Rasa server's resident channel (used by the shell,
the tests, the benchmark and, later, the public web process)."""

from __future__ import annotations

import json
import secrets
import urllib.request
from typing import Any, Dict, List

from bot import settings

WEBHOOK = "/webhooks/resident/webhook"
# Response header of the resident channel: what Rasa's store kept of the
# exchange: "all", "message" (the resident's message, not the error reply
# shown) or "nothing". The relay keeps the rest in its outbox.
KEPT_HEADER = "X-Conversation-Kept"


def new_sender_id() -> str:
    """A random, unguessable conversation id."""
    return secrets.token_urlsafe(24)


def send(
    sender: str,
    text: str,
    channel: str = "rest",
    base_url: str | None = None,
    token: str | None = None,
    timeout: float = 30,
) -> List[Dict[str, Any]]:
    """Send one message and return the assistant's replies."""
    body = json.dumps({"sender": sender, "message": text, "metadata": {"channel": channel}})
    request = urllib.request.Request(
        (base_url or settings.rasa_url()) + WEBHOOK,
        data=body.encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token or settings.rasa_auth_token()}",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())
