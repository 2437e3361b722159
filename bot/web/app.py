"""The public web process: widget assets, chat API and the demo page.

python -m bot.web          (started by `make run`; WEB_HOST/WEB_PORT)
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Awaitable, Callable, FrozenSet, Optional

import yaml
from aiohttp import web

from bot import settings
from bot.channels.relay import RasaRelay
from bot.content.compose import Composer, Resident
from bot.content.db_source import default_source
from bot.content.source import ContentSource
from bot.http.headers import PAGE_HEADERS, secure_every_response
from bot.http.ratelimit import RateLimiter
from bot.web.assets import Assets
from bot.web.chat_api import ChatApi
from bot.web.health import Health
from bot.web.sessions import Sessions

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def domain_intents() -> FrozenSet[str]:
    domain = yaml.safe_load((settings.ROOT / "domain.yml").read_text(encoding="utf-8"))
    return frozenset(domain["intents"])


def _origin_allowed(request: web.Request, origin: str) -> bool:
    own = f"{request.scheme}://{request.host}"
    return origin.rstrip("/") in {own, *settings.allowed_origins()}


@web.middleware
async def cors_and_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """CORS for the chat API (allowed embedding origins only) and safe headers."""
    origin = request.headers.get("Origin")
    is_api = request.path.startswith("/api/")
    if is_api and origin and not _origin_allowed(request, origin):
        return web.json_response({"error": "This site may not use the assistant."}, status=403)
    if is_api and request.method == "OPTIONS":
        response: web.StreamResponse = web.Response(status=204)
    else:
        response = await handler(request)
    if is_api and origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
        response.headers["Vary"] = "Origin"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if is_api:
        response.headers["Cache-Control"] = "no-store"
    return response


@web.middleware
async def kind_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """No stack traces: unexpected errors become a plain JSON or text answer."""
    try:
        return await handler(request)
    except web.HTTPException as http_error:
        if request.path.startswith("/api/"):
            reason = "The message was too long." if http_error.status == 413 else http_error.reason
            return web.json_response({"error": reason}, status=http_error.status)
        raise
    except Exception:
        logger.exception("unexpected error in the web process", extra={"path": request.path})
        if request.path.startswith("/api/"):
            return web.json_response({"error": "Sorry, something went wrong. Please try again."}, status=500)
        return web.Response(text="Sorry, something went wrong.", status=500)


class WidgetPages:
    def __init__(self, assets: Assets, content: ContentSource) -> None:
        self.assets = assets
        self.content = content
        # Read once: they ship with the code and change only with a deploy.
        self.loader_template = (HERE / "static" / "loader.js").read_text(encoding="utf-8")
        self.demo_page = (HERE / "static" / "demo.html").read_text(encoding="utf-8")

    def routes(self) -> list:
        return [
            web.get("/", self.demo),
            web.get("/widget.js", self.loader),
            web.get("/static/{name}", self.static),
        ]

    def _widget_config(self) -> dict:
        content = self.content.current()
        composer = Composer(content, Resident(channel="web"))
        return {
            "notice": composer.compose("widget_notice")["text"],
            "unavailable": composer.compose("utter_error")["text"],
            "quickExitUrl": settings.quick_exit_url(),
            "topics": {topic.id: topic.title for topic in content.topics.values()},
            "script": self.assets.url("widget.js"),
            "style": self.assets.url("widget.css"),
            "maxChars": settings.max_message_chars(),
        }

    async def loader(self, request: web.Request) -> web.Response:
        body = self.loader_template.replace("__CONFIG__", json.dumps(self._widget_config()))
        return web.Response(
            text=body,
            content_type="application/javascript",
            headers={"Cache-Control": "public, max-age=300"},
        )

    async def static(self, request: web.Request) -> web.Response:
        asset = self.assets.get(request.match_info["name"])
        if asset is None:
            raise web.HTTPNotFound()
        return web.Response(
            body=asset.body,
            headers={
                "Content-Type": asset.content_type,
                "Cache-Control": "public, max-age=31536000, immutable",
                "Access-Control-Allow-Origin": "*",
            },
        )

    async def demo(self, request: web.Request) -> web.Response:
        return web.Response(text=self.demo_page, content_type="text/html", headers=PAGE_HEADERS)


def create_app(
    relay: Optional[RasaRelay] = None,
    sessions: Optional[Sessions] = None,
    limiter: Optional[RateLimiter] = None,
    content: Optional[ContentSource] = None,
) -> web.Application:
    content = content or default_source()
    relay = relay or RasaRelay(channel="web", content=content)
    # The editor's forms carry whole topics; the chat API keeps its own, smaller limit.
    app = web.Application(middlewares=[kind_errors, cors_and_headers], client_max_size=256 * 1024)
    app.on_response_prepare.append(secure_every_response)
    limiter = limiter or RateLimiter()
    api = ChatApi(relay, sessions or Sessions(), limiter, domain_intents())
    app.add_routes(api.routes())
    app.router.add_route("OPTIONS", "/api/{tail:.*}", lambda request: web.Response(status=204))
    app.add_routes(WidgetPages(Assets(), content).routes())
    app.add_routes(Health().routes())
    if settings.admin_enabled():
        from bot.admin.app import add_admin

        add_admin(app, content, limiter)

    async def close_relay(_: web.Application) -> None:
        await relay.close()

    app.on_cleanup.append(close_relay)

    async def background_work(_: web.Application):
        """Carry out forgets and store outbox exchanges kept during an outage."""
        tasks = [asyncio.create_task(api.pending_forgets.run()), asyncio.create_task(relay.outbox.run())]
        asyncio.get_running_loop().run_in_executor(None, relay.warm_up)
        yield
        for task in tasks:
            task.cancel()

    app.cleanup_ctx.append(background_work)
    token = settings.telegram_token()
    if token and settings.telegram_mode() == "webhook":
        from bot.telegram.webhook import add_webhook

        add_webhook(app, token)
    return app
