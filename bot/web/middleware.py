"""The web process's middlewares: CORS for the chat API (allowed embedding
origins only), safe headers, and kind answers instead of stack traces."""

from __future__ import annotations

import logging
from typing import Awaitable, Callable

from aiohttp import web

from bot import settings

logger = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


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
