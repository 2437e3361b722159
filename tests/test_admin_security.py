"""The editor's defences, through real HTTP requests to the real web app on a
real database: login, lock-out, CSRF, roles, escaping, the template sandbox
and hostile input."""

from __future__ import annotations

import re
from pathlib import Path
from typing import AsyncIterator, Dict

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from bot.admin.accounts import Accounts
from bot.content.db_source import DatabaseContentSource
from bot.content.store import ContentStore
from bot.db.migrate import upgrade
from bot.web.app import create_app
from tests.conftest import ROOT

PASSWORD = "a long enough password"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LOGIN_CSRF = re.compile(
    r'action="/admin/login"[^>]*>\s*<input type="hidden" name="csrf_token" value="([^"]+)"'
)


@pytest_asyncio.fixture
async def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("ADMIN_MAX_FAILED_LOGINS", "3")
    upgrade(url)
    store = ContentStore(url)
    store.seed(ROOT / "responses")
    accounts = Accounts(url)
    for name, role in (("erin", "editor"), ("paul", "publisher"), ("pat", "publisher"), ("ada", "admin")):
        accounts.create(name, PASSWORD, role)
    app = create_app(content=DatabaseContentSource(store, check_every=0))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def csrf_of(client: TestClient, path: str) -> str:
    response = await client.get(path)
    match = CSRF.search(await response.text())
    assert match, f"no form token on {path}"
    return match.group(1)


async def log_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    """Log in with the login form's own token (a logged-in page also has the logout form's)."""
    page = await (await client.get("/admin/login")).text()
    token = LOGIN_CSRF.search(page).group(1)  # type: ignore[union-attr]
    response = await client.post(
        "/admin/login",
        data={"csrf_token": token, "username": username, "password": password},
        allow_redirects=False,
    )
    return response.status


async def post(client: TestClient, path: str, data: Dict[str, str], token_from: str = "/admin") -> int:
    token = await csrf_of(client, token_from)
    response = await client.post(path, data={"csrf_token": token, **data}, allow_redirects=False)
    return response.status


def burglary_form(summary: str) -> Dict[str, str]:
    store = ContentStore()
    body = store.entry("advice/burglary").body  # type: ignore[union-attr]
    return {
        "key": "advice/burglary",
        "title": body["title"],
        "summary": summary,
        "tips": "\n\n".join(body["tips"]),
        "routes": body["routes"][0],
        "source": body["source"],
        "last_reviewed": body["last_reviewed"],
    }


