"""Start the private Rasa server (127.0.0.1:5005) for this project.

Rasa's CLI takes the API token as a command-line argument, where `ps` and
process listings would show it; this launcher reads it from the
environment (or var/) instead, and configures Rasa's logs so that what
residents type never reaches them.

    python -m bot.rasa.server [MODEL]
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, MutableMapping

import structlog

from bot import settings
from bot.logs import configure_logging

# Keys of Rasa's structured log events that can carry residents' words.
SENSITIVE_LOG_KEYS = (
    "text",
    "response_text",
    "user_text",
    "slot_values",
    "parse_data_text",
    "parse_data_entities",
    "prediction_events",
    "tracker_latest_message",
    "prefilled_slots",
    "message",
    "response",
    "slot_candidates",
    "rasa_event",
    "rasa_events",
    "tracker_states",
    "current_states",
    "old_states",
    "states",
    "entity",
    "current_entity",
    "next_entity",
    "token_text",
    "user_message",
    "json_message",
    "events",
    "tracker",
    "value",
    "metadata",
)


def scrub_sensitive(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in SENSITIVE_LOG_KEYS:
        if key in event_dict:
            event_dict[key] = "[withheld]"
    return event_dict


def configure_rasa_logging() -> None:
    from rasa.utils.log_utils import configure_structlog

    settings.export("FORCE_JSON_LOGGING", "1", only_if_unset=True)
    level = logging.getLevelName(settings.log_level())
    configure_structlog(level)
    config = structlog.get_config()
    structlog.configure(processors=[scrub_sensitive, *config["processors"]])
    configure_logging()
    for noisy in ("sanic.access", "apscheduler", "asyncio", "tensorflow", "absl"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def bound_action_calls() -> None:
    """Rasa waits up to five minutes for a custom action, holding the
    conversation's lock; a hung action server would then stall every later
    message of that conversation. ACTION_TIMEOUT_SECONDS bounds each call:
    past it Rasa logs the failure and goes on, and the channel answers."""
    import rasa.core.actions.action
    import rasa.utils.endpoints

    seconds = int(max(1.0, settings.action_timeout_seconds()))
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = seconds
    rasa.utils.endpoints.DEFAULT_REQUEST_TIMEOUT = seconds


def main() -> None:
    model = sys.argv[1] if len(sys.argv) > 1 else str(settings.ROOT / "models" / "essex.tar.gz")
    os.chdir(settings.ROOT)  # config paths (spaCy pipeline, responses/) are relative
    # Read by Rasa's lock store when it is first imported.
    settings.export("TICKET_LOCK_LIFETIME", str(settings.rasa_lock_seconds()))
    configure_rasa_logging()
    settings.export("ACTION_ENDPOINT_URL", settings.action_endpoint_url())
    import rasa.api

    from bot.rasa import speedups

    speedups.install()
    bound_action_calls()

    rasa.api.run(
        model=model,
        endpoints="endpoints.yml",
        credentials="credentials.yml",
        interface=settings.rasa_interface(),
        port=settings.rasa_port(),
        enable_api=True,
        auth_token=settings.rasa_auth_token(),
        response_timeout=settings.rasa_response_timeout(),
    )


if __name__ == "__main__":
    main()
