"""The widget's JSON chat API: validate, rate-limit, relay to Rasa.

    POST /api/session  {}                           -> {"token": ...}
    POST /api/chat     {"token": ..., "message": ...} -> {"messages": [{"text", "buttons"}]}
    POST /api/forget   {"token": ...}               -> {"forgotten": true}
                                                       (202 {"forgotten": false, "pending": true}
                                                        while the store is down)

Every error is JSON with a plain-words `error` for the resident, and none
of them reveals whether another conversation exists.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any, Dict, FrozenSet, Optional

from aiohttp import web

from bot import settings
from bot.channels.relay import PASTED_PLACEHOLDER, RasaRelay
from bot.http.address import client_address
from bot.http.ratelimit import RateLimiter
from bot.logs import conversation_ref
from bot.privacy.conversations import forget, is_forgotten
from bot.privacy.pending_forgets import PendingForgets
from bot.web.feedback import FeedbackLog
from bot.web.sessions import Sessions

logger = logging.getLogger(__name__)

PAYLOAD = re.compile(r"^/([a-z_]{2,40})(\{[^{}]{0,200}\})?$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

RATE_LIMITED = "You are sending messages very quickly. Please wait a minute and try again."
BAD_SESSION = "This conversation has ended. Please start again."
FORGET_PENDING = (
    "We could not delete the conversation just now. It will be deleted automatically as soon as we can, "
    "and this chat will start afresh."
)
# How long the web process waits for the conversation store before going on without it.
STORE_WAIT_SECONDS = 1.0


def error(status: int, message: str, **headers: str) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers or None)


API_MAX_BYTES = 16 * 1024


async def _json_body(request: web.Request) -> Optional[Dict[str, Any]]:
    raw = await request.read()  # cached, so a handler may read the body again
    if len(raw) > API_MAX_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=API_MAX_BYTES, actual_size=len(raw))
    try:
        body = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError, RecursionError):
        return None  # RecursionError: JSON nested thousands deep
    return body if isinstance(body, dict) else None


def clean_text(message: str) -> str:
    """The message without control characters or unpaired surrogates (which
    JSON can carry but no text pipeline can read)."""
    text = CONTROL.sub(" ", message)
    return text.encode("utf-8", "ignore").decode("utf-8").strip()


class ChatApi:
    def __init__(
        self,
        relay: RasaRelay,
        sessions: Sessions,
        limiter: RateLimiter,
        intents: FrozenSet[str],
        feedback_log: Optional[FeedbackLog] = None,
        pending_forgets: Optional[PendingForgets] = None,
    ) -> None:
        self.relay = relay
        self.sessions = sessions
        self.limiter = limiter
        self.intents = intents
        self.feedback_log = feedback_log or FeedbackLog()
        self.pending_forgets = pending_forgets or PendingForgets()

    def routes(self) -> list:
        return [
            web.post("/api/session", self.new_session),
            web.post("/api/chat", self.chat),
            web.post("/api/forget", self.forget),
            web.post("/api/feedback", self.feedback),
        ]

    async def new_session(self, request: web.Request) -> web.Response:
        if not await self.limiter.allow("new_session", client_address(request)):
            return error(429, RATE_LIMITED, **{"Retry-After": str(self.limiter.window("new_session"))})
        return web.json_response({"token": self.sessions.issue()})

    def _check_message(self, message: Any) -> Optional[str]:
        """A resident-facing reason the message cannot be sent, or None."""
        if not isinstance(message, str) or not clean_text(message):
            return "Please type a message."
        if len(message) > settings.max_message_chars():
            return f"Messages can be up to {settings.max_message_chars()} characters. Please shorten it."
        stripped = message.strip()
        if stripped.startswith("/"):
            match = PAYLOAD.match(stripped)
            if not match or match.group(1) not in self.intents:
                return "That button is not recognised. Please type your question instead."
            if match.group(2):
                try:
                    json.loads(match.group(2))
                except json.JSONDecodeError:
                    return "That button is not recognised. Please type your question instead."
        return None

    async def chat(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        if body is None:
            return error(400, "The request was not understood.")
        sender = self.sessions.sender_id(body.get("token"))
        if sender is None or await self._forgotten(sender):
            return error(401, BAD_SESSION)
        problem = self._check_message(body.get("message"))
        if problem:
            return error(400, problem)
        if not await self.limiter.allow("address", client_address(request)) or not await self.limiter.allow(
            "session", sender
        ):
            logger.warning("rate limit reached", extra={"conversation_id": conversation_ref(sender)})
            return error(429, RATE_LIMITED, **{"Retry-After": str(self.limiter.window("session"))})
        text = clean_text(body["message"])
        # The widget marks the message after "Check a message" as pasted.
        pasted = self.relay.pasted(text, body.get("pasted") is True)
        try:
            messages = await asyncio.wait_for(
                self.relay.send(sender, text, pasted=pasted), settings.message_deadline_seconds()
            )
        except asyncio.TimeoutError:
            logger.error(
                "no reply within the message deadline; sent the safe fallback reply. Check Rasa, the action "
                "server and the database",
                extra={"conversation_id": conversation_ref(sender)},
            )
            messages = await self.relay.fall_back(
                sender, PASTED_PLACEHOLDER if pasted else text, "no reply within the message deadline"
            )
        return web.json_response({"messages": messages})

    async def _forgotten(self, sender: str) -> bool:
        """Whether the resident asked to forget this conversation; when the store
        cannot say in time, the token is taken as it is (the resident is answered)."""
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(
                loop.run_in_executor(None, is_forgotten, sender), STORE_WAIT_SECONDS
            )
        except Exception as problem:
            logger.warning(
                "could not check whether a conversation was forgotten; answering it",
                extra={"conversation_id": conversation_ref(sender), "problem": type(problem).__name__},
            )
            return False

    async def forget(self, request: web.Request) -> web.Response:
        # Whatever the content type (navigator.sendBeacon posts text/plain),
        # the body must be a JSON object with the token.
        body = await _json_body(request)
        sender = self.sessions.sender_id((body or {}).get("token"))
        if sender is None:
            return error(401, BAD_SESSION)
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(None, forget, sender), STORE_WAIT_SECONDS * 3)
        except Exception:
            await loop.run_in_executor(None, self.pending_forgets.add, sender)
            return web.json_response(
                {"forgotten": False, "pending": True, "message": FORGET_PENDING}, status=202
            )
        return web.json_response({"forgotten": True})

    async def feedback(self, request: web.Request) -> web.Response:
        """A resident's answer to "Was this helpful?" (yes or no, nothing else)."""
        body = await _json_body(request)
        if body is None or not isinstance(body.get("helpful"), bool):
            return error(400, "The request was not understood.")
        sender = self.sessions.sender_id(body.get("token"))
        if sender is None:
            return error(401, BAD_SESSION)
        if not await self.limiter.allow("address", client_address(request)):
            return error(429, RATE_LIMITED, **{"Retry-After": str(self.limiter.window("address"))})
        if not await self.limiter.allow("feedback", sender):
            return web.json_response({"thanks": True})  # one answer per conversation counts
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.feedback_log.record, "web", body["helpful"])
        return web.json_response({"thanks": True})
