"""Requests to forget a conversation that could not be carried out because
the conversation store was down: kept on local disk (one conversation id per
line, under `var/`), and carried out once the store is back.

A file survives a restart of the web process; each replica keeps and
retries its own. Conversation ids are random and carry nothing about the
resident.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from pathlib import Path
from typing import Callable, List

from bot import settings
from bot.logs import conversation_ref

logger = logging.getLogger(__name__)

RETRY_SECONDS = 10.0


class PendingForgets:
    def __init__(self, path: Path | None = None, forget: Callable[[str], int] | None = None) -> None:
        self.path = path or settings.var_dir() / "pending_forgets"
        if forget is None:
            from bot.privacy.conversations import forget as forget_now

            forget = forget_now
        self.forget = forget
        self._lock = threading.Lock()

    def add(self, sender_id: str) -> None:
        """Keep the request on disk before the resident is told it will be done."""
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(sender_id + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        logger.warning(
            "conversation store unavailable: the request to forget is kept and will be carried out "
            "when the store is back",
            extra={"conversation_id": conversation_ref(sender_id)},
        )

    def waiting(self) -> List[str]:
        with self._lock:
            if not self.path.exists():
                return []
            return [line for line in self.path.read_text(encoding="utf-8").splitlines() if line]

    def carry_out(self) -> int:
        """Forget every waiting conversation the store now accepts; how many were done."""
        done = 0
        for sender_id in self.waiting():
            try:
                self.forget(sender_id)
            except Exception:  # the store is still down: try again later
                logger.info("conversation store still unavailable; forget requests wait")
                break
            done += 1
        if done:
            with self._lock:
                lines = self.path.read_text(encoding="utf-8").splitlines()
                remaining = [line for line in lines[done:] if line]
                self.path.write_text("".join(f"{line}\n" for line in remaining), encoding="utf-8")
            logger.info("forget requests kept during an outage carried out", extra={"conversations": done})
        return done

    async def run(self, every: float = RETRY_SECONDS) -> None:
        """Retry in the background for as long as the process runs."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(every)
            if self.path.exists() and self.path.stat().st_size:
                await loop.run_in_executor(None, self.carry_out)
