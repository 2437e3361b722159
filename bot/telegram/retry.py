"""Calls to the Bot API that survive Telegram's hiccups.

python-telegram-bot lets a rate limiter wrap every request. This one waits
as long as Telegram says on a 429 (`RetryAfter`) and retries network errors
and 5xx answers with exponential backoff, a bounded number of times, then
gives up (the error is logged by the caller).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable, Coroutine, Dict, Optional, Union

from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

Result = Union[bool, Dict[str, Any], list]


class RetryingRateLimiter(BaseRateLimiter[None]):
    def __init__(self, attempts: int = 4, backoff: float = 0.5, longest_wait: float = 60.0) -> None:
        self.attempts = attempts
        self.backoff = backoff
        self.longest_wait = longest_wait

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: Dict[str, Any],
        endpoint: str,
        data: Dict[str, Any],
        rate_limit_args: Optional[None],
    ) -> Result:
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = error.retry_after
                seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
                if attempt == self.attempts or seconds > self.longest_wait:
                    raise
                logger.warning(
                    "Telegram asked us to slow down; waiting as told",
                    extra={"endpoint": endpoint, "seconds": seconds},
                )
                await asyncio.sleep(seconds)
            except (NetworkError, TimedOut) as error:
                if endpoint == "getUpdates" or attempt == self.attempts:
                    raise
                logger.warning(
                    "Telegram request failed; retrying",
                    extra={"endpoint": endpoint, "attempt": attempt, "error": type(error).__name__},
                )
                await asyncio.sleep(delay)
                delay *= 2
        raise RuntimeError("unreachable")
