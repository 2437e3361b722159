"""bot/web/sessions.py"""

from bot.web.sessions import Sessions


def test_issued_tokens_map_to_a_stable_conversation() -> None:
    sessions = Sessions(secret=b"s" * 32)
    token = sessions.issue()
    assert sessions.sender_id(token) == sessions.sender_id(token)
    assert sessions.sender_id(token).startswith("web_")


def test_tokens_from_another_secret_or_altered_are_refused() -> None:
    token = Sessions(secret=b"a" * 32).issue()
    assert Sessions(secret=b"b" * 32).sender_id(token) is None
    identifier, issued, signature = token.split(".")
    assert Sessions(secret=b"a" * 32).sender_id(f"{identifier}x.{issued}.{signature}") is None
    assert Sessions(secret=b"a" * 32).sender_id(f"{identifier}.{issued}0.{signature}") is None
    for junk in (None, 3, "", ".", "a.b.c", "a.zz.c", "x" * 500):
        assert Sessions(secret=b"a" * 32).sender_id(junk) is None


def test_every_token_is_new() -> None:
    sessions = Sessions(secret=b"s" * 32)
    assert len({sessions.issue() for _ in range(200)}) == 200


def test_tokens_expire(monkeypatch) -> None:
    monkeypatch.setenv("WEB_TOKEN_HOURS", "2")
    now = [1_800_000_000.0]
    sessions = Sessions(secret=b"s" * 32, clock=lambda: now[0])
    token = sessions.issue()
    now[0] += 2 * 3600 - 1
    assert sessions.sender_id(token) is not None
    now[0] += 2
    assert sessions.sender_id(token) is None
    now[0] -= 3 * 3600  # a token from the future is refused too
    assert sessions.sender_id(token) is None