@pytest.mark.asyncio
async def test_logged_out_pages_redirect_to_login_and_posts_are_refused(client: TestClient) -> None:
    for path in ("/admin", "/admin/entry?key=advice/burglary", "/admin/insight", "/admin/accounts"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303
        assert response.headers["Location"].startswith("/admin/login?next=")
    response = await client.post("/admin/entry", data={"key": "advice/burglary"}, allow_redirects=False)
    assert response.status == 403


@pytest.mark.asyncio
async def test_session_cookie_is_httponly_and_strict_and_secure_off_this_machine(client: TestClient) -> None:
    token = await csrf_of(client, "/admin/login")
    response = await client.post(
        "/admin/login",
        data={"csrf_token": token, "username": "erin", "password": PASSWORD},
        allow_redirects=False,
    )
    cookie = response.headers["Set-Cookie"]
    assert "admin_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # opened on localhost for development
    public = await client.get("/admin/login", headers={"Host": "assistant.example.org"})
    assert "Secure" in public.headers["Set-Cookie"]


@pytest.mark.asyncio
async def test_a_form_post_without_a_csrf_token_is_refused(client: TestClient) -> None:
    assert await log_in(client, "erin") == 303
    form = burglary_form("Changed without a token.")
    response = await client.post("/admin/entry", data={**form, "action": "submit"}, allow_redirects=False)
    assert response.status == 403
    wrong = await client.post(
        "/admin/entry", data={**form, "action": "submit", "csrf_token": "guess"}, allow_redirects=False
    )
    assert wrong.status == 403
    assert ContentStore().open_draft("advice/burglary") is None
    # The login form needs its token too.
    client.session.cookie_jar.clear()
    response = await client.post("/admin/login", data={"username": "erin", "password": PASSWORD})
    assert response.status == 403


@pytest.mark.asyncio
async def test_an_editor_cannot_publish_or_restore(client: TestClient) -> None:
    assert await log_in(client, "erin") == 303
    status = await post(client, "/admin/entry", {**burglary_form("Editor's words."), "action": "submit"})
    assert status == 303
    draft = ContentStore().open_draft("advice/burglary")
    assert draft is not None and draft.state == "review"
    assert await post(client, f"/admin/review/{draft.id}/publish", {}) == 403
    first = ContentStore().history("advice/burglary")[-1]
    assert await post(client, "/admin/restore", {"version": str(first.id)}) == 403
    assert ContentStore().version(draft.id).state == "review"  # type: ignore[union-attr]
    assert (await client.get("/admin/accounts")).status == 403


@pytest.mark.asyncio
async def test_a_publisher_cannot_approve_their_own_draft(client: TestClient) -> None:
    assert await log_in(client, "paul") == 303
    assert await post(client, "/admin/entry", {**burglary_form("Paul's words."), "action": "submit"}) == 303
    draft = ContentStore().open_draft("advice/burglary")
    assert draft is not None
    assert await post(client, f"/admin/review/{draft.id}/publish", {}) == 403
    assert ContentStore().live_content().topics["burglary"].default.summary != "Paul's words."


@pytest.mark.asyncio
async def test_script_in_a_reply_is_shown_as_text_in_the_preview(client: TestClient) -> None:
    assert await log_in(client, "erin") == 303
    token = await csrf_of(client, "/admin/entry?key=advice/burglary")
    form = burglary_form("<script>alert('x')</script> Lock up.")
    response = await client.post("/admin/preview", data={**form, "csrf_token": token})
    html = await response.text()
    assert response.status == 200
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Lock up." in html
    assert "<script>alert" not in html


@pytest.mark.asyncio
async def test_a_template_that_reaches_for_python_internals_is_refused_and_never_runs(
    client: TestClient,
) -> None:
    assert await log_in(client, "erin") == 303
    for attack in (
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ ch['__class__'] }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    ):
        token = await csrf_of(client, "/admin/entry?key=reply/utter_greet")
        response = await client.post(
            "/admin/entry",
            data={"csrf_token": token, "key": "reply/utter_greet", "text": attack, "action": "submit"},
            allow_redirects=False,
        )
        html = await response.text()
        assert response.status == 400, attack
        assert "There is a problem" in html and "start with &#39;_&#39;" in html
        assert "object" not in html.split("There is a problem")[1].split("</div>")[0]
    assert ContentStore().open_draft("reply/utter_greet") is None


@pytest.mark.asyncio
async def test_bad_links_numbers_and_dates_are_explained_in_the_error_summary(client: TestClient) -> None:
    assert await log_in(client, "erin") == 303
    form = {
        **burglary_form("Call 01245 491491 for help."),
        "source": "http://example.org",
        "last_reviewed": "soon",
    }
    token = await csrf_of(client, "/admin/entry?key=advice/burglary")
    response = await client.post("/admin/entry", data={**form, "csrf_token": token, "action": "save"})
    html = await response.text()
    assert response.status == 400
    assert 'href="#field-source"' in html and "must be a link starting https://" in html
    assert 'href="#field-last_reviewed"' in html
    fixed = {**form, "source": "https://www.essex.police.uk", "last_reviewed": "2026-11-01"}
    response = await client.post("/admin/entry", data={**fixed, "csrf_token": token, "action": "save"})
    assert response.status == 400
    assert "writes the number" in await response.text()


@pytest.mark.asyncio
async def test_sql_like_input_is_harmless(client: TestClient) -> None:
    injection = "x' OR '1'='1'; DROP TABLE content_entries; --"
    assert await log_in(client, injection, injection) == 401
    assert await log_in(client, "erin") == 303
    response = await client.get("/admin", params={"q": injection, "topic": injection, "kind": injection})
    assert response.status == 200 and "0 found" in await response.text()
    assert (await client.get("/admin/entry", params={"key": injection})).status == 404
    assert len(ContentStore().live()) > 100


@pytest.mark.asyncio
async def test_repeated_wrong_passwords_lock_the_account(client: TestClient) -> None:
    for _ in range(3):
        assert await log_in(client, "erin", "wrong password!!") == 401
    assert await log_in(client, "erin") == 401  # locked, even with the right password
    assert await log_in(client, "paul") == 303  # other people are unaffected


@pytest.mark.asyncio
async def test_login_only_returns_to_pages_inside_the_editor(client: TestClient) -> None:
    token = await csrf_of(client, "/admin/login")
    response = await client.post(
        "/admin/login",
        data={"csrf_token": token, "username": "erin", "password": PASSWORD, "next": "//evil.example/admin"},
        allow_redirects=False,
    )
    assert response.status == 303, await response.text()
    assert response.headers["Location"] == "/admin"


