"""Security headers: those of every HTML page, and those every response gets
as it is sent (errors included)."""

from __future__ import annotations

from aiohttp import web

PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


async def secure_every_response(request: web.Request, response: web.StreamResponse) -> None:
    """Runs as every response's headers are sent, errors included (405, 413,
    CORS 403, 500): no `Server` header naming the software, `nosniff` and no
    referrer everywhere, and nothing cached from the API or from an error."""
    response.headers.pop("Server", None)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.path.startswith("/api/") or response.status >= 400:
        response.headers["Cache-Control"] = "no-store"
