"""The address a request came from: the proxy's X-Forwarded-For when
TRUST_PROXY is set (behind the TLS proxy), else the socket's peer."""

from __future__ import annotations

from aiohttp import web

from bot import settings


def client_address(request: web.Request) -> str:
    if settings.trust_proxy():
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.remote or "unknown"
