"""What the project does while Redis is down or hung, in one place: each
call gives up after REDIS_TIMEOUT_SECONDS; after a failure Redis is skipped
for RETRY_SECONDS (the caller works from its own memory meanwhile), and the
log says so at most once a minute. Used by the rate limits, the
conversation turns, Telegram's repeats and Rasa's lock store."""

from __future__ import annotations

import logging
import time
from typing import Optional

import redis.asyncio as aioredis

from bot import settings

REDIS_TIMEOUT_SECONDS = 0.5
RETRY_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0


def async_client(url: Optional[str] = None) -> Optional[aioredis.Redis]:
    """A Redis client whose every call gives up after REDIS_TIMEOUT_SECONDS,
    for `url` (default REDIS_URL); None when there is no Redis to use."""
    url = url if url is not None else settings.redis_url()
    if not url:
        return None
    return aioredis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )


class RedisOutage:
    def __init__(self, logger: logging.Logger, what: str, instead: str) -> None:
        self.logger = logger
        self.message = (
            f"{what}: Redis did not answer, {instead} until it does; check REDIS_URL and that Redis is up"
        )
        self._skip_until = 0.0
        self._warned = float("-inf")

    def skipping(self) -> bool:
        """Whether Redis failed within the last RETRY_SECONDS."""
        return time.monotonic() < self._skip_until

    def failed(self, failure: BaseException) -> None:
        now = time.monotonic()
        self._skip_until = now + RETRY_SECONDS
        if now - self._warned > WARN_EVERY_SECONDS:
            self._warned = now
            self.logger.warning(self.message, extra={"error": type(failure).__name__})
