"""The editor under /admin: login, and the guard every request passes.

- Every page but the login page needs a logged-in member of staff; others
  are sent to the login page.
- Every POST must carry the CSRF token of the session (or, for the login
  form, the one in its cookie); without it the request is refused (403).
- Session cookies are HttpOnly and SameSite=Strict, and Secure unless the
  editor is opened on this machine (localhost) for development.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Awaitable, Callable
from urllib.parse import urlencode

from aiohttp import web

from bot.admin.accounts import Accounts
from bot.admin.pages import HEADERS, HERE, back, page
from bot.admin.staff_sessions import COOKIE, StaffSessions, same_token
from bot.content.source import ContentSource
from bot.content.store import ContentStore
from bot.http.address import client_address
from bot.http.ratelimit import RateLimiter

logger = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LOGIN_COOKIE = "admin_login_csrf"
OPEN_PATHS = ("/admin/login", "/admin/static/")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _secure(request: web.Request) -> bool:
    host = request.host or ""
    if host.startswith("["):
        host = host[1:].split("]")[0]
    elif host.count(":") == 1:
        host = host.split(":")[0]
    return request.secure or host not in LOCAL_HOSTS


def _cookie(response: web.StreamResponse, request: web.Request, name: str, value: str) -> None:
    response.set_cookie(name, value, path="/admin", httponly=True, samesite="Strict", secure=_secure(request))


async def _form_token(request: web.Request) -> str | None:
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        value = form.get("csrf_token")
        return str(value) if value is not None else None
    return None


def guard(staff_sessions: StaffSessions) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith("/admin"):
            return await handler(request)
        open_path = request.path.startswith(OPEN_PATHS)
        logged_in = staff_sessions.find(request.cookies.get(COOKIE))
        if logged_in is None and not open_path:
            if request.method == "GET":
                raise web.HTTPSeeOther("/admin/login?" + urlencode({"next": request.path_qs}))
            raise web.HTTPForbidden(text="Your session has ended. Log in again.")
        if request.method not in ("GET", "HEAD"):
            expected = (
                logged_in.csrf_token if logged_in and not open_path else request.cookies.get(LOGIN_COOKIE, "")
            )
            if not expected or not same_token(expected, await _form_token(request)):
                logger.warning("form refused: missing or wrong CSRF token", extra={"path": request.path})
                raise web.HTTPForbidden(text="This form has expired. Go back, reload the page and try again.")
        request["logged_in"] = logged_in
        try:
            response = await handler(request)
        except web.HTTPException as answer:  # redirects and refusals get the headers too
            for name, value in HEADERS.items():
                answer.headers.setdefault(name, value)
            raise
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return middleware


class Login:
    def __init__(self, accounts: Accounts, staff_sessions: StaffSessions, limiter: RateLimiter) -> None:
        self.accounts = accounts
        self.staff_sessions = staff_sessions
        self.limiter = limiter

    def routes(self) -> list:
        return [
            web.get("/admin/login", self.form),
            web.post("/admin/login", self.login),
            web.post("/admin/logout", self.logout),
        ]

    def _form(self, request: web.Request, error: str = "", status: int = 200) -> web.Response:
        token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
        response = page(
            request,
            "login.html",
            status=status,
            login_csrf=token,
            error=error,
            next=_safe_next(request.query.get("next", "")),
        )
        _cookie(response, request, LOGIN_COOKIE, token)
        return response

    async def form(self, request: web.Request) -> web.Response:
        return self._form(request)

    async def login(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        username, password = str(form.get("username", ""))[:64], str(form.get("password", ""))[:200]
        if not await self.limiter.allow("admin_login", client_address(request)):
            logger.warning("login refused: too many attempts from one address")
            return self._form(
                request, "Too many attempts from here. Wait 5 minutes and try again.", status=429
            )
        actor = None
        if username and password:
            loop = asyncio.get_running_loop()
            actor = await loop.run_in_executor(None, self.accounts.authenticate, username, password)
        if actor is None:
            return self._form(
                request,
                "The username or password is wrong, or the account is locked after too many tries. "
                "Wait 15 minutes or ask an admin.",
                status=401,
            )
        token = self.staff_sessions.start(actor.username)
        response = web.HTTPSeeOther(_safe_next(str(form.get("next", ""))) or "/admin")
        _cookie(response, request, COOKIE, token)
        response.del_cookie(LOGIN_COOKIE, path="/admin")
        raise response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        self.staff_sessions.end(request.cookies.get(COOKIE))
        response = back("/admin/login", "You have logged out.")
        response.del_cookie(COOKIE, path="/admin")
        raise response


def _safe_next(target: str) -> str:
    """Only a path inside the editor (never another site)."""
    if target.startswith("/admin") and not target.startswith("//") and "\\" not in target:
        return target
    return ""


async def _static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in ("admin.css", "admin.js"):
        raise web.HTTPNotFound()
    content_type = "text/css" if name.endswith(".css") else "application/javascript"
    return web.Response(
        body=(HERE / "static" / name).read_bytes(),
        content_type=content_type,
        headers={"Cache-Control": "no-cache"},
    )


def add_admin(
    app: web.Application, content: ContentSource, limiter: RateLimiter | None = None, url: str | None = None
) -> None:
    """Mount the editor on the public web app (called by bot.web.app)."""
    from bot.admin.accounts_page import AccountsPage
    from bot.admin.editor import Editor
    from bot.admin.insight import Insight
    from bot.admin.review import Review

    store = ContentStore(url)
    accounts = Accounts(url)
    staff_sessions = StaffSessions(url)
    app.middlewares.append(guard(staff_sessions))
    app.add_routes(Login(accounts, staff_sessions, limiter or RateLimiter()).routes())
    app.add_routes([web.get("/admin/static/{name}", _static)])
    app.add_routes(Editor(store).routes())
    app.add_routes(Review(store).routes())
    app.add_routes(Insight(content, url).routes())
    app.add_routes(AccountsPage(accounts).routes())
