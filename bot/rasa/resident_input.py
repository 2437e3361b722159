"""Rasa input channel for residents' messages, relayed by the public web process.

Listed in credentials.yml as `bot.rasa.resident_input.ResidentInput`; served by
Rasa on 127.0.0.1 at `bot.contract.WEBHOOK_PATH`. Compared with Rasa's stock
REST channel it:

* requires the shared `RASA_AUTH_TOKEN` (`Authorization: Bearer ...`), so
  only the project's own processes can post;
* validates the body (sender id shape, text length, metadata keys);
* accepts a typed `/intent{...}` payload only if the assistant offered that
  exact button earlier in the same conversation; anything else starting
  with `/` is read as ordinary words.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
from typing import Any, Awaitable, Callable, Dict, List, Set

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.events import BotUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.contract import CHANNELS, KEPT_HEADER, PASTED, PASTED_TEXT, RESIDENT_INPUT
from bot.logs import conversation_ref
from bot.rasa.tracker_store import STORE_PROBLEMS

logger = logging.getLogger(__name__)

SENDER_ID = re.compile(r"^[A-Za-z0-9_\-]{16,128}$")
MESSAGE_ID = re.compile(r"^[0-9a-f]{32}$")
# Menu commands a channel offers all the time (Telegram's /topics, /privacy):
# the channel marks them `"command": true`, so they count as offered.
COMMAND_PAYLOADS = {"/greet", "/what_can_you_do", "/privacy", "/contact_human"}


def offered_payloads(events: Any) -> Set[str]:
    """Every button payload the assistant has shown in a conversation."""
    offered: Set[str] = set()
    for event in events or []:
        if isinstance(event, BotUttered):
            for button in (event.data or {}).get("buttons") or []:
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    offered.add(button["payload"].strip())
    return offered


def neutralise_payload(text: str, offered: Set[str]) -> str:
    """The text to process: an offered payload as is, anything else as words."""
    stripped = text.strip()
    if not stripped.startswith("/") or stripped in offered:
        return stripped
    return stripped.lstrip("/").strip() or "?"


def _metadata_allowed(key: str, value: Any) -> bool:
    if key == "channel":
        return isinstance(value, str) and value in CHANNELS
    return key in ("command", PASTED, "caution") and value is True


def as_check(text: str, metadata: Dict[str, Any]) -> str:
    """A pasted message becomes the `check_message` payload, its text moved
    into the metadata: never classified, never screened as the resident's
    own words, and never stored (the tracker store drops PASTED_TEXT)."""
    metadata[PASTED_TEXT] = text
    return "/check_message"


def fallback_reply(agent: Any, text: str) -> Dict[str, Any]:
    """The NLG's reply for an unanswered message: 999 if in danger, else 101."""
    render = getattr(getattr(agent, "nlg", None), "fallback_reply", None)
    return dict(render(text)) if callable(render) else {"text": ""}


def _stale(sent_at: Any) -> bool:
    return isinstance(sent_at, (int, float)) and time.time() - sent_at > settings.message_deadline_seconds()


def _bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=400)


class ResidentInput(InputChannel):
    """The only way residents' words reach Rasa."""

    @classmethod
    def name(cls) -> str:
        return RESIDENT_INPUT

    def _authorised(self, request: Request) -> bool:
        supplied = request.headers.get("Authorization", "")
        expected = f"Bearer {settings.rasa_auth_token()}"
        return hmac.compare_digest(supplied.encode(), expected.encode())

    @staticmethod
    def _validate(body: Any) -> str | None:
        if not isinstance(body, dict):
            return "body must be a JSON object"
        sender = body.get("sender")
        if not isinstance(sender, str) or not SENDER_ID.match(sender):
            return "sender must be 16-128 letters, digits, '-' or '_'"
        text = body.get("message")
        if not isinstance(text, str) or not text.strip():
            return "message must be non-empty text"
        if len(text) > settings.max_message_chars():
            return f"message is longer than {settings.max_message_chars()} characters"
        message_id = body.get("message_id")
        if message_id is not None and (not isinstance(message_id, str) or not MESSAGE_ID.match(message_id)):
            return "message_id must be 32 lowercase hex digits"
        sent_at = body.get("sent_at")
        if sent_at is not None and (isinstance(sent_at, bool) or not isinstance(sent_at, (int, float))):
            return "sent_at must be a number (seconds since the epoch)"
        metadata = body.get("metadata") or {}
        if not isinstance(metadata, dict):
            return "metadata must be an object"
        for key, value in metadata.items():
            if not _metadata_allowed(key, value):
                return f"metadata '{key}' is not allowed"
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("resident_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._authorised(request):
                return response.json({"error": "unauthorised"}, status=401)
            try:
                body = request.json
            except Exception:
                return _bad_request("body must be JSON")
            problem = self._validate(body)
            if problem:
                return _bad_request(problem)
            if _stale(body.get("sent_at")):
                # The resident's channel gave up on this message and already
                # answered it safely (Rasa was frozen or queued behind a hung
                # store); the channel's outbox keeps it. Handling it now would
                # store it twice and answer nobody.
                logger.warning(
                    "message arrived after the channel's deadline; not handled (the channel kept it)",
                    extra={"conversation_id": conversation_ref(body["sender"])},
                )
                return response.json({"error": "stale"}, status=409)
            sender: str = body["sender"]
            metadata: Dict[str, Any] = dict(body.get("metadata") or {})
            text: str = body["message"]
            is_command = metadata.get("command") is True and text.strip() in COMMAND_PAYLOADS
            if metadata.get(PASTED) is True:
                text = as_check(text, metadata)
            elif text.strip().startswith("/") and not is_command:
                tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
                offered = offered_payloads(tracker.events if tracker else [])
                processed = neutralise_payload(text, offered)
                if processed != text.strip():
                    logger.info(
                        "typed payload not offered in this conversation, read as words",
                        extra={"conversation_id": conversation_ref(sender)},
                    )
                text = processed
            collector = CollectingOutputChannel()
            problems: List[str] = []
            STORE_PROBLEMS.set(problems)
            failed = False
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=metadata,
                        message_id=body.get("message_id"),
                    )
                )
            except Exception as error:
                failed = True
                logger.error(
                    "message could not be handled; sent the error reply. Check that the "
                    "action server (port 5055), the database and Redis are up",
                    extra={"conversation_id": conversation_ref(sender), "error": type(error).__name__},
                )
            if problems:
                logger.error(
                    "the conversation store failed while handling a message; the channel keeps it "
                    "until the store is back. Check the database",
                    extra={"conversation_id": conversation_ref(sender), "problems": problems},
                )
            if not collector.messages:
                # Never leave a resident with silence: the error reply names
                # 999 and 101. Silence here means an action failed.
                logger.error(
                    "no reply was produced; sent the error reply. Check the action server logs",
                    extra={"conversation_id": conversation_ref(sender)},
                )
                collector.messages.append(
                    {"recipient_id": sender, **fallback_reply(request.app.ctx.agent, text)}
                )
                # The message itself was stored (unless something else failed);
                # the error reply shown was not.
                kept = "message" if not (failed or problems) else "nothing"
            else:
                kept = "all" if not (failed or problems) else "nothing"
            return response.json(collector.messages, headers={KEPT_HEADER: kept})

        return hook
