"""A stand-in Telegram Bot API server for the tests.

It records every method call, serves queued updates to getUpdates, and can
answer 429 (with retry_after), 500 or hang on demand.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple

from aiohttp import web

BOT = {"id": 4242, "is_bot": True, "first_name": "Essex assistant", "username": "essex_test_bot"}


@dataclass
class Call:
    method: str
    params: Dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class BotApiStandIn:
    def __init__(self) -> None:
        self.calls: List[Call] = []
        self.updates: List[Dict[str, Any]] = []
        self.faults: Dict[str, List[Tuple[str, float]]] = {}
        self._message_id = 100
        self.runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail(self, method: str, *faults: Tuple[str, float]) -> None:
        """Queue faults for a method: ("429", retry_after), ("500", 0), ("hang", seconds)."""
        self.faults.setdefault(method, []).extend(faults)

    def sent(self, method: str = "sendMessage") -> List[Call]:
        return [call for call in self.calls if call.method == method]

    async def _params(self, request: web.Request) -> Dict[str, Any]:
        if request.content_type == "application/json":
            return await request.json()
        params: Dict[str, Any] = {}
        for key, value in (await request.post()).items():
            try:
                params[key] = json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value
            except json.JSONDecodeError:
                params[key] = value
        return params

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        queued = self.faults.get(method)
        if queued:
            kind, value = queued.pop(0)
            if kind == "429":
                self.calls.append(Call(f"{method}:429", params))
                return web.json_response(
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": "Too Many Requests",
                        "parameters": {"retry_after": int(value)},
                    },
                    status=429,
                )
            if kind == "500":
                self.calls.append(Call(f"{method}:500", params))
                return web.json_response(
                    {"ok": False, "error_code": 500, "description": "Internal"}, status=500
                )
            if kind == "hang":
                await asyncio.sleep(value)
        self.calls.append(Call(method, params))
        return web.json_response({"ok": True, "result": await self._result(method, params)})

    async def _result(self, method: str, params: Dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method == "getUpdates":
            # As Telegram: an update is kept until a later call's offset
            # confirms it, so a bot that stops before confirming gets it again.
            offset = int(params.get("offset", 0) or 0)
            deadline = time.monotonic() + min(float(params.get("timeout", 0) or 0), 2)
            while time.monotonic() < deadline and not any(u["update_id"] >= offset for u in self.updates):
                await asyncio.sleep(0.05)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            return list(self.updates[: int(params.get("limit", 100) or 100)])
        if method == "sendMessage":
            self._message_id += 1
            message = {
                "message_id": self._message_id,
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT,
                "text": params.get("text", ""),
            }
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        return True

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()


def message_update(
    update_id: int, chat_id: int, text: str | None = None, chat_type: str = "private", **extra: Any
) -> Dict[str, Any]:
    message: Dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": chat_type, **({"title": "Group"} if chat_type != "private" else {})},
        "from": {"id": chat_id if chat_type == "private" else 777, "is_bot": False, "first_name": "Resident"},
        **extra,
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def button_update(update_id: int, chat_id: int, data: str, sent: Call) -> Dict[str, Any]:
    """A press on a button of the message the bot sent in call `sent`."""
    pressed_on = {
        "message_id": 500 + update_id,
        "date": 0,
        "chat": {"id": chat_id, "type": "private"},
        "text": sent.params["text"],
        "reply_markup": sent.params["reply_markup"],
    }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Resident"},
            "chat_instance": "ci",
            "data": data,
            "message": pressed_on,
        },
    }
