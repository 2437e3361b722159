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
import re
import time
from typing import Any, Dict, List, Optional, Set, Tuple

import aiohttp

from bot import settings
from bot.channels.outbox import Exchange, Outbox, new_message_id, warm_up
from bot.channels.rasa_webhook import RasaWebhook
from bot.channels.turns import DANGER_WAIT_SECONDS, ConversationTurns
from bot.content.compose import Composer, Resident
from bot.content.db_source import default_source
from bot.content.source import ContentSource
from bot.contract import EXPECT_PASTE, PASTED
from bot.logs import conversation_ref
from bot.safety.fallback import fallback_reply_name
from bot.safety.screen import screen
from bot.scam.paste import split_lead_in

logger = logging.getLogger(__name__)

Reply = Dict[str, Any]
READY_POLL_SECONDS = 0.5
KEEP_WAIT_SECONDS = 0.5


# What is kept, instead of the message, of a message pasted for the scam check.
PASTED_PLACEHOLDER = "[a message pasted to check for a scam]"


def reply_for_channel(reply: Dict[str, Any]) -> Reply:
    """A reply as the channels show it: its text and buttons, and what it
    asks for next (`expect`: the widget and Telegram then take a paste)."""
    shown: Reply = {"text": reply.get("text") or "", "buttons": reply.get("buttons") or []}
    expect = (reply.get("custom") or {}).get("expect") if isinstance(reply.get("custom"), dict) else None
    if expect == EXPECT_PASTE:
        shown["expect"] = expect
    return shown


_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|me|my|we|us|our)\b", re.IGNORECASE)
_LINK_OR_NUMBER = re.compile(r"https?://|www\.|\.(?:com|co\.uk|uk|net|org|info|top|xyz)\b|\d{4}")


def own_danger(text: str) -> bool:
    """Words of danger now, in the first person and with no link or number: the
    resident's own situation, even where a pasted message was expected."""
    return (
        screen(text).verdict is not None
        and bool(_FIRST_PERSON.search(text))
        and not _LINK_OR_NUMBER.search(text)
    )


def for_channel(replies: List[Dict[str, Any]]) -> List[Reply]:
    """Rasa's messages as the channels show them. Rasa sends a reply's
    `custom` part as a message of its own: what it asks for joins the reply
    before it, and no empty message is shown."""
    shown: List[Reply] = []
    for reply in replies:
        message = reply_for_channel(reply)
        if not message["text"] and not message["buttons"]:
            if shown and "expect" in message:
                shown[-1]["expect"] = message["expect"]
            continue
        shown.append(message)
    return shown


