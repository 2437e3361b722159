"""Relay a resident's message from a public channel (web widget, Telegram)
to the private Rasa server, with a safe answer when Rasa cannot reply.

If Rasa is slow (over `RELAY_TIMEOUT_SECONDS`, default 10) or down, the
resident still gets a kind reply within that time: the emergency reply
(999, Silent Solution, emergencySMS) when the safety screen sees danger in
their message, the crisis reply for self-harm, else the error reply (999 if
in danger, 101 otherwise, try again later). Those replies are rendered from
the comms team's content like any other.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Dict, List, Optional

import aiohttp

from bot import settings
from bot.content.compose import Composer, Resident
from bot.content.db_source import default_source
from bot.content.source import ContentSource
from bot.logs import conversation_ref
from bot.rasa_client import WEBHOOK
from bot.safety.fallback import fallback_reply_name

logger = logging.getLogger(__name__)

Reply = Dict[str, Any]


class RasaRelay:
    def __init__(
        self,
        channel: str,
        base_url: Optional[str] = None,
        token: Optional[str] = None,
        timeout: Optional[float] = None,
        content: Optional[ContentSource] = None,
    ) -> None:
        self.channel = channel
        self.url = (base_url or settings.rasa_url()) + WEBHOOK
        self.token = token or settings.rasa_auth_token()
        self.timeout = timeout or float(os.environ.get("RELAY_TIMEOUT_SECONDS", "10"))
        self.content = content or default_source()
        self._session: Optional[aiohttp.ClientSession] = None

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, sender: str, text: str, command: bool = False) -> List[Reply]:
        """The assistant's replies, or a safe fallback reply; never raises.

        `command` marks one of the channel's menu commands (e.g. /topics sent
        as `/what_can_you_do`), which Rasa accepts as offered buttons."""
        metadata: Dict[str, Any] = {"channel": self.channel}
        if command:
            metadata["command"] = True
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            client = await self._client()
            async with client.post(self.url, json=body) as response:
                if response.status == 200:
                    replies = await response.json()
                    return [{"text": r.get("text") or "", "buttons": r.get("buttons") or []} for r in replies]
                problem = f"Rasa answered HTTP {response.status}"
        except asyncio.TimeoutError:
            problem = f"Rasa did not answer within {self.timeout:.0f}s"
        except aiohttp.ClientError as error:
            problem = f"Rasa is unreachable ({type(error).__name__})"
        logger.error(
            f"{problem}; sent the safe fallback reply. Check that Rasa is running on {settings.rasa_url()}",
            extra={"conversation_id": conversation_ref(sender), "channel": self.channel},
        )
        return [self.fallback_reply(text)]

    async def restart(self, sender: str) -> bool:
        """Start the conversation again (Rasa's `restart` event); False if Rasa is unreachable."""
        url = self.url.replace(WEBHOOK, f"/conversations/{sender}/tracker/events")
        try:
            client = await self._client()
            # Rasa's HTTP API takes its token as a query parameter.
            async with client.post(url, params={"token": self.token}, json={"event": "restart"}) as response:
                return response.status == 200
        except (asyncio.TimeoutError, aiohttp.ClientError):
            return False

    def fallback_reply(self, text: str) -> Reply:
        name = fallback_reply_name(text)
        message = Composer(self.content.current(), Resident(channel=self.channel)).compose(name)
        return {"text": message["text"], "buttons": []}
