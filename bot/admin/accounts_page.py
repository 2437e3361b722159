"""Staff accounts (admins only): add a person, change a role, close an account."""

from __future__ import annotations

from aiohttp import web

from bot.admin.accounts import AccountError, Accounts
from bot.admin.pages import back, page, require, who
from bot.content.store import ROLES


class AccountsPage:
    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    def routes(self) -> list:
        return [
            web.get("/admin/accounts", self.show),
            web.post("/admin/accounts", self.create),
            web.post("/admin/accounts/change", self.change),
        ]

    def _show(self, request: web.Request, error: str = "", status: int = 200) -> web.Response:
        return page(
            request, "accounts.html", status=status, staff=self.accounts.all(), roles=ROLES, error=error
        )

    async def show(self, request: web.Request) -> web.Response:
        require(request, "admin")
        return self._show(request)

    async def create(self, request: web.Request) -> web.StreamResponse:
        require(request, "admin")
        form = await request.post()
        try:
            self.accounts.create(
                str(form.get("username", ""))[:64],
                str(form.get("password", ""))[:200],
                str(form.get("role", "")),
                by=who(request).actor.username,
            )
        except AccountError as problem:
            return self._show(request, str(problem), status=400)
        raise back("/admin/accounts", "Account created.")

    async def change(self, request: web.Request) -> web.StreamResponse:
        require(request, "admin")
        form = await request.post()
        username = str(form.get("username", ""))[:64]
        if username == who(request).actor.username:
            return self._show(
                request, "You cannot change your own account here; ask another admin.", status=400
            )
        role = str(form.get("role", "")) or None
        active = {"open": True, "close": False}.get(str(form.get("status", "")))
        try:
            self.accounts.update(username, who(request).actor.username, role=role, active=active)
        except AccountError as problem:
            return self._show(request, str(problem), status=400)
        raise back("/admin/accounts", f"{username} updated.")
