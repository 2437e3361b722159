"""What every editor page shares: the page templates (Jinja2 with
autoescaping: everything shown is escaped, including the comms team's own
text), the logged-in person, and role checks."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Callable, TypeVar

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.admin.staff_sessions import LoggedIn
from bot.http.headers import PAGE_HEADERS

HERE = Path(__file__).resolve().parent
T = TypeVar("T")

PAGES = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

# The public pages' policy (no inline script, no framing), never cached, and
# the referrer kept within the editor.
HEADERS = {**PAGE_HEADERS, "Cache-Control": "no-store", "Referrer-Policy": "same-origin"}


def who(request: web.Request) -> LoggedIn:
    return request["logged_in"]


def page(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    logged_in = request.get("logged_in")
    body = PAGES.get_template(template).render(
        me=logged_in.actor if logged_in else None,
        csrf_token=logged_in.csrf_token if logged_in else "",
        path=request.path,
        notice=request.query.get("done", "")[:100],
        **context,
    )
    return web.Response(text=body, content_type="text/html", status=status)


def require(request: web.Request, role: str) -> None:
    """Refuse (403) unless the logged-in person's role allows `role`'s work."""
    if not who(request).actor.can(role):
        raise web.HTTPForbidden(text=f"You need the {role} role to do this. Ask an admin.")


def back(location: str, done: str = "") -> web.HTTPSeeOther:
    from urllib.parse import urlencode

    separator = "&" if "?" in location else "?"
    return web.HTTPSeeOther(location + (f"{separator}{urlencode({'done': done})}" if done else ""))


def valid_id(value: object) -> int:
    """A database id from a form or URL; ValueError unless 1 <= id < 2**31."""
    number = int(str(value or ""))
    if not 0 < number < 2**31:
        raise ValueError("out of range")
    return number


async def off_loop(function: Callable[..., T], *args: Any) -> T:
    """Run slow work (checks, previews) in a thread, so the public chat served
    by the same process never waits for it."""
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)
