"""bot/web/chat_api.py against the real stack: validation, sessions, limits."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Dict, Optional, Tuple

import pytest

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model


def post(stack, path: str, body: Any, origin: Optional[str] = None) -> Tuple[int, Dict[str, Any], dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if origin:
        headers["Origin"] = origin
    request = urllib.request.Request(stack.web_url + path, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}"), dict(refused.headers)


@pytest.fixture
def token(stack) -> str:
    status, body, _ = post(stack, "/api/session", {})
    assert status == 200
    return body["token"]


def test_a_question_gets_the_assistants_answer(stack, token: str) -> None:
    status, body, headers = post(stack, "/api/chat", {"token": token, "message": "how do I secure my shed"})
    assert status == 200 and "shed" in body["messages"][0]["text"].splitlines()[0]
    assert headers["Cache-Control"] == "no-store"


def test_an_overlong_message_is_refused_clearly(stack, token: str) -> None:
    status, body, _ = post(stack, "/api/chat", {"token": token, "message": "x" * 1001})
    assert status == 400 and "1000 characters" in body["error"]


@pytest.mark.parametrize("message", ["", "   ", None, 42, ["hi"]])
def test_empty_or_malformed_input_is_refused(stack, token: str, message: Any) -> None:
    status, body, _ = post(stack, "/api/chat", {"token": token, "message": message})
    assert status == 400 and body["error"]


@pytest.mark.parametrize("payload", ["/restart", "/admin", '/burglary{"detail":', "/EMERGENCY", "/x"])
def test_an_unknown_payload_is_refused(stack, token: str, payload: str) -> None:
    status, body, _ = post(stack, "/api/chat", {"token": token, "message": payload})
    assert status == 400 and "button is not recognised" in body["error"]


@pytest.mark.parametrize(
    "forged",
    ["web_abc", "abc.def", "", None, "a" * 300, "Zm9v.YmFy.YmF6"],
)
def test_a_forged_session_is_refused(stack, forged: Any) -> None:
    status, body, _ = post(stack, "/api/chat", {"token": forged, "message": "hello"})
    assert status == 401 and "start again" in body["error"]


def test_a_token_cannot_be_altered_to_reach_another_conversation(stack, token: str) -> None:
    identifier, issued, signature = token.split(".")
    altered = identifier[:-1] + ("A" if identifier[-1] != "A" else "B") + f".{issued}.{signature}"
    assert post(stack, "/api/chat", {"token": altered, "message": "hello"})[0] == 401


def test_not_json_and_huge_bodies_are_refused(stack) -> None:
    assert post(stack, "/api/chat", b"not json")[0] == 400
    assert post(stack, "/api/chat", b"{" + b" " * 20000 + b"}")[0] == 413


def test_a_burst_over_the_rate_limit_is_slowed_with_a_clear_error(stack, token: str) -> None:
    statuses = []
    for _ in range(25):
        status, body, headers = post(stack, "/api/chat", {"token": token, "message": "hi"})
        statuses.append(status)
        if status == 429:
            assert "wait a minute" in body["error"] and int(headers["Retry-After"]) > 0
    assert statuses[:20] == [200] * 20 and 429 in statuses
    # Another resident is not affected.
    other = post(stack, "/api/session", {})[1]["token"]
    assert post(stack, "/api/chat", {"token": other, "message": "hi"})[0] == 200


def test_other_sites_cannot_use_the_api_unless_allowed(stack) -> None:
    status, body, _ = post(stack, "/api/session", {}, origin="https://evil.example")
    assert status == 403
    status, _, headers = post(stack, "/api/session", {}, origin=stack.web_url)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == stack.web_url


def test_forget_deletes_the_conversation(stack, token: str) -> None:
    import sqlite3

    post(stack, "/api/chat", {"token": token, "message": "hello"})
    sender = "web_" + token.split(".")[0]
    with sqlite3.connect(stack.database) as db:
        assert db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0] > 0
    assert post(stack, "/api/forget", {"token": token})[0] == 200
    with sqlite3.connect(stack.database) as db:
        assert db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0] == 0
    # The token is refused from now on: the widget starts a new conversation.
    status, body, _ = post(stack, "/api/chat", {"token": token, "message": "hello again"})
    assert status == 401 and "start again" in body["error"]


def test_readiness_names_rasa_and_the_database(stack) -> None:
    with urllib.request.urlopen(stack.web_url + "/readyz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"rasa": "ok", "database": "ok"}


def test_widget_assets_are_hashed_and_cached_long(stack) -> None:
    with urllib.request.urlopen(stack.web_url + "/widget.js") as loader:
        body = loader.read().decode()
        assert loader.headers["Cache-Control"] == "public, max-age=300"
    script = body.split('"script": "')[1].split('"')[0]
    assert script.startswith("/static/widget.") and script.endswith(".js")
    with urllib.request.urlopen(stack.web_url + script) as asset:
        assert "immutable" in asset.headers["Cache-Control"]
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(stack.web_url + "/static/widget.000000000000.js")


def test_feedback_takes_only_a_yes_or_no_from_a_real_session(stack, token: str) -> None:
    assert post(stack, "/api/feedback", {"token": token, "helpful": True})[0] == 200
    assert post(stack, "/api/feedback", {"token": token, "helpful": "very"})[0] == 400
    assert post(stack, "/api/feedback", {"token": "forged", "helpful": False})[0] == 401
    assert post(stack, "/api/feedback", b"[]")[0] == 400


def test_deeply_nested_json_and_odd_bodies_get_a_4xx_not_a_500(stack, token: str) -> None:
    nested = b'{"token": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    for path in ("/api/chat", "/api/forget", "/api/feedback"):
        for body in (nested, b"[1]", b'"text"', b"null"):
            status, answer, _ = post(stack, path, body)
            assert 400 <= status < 500 and "error" in answer, (path, body[:20], status)


def test_control_characters_alone_are_refused_and_lone_surrogates_are_dropped(stack, token: str) -> None:
    status, answer, _ = post(stack, "/api/chat", {"token": token, "message": "\x01\x02\x7f"})
    assert status == 400 and answer["error"] == "Please type a message."
    raw = b'{"token": "%s", "message": "how do I secure my shed \\ud800"}' % token.encode()
    status, answer, _ = post(stack, "/api/chat", raw)
    assert status == 200 and "shed" in answer["messages"][0]["text"]


def test_every_response_even_an_error_has_safe_headers_and_no_server_name(stack) -> None:
    cases = [
        ("GET", "/api/chat", None, {}),  # 405
        ("POST", "/api/chat", b"{" + b" " * 20000 + b"}", {}),  # 413
        ("POST", "/api/chat", b"{}", {"Origin": "https://evil.example"}),  # CORS 403
        ("GET", "/no-such-page", None, {}),  # 404
        ("GET", "/healthz", None, {}),
    ]
    for method, path, data, extra in cases:
        request = urllib.request.Request(
            stack.web_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", **extra},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, headers = response.status, response.headers
        except urllib.error.HTTPError as refused:
            status, headers = refused.code, refused.headers
        assert headers.get("X-Content-Type-Options") == "nosniff", (path, status)
        assert "Server" not in headers, (path, status, headers.get("Server"))
        if status >= 400:
            assert headers.get("Cache-Control") == "no-store", (path, status)
