"""Rasa's natural language generator for this project.

endpoints.yml names it (`nlg: type: bot.rasa.nlg.ContentNLG`), so every
reply Rasa sends is rendered here, at send time, from the current content:
a text change is live in the next reply, with no retraining or restart.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Dict

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.content.compose import Composer, Resident
from bot.content.db_source import default_source
from bot.content.source import ContentSource
from bot.contract import AUDIENCE_NOW, CHANNELS, DEFAULT_CHANNEL
from bot.logs import conversation_ref
from bot.safety.fallback import fallback_reply_name

logger = logging.getLogger(__name__)

ERROR_REPLY = "utter_error"


def resident_from_tracker(tracker: DialogueStateTracker, output_channel: str) -> Resident:
    metadata = (tracker.latest_message.metadata if tracker.latest_message else None) or {}
    channel = metadata.get("channel") if metadata.get("channel") in CHANNELS else None
    audience = tracker.get_slot("audience")
    district = tracker.get_slot("location")
    return Resident(
        channel=channel or (output_channel if output_channel in CHANNELS else DEFAULT_CHANNEL),
        audience=str(audience) if audience else None,
        district=str(district) if district else None,
    )


class ContentNLG(NaturalLanguageGenerator):
    """Renders replies from the comms team's content."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        domain: Domain | None = None,
        source: ContentSource | None = None,
    ) -> None:
        self.source = source or default_source()
        # Rendered once from good content, so a later broken edit still
        # leaves a kind reply with the right numbers to fall back on.
        self._error_reply = Composer(self.source.current(), Resident()).compose(ERROR_REPLY)

    def error_reply(self) -> Dict[str, Any]:
        return dict(self._error_reply)

    def fallback_reply(self, text: str) -> Dict[str, Any]:
        """The reply for a message that got no answer: 999 if it says someone
        is in danger, Samaritans for self-harm, else the error reply."""
        name = fallback_reply_name(text)
        return self.render(name, Resident()) if name != ERROR_REPLY else self.error_reply()

    def render(self, name: str, resident: Resident, **kwargs: Any) -> Dict[str, Any]:
        try:
            return Composer(self.source.current(), resident).compose(name, **kwargs)
        except Exception:
            logger.exception(
                "reply could not be rendered, sent the error reply instead; "
                "check the template with `make check-content`",
                extra={"reply": name},
            )
            return dict(self._error_reply)

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> Dict[str, Any] | None:
        resident = resident_from_tracker(tracker, output_channel)
        if isinstance(kwargs.get(AUDIENCE_NOW), str):
            resident = dataclasses.replace(resident, audience=kwargs[AUDIENCE_NOW])
        message = self.render(utter_action, resident, **kwargs)
        logger.debug(
            "reply rendered",
            extra={"reply": utter_action, "conversation_id": conversation_ref(tracker.sender_id)},
        )
        return message