class RasaRelay:
    def __init__(
        self,
        channel: str,
        base_url: Optional[str] = None,
        token: Optional[str] = None,
        timeout: Optional[float] = None,
        content: Optional[ContentSource] = None,
        outbox: Optional[Outbox] = None,
        turns: Optional[ConversationTurns] = None,
    ) -> None:
        self.channel = channel
        self.outbox = outbox or Outbox()
        self.rasa = RasaWebhook(base_url, token, timeout)
        self.turns = turns or ConversationTurns()
        self.timeout = self.rasa.timeout
        self.content = content or default_source()
        self._ready = False
        self._writing: Set["asyncio.Future[None]"] = set()

    async def ready(self, wait: float = 0.0) -> bool:
        """Whether Rasa answers with its model loaded, waiting up to `wait`
        seconds for it. Once seen ready, this costs nothing: a later outage
        is the fallback's business, not a start-up's."""
        give_up = time.monotonic() + wait
        while not self._ready:
            self._ready = await self.rasa.model_loaded()
            if self._ready or time.monotonic() >= give_up:
                break
            await asyncio.sleep(min(READY_POLL_SECONDS, max(0.0, give_up - time.monotonic())))
        return self._ready

    async def close(self) -> None:
        await self.rasa.close()
        await self.turns.close()

    @staticmethod
    def pasted(text: str, marked: bool = False) -> bool:
        """Whether a message is one the resident got and pasted in to be
        checked for a scam: the channel marked it so (the widget after "Check
        a message", a Telegram forward), or the resident introduced it ("is
        this a scam? ..."), unless their own words say someone is in danger."""
        if marked:
            return not own_danger(text)
        return split_lead_in(text) is not None and screen(text).verdict is None

    async def send(self, sender: str, text: str, command: bool = False, pasted: bool = False) -> List[Reply]:
        """The assistant's replies, or a safe fallback reply; never raises.

        `command` marks one of the channel's menu commands (e.g. /topics sent
        as `/what_can_you_do`), which Rasa accepts as offered buttons.
        `pasted` marks a message to check for a scam (see `pasted`): it goes to
        Rasa as such, and no copy of it is kept anywhere.
        Whatever Rasa's store did not keep of the exchange goes to the outbox."""
        metadata: Dict[str, Any] = {"channel": self.channel}
        if command:
            metadata["command"] = True
        if pasted:
            metadata[PASTED] = True
            if screen(text).verdict:
                # Not read as the resident's words, but the reply opens with 999.
                metadata["caution"] = True
            text, body_text = PASTED_PLACEHOLDER, text
        else:
            body_text = text
        message_id, sent_at = new_message_id(), time.time()
        body = {
            "sender": sender,
            "message": body_text,
            "metadata": metadata,
            "message_id": message_id,
            "sent_at": sent_at,
        }
        # One message of a conversation at a time, whichever replica it
        # reached (bot.channels.turns); someone in danger does not queue.
        async with self.turns.turn(
            sender, lambda: DANGER_WAIT_SECONDS if screen(text).verdict else self.timeout
        ) as mine:
            if mine:
                replies, problem = await self._ask_rasa(sender, text, body, message_id, sent_at)
                if replies is not None:
                    return replies
            else:
                problem = "an earlier message of this conversation was still being answered"
        logger.error(
            f"{problem}; sent the safe fallback reply. Check that Rasa is running on {settings.rasa_url()}",
            extra={"conversation_id": conversation_ref(sender), "channel": self.channel},
        )
        return await self.fall_back(sender, text, problem, message_id, sent_at)

    async def _ask_rasa(
        self, sender: str, text: str, body: Dict[str, Any], message_id: str, sent_at: float
    ) -> Tuple[Optional[List[Reply]], str]:
        """Rasa's replies (None and the problem if it could not answer)."""
        try:
            # At start-up only: someone in danger is never kept waiting for Rasa.
            if not self._ready and not await self.ready(
                0 if screen(text).verdict else settings.relay_ready_wait_seconds()
            ):
                raise aiohttp.ClientConnectionError("Rasa is starting and has not loaded its model yet")
            answer = await self.rasa.post(body)
            if answer.status == 200:
                replies = for_channel(answer.replies)
                if answer.kept != "all":
                    await self.keep(
                        sender,
                        text,
                        replies,
                        message_id,
                        sent_at,
                        "the store failed in Rasa",
                        user_kept=answer.kept == "message",
                    )
                return replies, ""
            problem = f"Rasa answered HTTP {answer.status}"
        except asyncio.TimeoutError:
            problem = f"Rasa did not answer within {self.timeout:.0f}s"
        except aiohttp.ClientError as error:
            problem = f"Rasa is unreachable ({type(error).__name__})"
        return None, problem

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
            # A scam check's reply quotes the pasted message: only its kind is kept.
            replies=["[scam check reply]"] if text == PASTED_PLACEHOLDER else [r["text"] for r in replies],
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
        """Start the conversation again; False if Rasa is unreachable."""
        return await self.rasa.restart(sender)

    def warm_up(self) -> None:
        """Before the first outage: load the redactor and render the safe replies once."""
        warm_up()
        for text in ("someone is breaking in right now", "I want to end my life", "hello"):
            self.fallback_reply(text)

    def fallback_reply(self, text: str) -> Reply:
        name = fallback_reply_name(text)
        message = Composer(self.content.current(), Resident(channel=self.channel)).compose(name)
        return {"text": message["text"], "buttons": []}
