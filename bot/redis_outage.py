"""What the project does while Redis is down or hung, in one place: each
call gives up after REDIS_TIMEOUT_SECONDS; after a failure Redis is skipped
for RETRY_SECONDS (the caller works from its own memory meanwhile), and the
log says so at most once a minute. Used by the rate limits and Rasa's lock
store."""

from __future__ import annotations

import logging
import time

REDIS_TIMEOUT_SECONDS = 0.5
RETRY_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0


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
