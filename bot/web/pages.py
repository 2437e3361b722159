"""The widget's pages: the loader script (with the widget's settings and
content), its static assets, and the demo page."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp import web

from bot import settings
from bot.content.compose import Composer, Resident
from bot.content.source import ContentSource
from bot.http.headers import PAGE_HEADERS
from bot.web.assets import Assets

HERE = Path(__file__).resolve().parent


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
