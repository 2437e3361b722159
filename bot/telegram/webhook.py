"""Telegram webhook mode, served by the public web process.

`POST /telegram/webhook` accepts an update only with the right
`X-Telegram-Bot-Api-Secret-Token` header (403 otherwise) and hands it to the
python-telegram-bot Application running inside the web process.
"""

from __future__ import annotations

import hmac
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot import settings
from bot.channels.relay import RasaRelay
from bot.telegram.bot import build_application

logger = logging.getLogger(__name__)
PATH = "/telegram/webhook"
# Telegram waits about a minute for a webhook's answer; well inside that.
WEBHOOK_READY_WAIT_SECONDS = 20.0


def add_webhook(app: web.Application, token: str) -> None:
    url, secret = settings.telegram_webhook()
    if len(secret) < 16 or not url.startswith("https://"):
        raise ValueError(
            "webhook mode needs TELEGRAM_WEBHOOK_URL (https) and TELEGRAM_WEBHOOK_SECRET (16+ characters)"
        )
    telegram: Application = build_application(token, settings.telegram_api_base_url(), updater=False)
    relay: RasaRelay = telegram.bot_data["relay"]

    async def receive(request: web.Request) -> web.Response:
        supplied = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(supplied.encode(), secret.encode()):
            return web.json_response({"error": "forbidden"}, status=403)
        try:
            update = Update.de_json(await request.json(), telegram.bot)
        except Exception:
            return web.json_response({"error": "not an update"}, status=400)
        if not await relay.ready(wait=WEBHOOK_READY_WAIT_SECONDS):
            # Starting up: Telegram delivers the update again later (it keeps
            # retrying for hours), and it is answered once Rasa is ready.
            logger.warning("Telegram update refused until Rasa has loaded its model; Telegram will retry")
            return web.json_response({"error": "starting"}, status=503, headers={"Retry-After": "5"})
        await telegram.update_queue.put(update)
        return web.json_response({"ok": True})

    async def start(_: web.Application) -> None:
        await telegram.initialize()
        await telegram.start()
        if telegram.post_init:
            await telegram.post_init(telegram)
        await telegram.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        logger.info("Telegram webhook set")

    async def stop(_: web.Application) -> None:
        await telegram.stop()
        if telegram.post_shutdown:
            await telegram.post_shutdown(telegram)
        await telegram.shutdown()

    app.router.add_post(PATH, receive)
    app.on_startup.append(start)  # type: ignore[arg-type]  # aiohttp 3.8's signal types disagree with aiosignal's
    app.on_cleanup.append(stop)  # type: ignore[arg-type]  # aiohttp 3.8's signal types disagree with aiosignal's
