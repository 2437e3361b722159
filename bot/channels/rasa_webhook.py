"""The one client of Rasa's private side: the `resident` webhook, Rasa's
status and a conversation's restart. Async (the web and Telegram
processes); `send` is a small blocking wrapper for `make shell`, the tests
and the benchmarks."""

from __future__ import annotations

import asyncio
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import aiohttp

from bot import settings
from bot.contract import DEFAULT_CHANNEL, KEPT_HEADER, WEBHOOK_PATH

Reply = Dict[str, Any]


def new_sender_id() -> str:
    """A random, unguessable conversation id."""
    return secrets.token_urlsafe(24)


@dataclass
class Answer:
    """Rasa's answer to one message: its HTTP status, the replies, and what
    Rasa's store kept of the exchange (`bot.contract.KEPT_HEADER`)."""

    status: int
    replies: List[Reply] = field(default_factory=list)
    kept: str = "all"


class RasaRefused(ConnectionError):
    """Rasa answered, but not with replies (`status`: 400, 401, 409, 5xx)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"Rasa answered HTTP {status}")
        self.status = status


class RasaWebhook:
    def __init__(
        self, base_url: Optional[str] = None, token: Optional[str] = None, timeout: Optional[float] = None
    ) -> None:
        self.base_url = base_url or settings.rasa_url()
        self.token = token or settings.rasa_auth_token()
        self.timeout = timeout or settings.relay_timeout_seconds()
        self._session: Optional[aiohttp.ClientSession] = None

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                # A new connection per message: behind a Kubernetes Service,
                # kept-alive connections would pin a web replica to one Rasa
                # replica (the Service balances connections, not requests),
                # and a Rasa replica taken out of rotation would still get
                # messages on them until it stopped.
                connector=aiohttp.TCPConnector(force_close=True),
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def post(self, body: Dict[str, Any]) -> Answer:
        """Post one message; raises aiohttp.ClientError or asyncio.TimeoutError."""
        client = await self._client()
        async with client.post(self.base_url + WEBHOOK_PATH, json=body) as response:
            if response.status != 200:
                return Answer(response.status)
            return Answer(200, list(await response.json()), response.headers.get(KEPT_HEADER, "all"))

    async def model_loaded(self, timeout: float = 1.0) -> bool:
        """Whether Rasa answers with its model loaded; False on any failure."""
        try:
            client = await self._client()
            async with client.get(
                self.base_url + "/status",
                params={"token": self.token},
                timeout=aiohttp.ClientTimeout(total=timeout),
            ) as response:
                return response.status == 200 and bool((await response.json()).get("model_file"))
        except (asyncio.TimeoutError, aiohttp.ClientError, ValueError):
            return False

    async def restart(self, sender: str) -> bool:
        """Start the conversation again (Rasa's `restart` event); False if Rasa is unreachable."""
        try:
            client = await self._client()
            # Rasa's HTTP API takes its token as a query parameter.
            async with client.post(
                f"{self.base_url}/conversations/{sender}/tracker/events",
                params={"token": self.token},
                json={"event": "restart"},
            ) as response:
                return response.status == 200
        except (asyncio.TimeoutError, aiohttp.ClientError):
            return False


def send(
    sender: str,
    text: str,
    channel: str = DEFAULT_CHANNEL,
    base_url: str | None = None,
    token: str | None = None,
    timeout: float = 30,
) -> List[Reply]:
    """Blocking: send one message and return the assistant's replies; raises
    ConnectionError if Rasa cannot be reached, RasaRefused if it does not answer 200."""

    async def once() -> List[Reply]:
        webhook = RasaWebhook(base_url, token, timeout)
        try:
            answer = await webhook.post({"sender": sender, "message": text, "metadata": {"channel": channel}})
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise ConnectionError(f"Rasa could not be reached ({type(error).__name__})") from error
        finally:
            await webhook.close()
        if answer.status != 200:
            raise RasaRefused(answer.status)
        return answer.replies

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(once())
    # Called from a thread whose event loop is running (Playwright's sync API
    # runs one): the request gets a loop of its own on another thread.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, once()).result()