@pytest.mark.asyncio
async def test_templates_cannot_burn_the_cpu_or_memory(client: TestClient) -> None:
    assert await log_in(client, "erin") == 303
    for attack, why in (
        ("{{ 3**(2**24) }}", "does not render"),
        ("{{ 'x' * 10000000 }}", "does not render"),
        ("{{ x|attr('a') }}", "may not use attr"),
    ):
        token = await csrf_of(client, "/admin/entry?key=reply/utter_greet")
        response = await client.post(
            "/admin/entry",
            data={"csrf_token": token, "key": "reply/utter_greet", "text": attack, "action": "save"},
        )
        assert response.status == 400, attack
        assert why in await response.text(), attack


@pytest.mark.asyncio
async def test_out_of_range_ids_and_dates_are_answered_not_crashed(client: TestClient) -> None:
    assert await log_in(client, "paul") == 303
    for path in ("/admin/insight?to=9999-12-31", "/admin/insight?from=0001-01-01&to=0001-01-02"):
        assert (await client.get(path)).status == 200, path
    assert (await client.get("/admin/review/99999999999999999999")).status == 404
    assert await post(client, "/admin/restore", {"version": "99999999999999999999"}) == 404


@pytest.mark.asyncio
async def test_pages_forbid_framing_and_inline_scripts(client: TestClient) -> None:
    response = await client.get("/admin/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.asyncio
async def test_an_admin_adds_an_account_and_the_new_person_can_log_in(client: TestClient) -> None:
    assert await log_in(client, "ada") == 303
    status = await post(
        client,
        "/admin/accounts",
        {"username": "newbie", "password": PASSWORD, "role": "editor"},
        "/admin/accounts",
    )
    assert status == 303
    assert (
        await post(client, "/admin/accounts", {"username": "x", "password": "short", "role": "editor"}) == 400
    )
    client.session.cookie_jar.clear()
    assert await log_in(client, "newbie") == 303


@pytest.mark.asyncio
async def test_unrecognised_questions_are_labelled_from_the_store_not_the_form(client: TestClient) -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa.tracker_store import RedactingSQLTrackerStore

    domain = Domain.load(str(ROOT / "domain.yml"))
    question = "can the plod microchip my tortoise, ring 07700 900123"
    event = UserUttered(question, intent={"name": "nlu_fallback", "confidence": 0.3})
    await RedactingSQLTrackerStore(domain=domain).save(
        DialogueStateTracker.from_events("resident-1", [event], slots=domain.slots)
    )
    assert await log_in(client, "erin") == 303
    page = await (await client.get("/admin/unrecognised")).text()
    assert "can the plod microchip my tortoise" in page and "07700" not in page
    event_id = re.search(r'name="event" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    assert await post(client, "/admin/unrecognised", {"event": event_id, "topic": "made_up"}) == 400
    assert await post(client, "/admin/unrecognised", {"event": "123456", "topic": "rural_crime"}) == 404
    forged = {"event": event_id, "topic": "rural_crime", "text": "injected words"}
    assert await post(client, "/admin/unrecognised", forged) == 303
    exported = await (await client.get("/admin/unrecognised/export")).text()
    assert "- intent: rural_crime" in exported and "microchip my tortoise" in exported
    assert "injected" not in exported and "07700" not in exported
    assert "microchip" not in await (await client.get("/admin/unrecognised")).text()


@pytest.mark.asyncio
async def test_a_new_password_from_the_cli_unlocks_and_ends_old_sessions(client: TestClient) -> None:
    import subprocess
    import sys

    assert await log_in(client, "erin") == 303
    assert (await client.get("/admin", allow_redirects=False)).status == 200
    for _ in range(3):
        await log_in(client, "paul", "wrong password!!")
    done = subprocess.run(
        [sys.executable, "-m", "bot.admin", "set-password", "erin", "--password-stdin"],
        input="another long password\n",
        text=True,
        capture_output=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert (await client.get("/admin", allow_redirects=False)).status == 303  # the old session ended
    assert await log_in(client, "erin", "another long password") == 303
    subprocess.run(
        [sys.executable, "-m", "bot.admin", "set-password", "paul", "--password-stdin"],
        input=PASSWORD + "\n",
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert await log_in(client, "paul") == 303  # the lock-out is lifted
