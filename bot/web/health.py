"""Probes for whoever runs the process (Kubernetes, a load balancer, a
person at 3am), each answered within a second whatever is hung:

    GET /healthz  liveness: the web process is answering.
    GET /readyz   readiness: Rasa answers with its model loaded, and the
                  database answers; 503 naming what is not ready otherwise.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Dict

import aiohttp
import sqlalchemy as sa
from aiohttp import web

from bot import settings
from bot.db.engine import engine

logger = logging.getLogger(__name__)

PROBE_SECONDS = 0.8


def _database_answers() -> None:
    with engine().connect() as connection:
        connection.execute(sa.text("SELECT 1"))


class Health:
    def __init__(self, rasa_url: str | None = None, token: str | None = None) -> None:
        self.rasa_url = rasa_url or settings.rasa_url()
        self.token = token or settings.rasa_auth_token()

    def routes(self) -> list:
        return [web.get("/healthz", self.live), web.get("/readyz", self.ready)]

    async def live(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def _rasa(self) -> None:
        timeout = aiohttp.ClientTimeout(total=PROBE_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as client:
            async with client.get(f"{self.rasa_url}/status", params={"token": self.token}) as response:
                if response.status != 200 or not (await response.json()).get("model_file"):
                    raise RuntimeError(f"Rasa answered HTTP {response.status} without a loaded model")

    async def _database(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, _database_answers)

    async def ready(self, request: web.Request) -> web.Response:
        checks = {"rasa": self._rasa(), "database": self._database()}
        results = await asyncio.gather(
            *(asyncio.wait_for(check, PROBE_SECONDS) for check in checks.values()), return_exceptions=True
        )
        status: Dict[str, str] = {}
        for name, result in zip(checks, results, strict=True):
            status[name] = (
                "ok" if not isinstance(result, BaseException) else f"not ready ({type(result).__name__})"
            )
        ready = all(value == "ok" for value in status.values())
        if not ready:
            logger.warning("not ready", extra=status)
        return web.json_response(status, status=200 if ready else 503)
