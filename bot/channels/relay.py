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
import time
from typing import Any, Dict, List, Optional, Set

import aiohttp

from bot import settings
from bot.channels.outbox import Exchange, Outbox, new_message_id, warm_up
from bot.content.compose import Composer, Resident
from bot.content.db_source import default_source
from bot.content.source import ContentSource
from bot.logs import conversation_ref
from bot.rasa_client import KEPT_HEADER, WEBHOOK
from bot.safety.fallback import fallback_reply_name
from bot.safety.screen import screen

logger = logging.getLogger(__name__)

Reply = Dict[str, Any]
READY_POLL_SECONDS = 0.5
KEEP_WAIT_SECONDS = 0.5


class RasaRelay:
    def __init__(
        self,
        channel: str,
        base_url: Optional[str] = None,
        token: Optional[str] = None,
        timeout: Optional[float] = None,
        content: Optional[ContentSource] = None,
        outbox: Optional[Outbox] = None,
    ) -> None:
        self.channel = channel
        self.outbox = outbox or Outbox()
        self.url = (base_url or settings.rasa_url()) + WEBHOOK
        self.token = token or settings.rasa_auth_token()
        self.timeout = timeout or settings.relay_timeout_seconds()
        self.content = content or default_source()
        self._session: Optional[aiohttp.ClientSession] = None
        self._ready = False
        self._writing: Set["asyncio.Future[None]"] = set()

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            )
        return self._session

    async def ready(self, wait: float = 0.0) -> bool:
        """Whether Rasa answers with its model loaded, waiting up to `wait`
        seconds for it. Once seen ready, this costs nothing: a later outage
        is the fallback's business, not a start-up's."""
        if self._ready:
            return True
        url = self.url.replace(WEBHOOK, "/status")
        give_up = time.monotonic() + wait
        while True:
            try:
                client = await self._client()
                async with client.get(
                    url, params={"token": self.token}, timeout=aiohttp.ClientTimeout(total=1)
                ) as r:
                    if r.status == 200 and (await r.json()).get("model_file"):
                        self._ready = True
                        return True
            except (asyncio.TimeoutError, aiohttp.ClientError, ValueError):
                pass
            if time.monotonic() >= give_up:
                return False
            await asyncio.sleep(min(READY_POLL_SECONDS, max(0.0, give_up - time.monotonic())))

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, sender: str, text: str, command: bool = False) -> List[Reply]:
        """The assistant's replies, or a safe fallback reply; never raises.

        `command` marks one of the channel's menu commands (e.g. /topics sent
        as `/what_can_you_do`), which Rasa accepts as offered buttons.
        Whatever Rasa's store did not keep of the exchange goes to the outbox."""
        metadata: Dict[str, Any] = {"channel": self.channel}
        if command:
            metadata["command"] = True
        message_id, sent_at = new_message_id(), time.time()
        body = {
            "sender": sender,
            "message": text,
            "metadata": metadata,
            "message_id": message_id,
            "sent_at": sent_at,
        }
        try:
            # At start-up only: someone in danger is never kept waiting for Rasa.
            if not self._ready and not await self.ready(
                0 if screen(text).verdict else settings.relay_ready_wait_seconds()
            ):
                raise aiohttp.ClientConnectionError("Rasa is starting and has not loaded its model yet")
            client = await self._client()
            async with client.post(self.url, json=body) as response:
                if response.status == 200:
                    replies = [
                        {"text": r.get("text") or "", "buttons": r.get("buttons") or []}
                        for r in await response.json()
                    ]
                    kept = response.headers.get(KEPT_HEADER, "all")
                    if kept != "all":
                        await self.keep(
                            sender,
                            text,
                            replies,
                            message_id,
                            sent_at,
                            "the store failed in Rasa",
                            user_kept=kept == "message",
                        )
                    return replies
                problem = f"Rasa answered HTTP {response.status}"
        except asyncio.TimeoutError:
            problem = f"Rasa did not answer within {self.timeout:.0f}s"
        except aiohttp.ClientError as error:
            problem = f"Rasa is unreachable ({type(error).__name__})"
        logger.error(
            f"{problem}; sent the safe fallback reply. Check that Rasa is running on {settings.rasa_url()}",
            extra={"conversation_id": conversation_ref(sender), "channel": self.channel},
        )
        return await self.fall_back(sender, text, problem, message_id, sent_at)

    async def fall_back(
        self,
        sender: str,
        text: str,
        reason: str,
        message_id: Optional[str] = None,
        sent_at: Optional[float] = None,
    ) -> List[Reply]:
        """The safe reply for a message nobody else answered, kept in the outbox."""
        replies = [self.fallback_reply(text)]
        await self.keep(sender, text, replies, message_id or new_message_id(), sent_at or time.time(), reason)
        return replies

    async def keep(
        self,
        sender: str,
        text: str,
        replies: List[Reply],
        message_id: str,
        sent_at: float,
        reason: str,
        user_kept: bool = False,
    ) -> None:
        exchange = Exchange(
            sender_id=sender,
            channel=self.channel,
            text=text,
            replies=[r["text"] for r in replies],
            kind=screen(text).verdict or "other",
            reason=reason,
            user_kept=user_kept,
            at=sent_at,
            message_id=message_id,
        )
        # The resident's reply waits at most KEEP_WAIT_SECONDS for the disk;
        # a slower write (a cold redactor, a busy disk) finishes on its own.
        writing = asyncio.ensure_future(
            asyncio.get_running_loop().run_in_executor(None, self._keep, exchange)
        )
        self._writing.add(writing)
        writing.add_done_callback(self._writing.discard)
        await asyncio.wait([writing], timeout=KEEP_WAIT_SECONDS)

    def _keep(self, exchange: Exchange) -> None:
        try:
            self.outbox.keep(exchange)
        except OSError as error:
            logger.error(
                "could not write the outbox; this exchange is lost. Check the disk under OUTBOX_DIR",
                extra={
                    "conversation_id": conversation_ref(exchange.sender_id),
                    "error": type(error).__name__,
                },
            )

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

    def warm_up(self) -> None:
        """Before the first outage: load the redactor and render the safe replies once."""
        warm_up()
        for text in ("someone is breaking in right now", "I want to end my life", "hello"):
            self.fallback_reply(text)

    def fallback_reply(self, text: str) -> Reply:
        name = fallback_reply_name(text)
        message = Composer(self.content.current(), Resident(channel=self.channel)).compose(name)
        return {"text": message["text"], "buttons": []}
