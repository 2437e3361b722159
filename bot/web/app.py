"""The public web process's assembly: the chat API, the widget's pages,
health checks, the editor under /admin and, in webhook mode, the Telegram
bot, on one aiohttp application. `python -m bot.web` runs it; nothing else
in `bot/` imports this module."""

from __future__ import annotations

import asyncio
from typing import Optional

from aiohttp import web

from bot import settings
from bot.channels.relay import RasaRelay
from bot.content.db_source import default_source
from bot.content.source import ContentSource
from bot.contract import INTENTS
from bot.http.headers import secure_every_response
from bot.http.ratelimit import RateLimiter
from bot.web.assets import Assets
from bot.web.chat_api import ChatApi
from bot.web.health import Health
from bot.web.middleware import cors_and_headers, kind_errors
from bot.web.pages import WidgetPages
from bot.web.sessions import Sessions


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
    app.on_response_prepare.append(secure_every_response)  # type: ignore[arg-type]  # aiohttp 3.8's signal types disagree with aiosignal's
    limiter = limiter or RateLimiter()
    api = ChatApi(relay, sessions or Sessions(), limiter, frozenset(INTENTS))
    app.add_routes(api.routes())

    async def preflight(_: web.Request) -> web.Response:
        return web.Response(status=204)

    app.router.add_route("OPTIONS", "/api/{tail:.*}", preflight)
    app.add_routes(WidgetPages(Assets(), content).routes())
    app.add_routes(Health().routes())
    if settings.admin_enabled():
        from bot.admin.app import add_admin

        add_admin(app, content, limiter)

    async def close_relay(_: web.Application) -> None:
        await relay.close()

    app.on_cleanup.append(close_relay)  # type: ignore[arg-type]  # aiohttp 3.8's signal types disagree with aiosignal's

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
