"""Redaction of personal details from residents' messages."""

import pytest

from bot.privacy.redact import redact, redact_value
from tests.pii_corpus import PII_CORPUS


@pytest.mark.parametrize("sentence,secrets", PII_CORPUS)
def test_personal_details_are_removed(sentence: str, secrets: list) -> None:
    cleaned = redact(sentence)
    for secret in secrets:
        assert secret.lower() not in cleaned.lower(), cleaned


@pytest.mark.parametrize(
    "sentence",
    [
        "how do I stop my shed being broken into in Chelmsford",
        "are BS 3621 locks and PAS 24 doors worth it",
        "someone tried my car doors on the A12 near Colchester",
        "call 999 or 101",
    ],
)
def test_ordinary_questions_are_left_alone(sentence: str) -> None:
    assert redact(sentence) == sentence


def test_placeholders_name_what_was_removed() -> None:
    assert redact("text 07700 900123 or jo@example.com") == "text [PHONE] or [EMAIL]"


def test_redaction_is_idempotent() -> None:
    once = redact("my name is Sarah, 07700 900123, CM1 1QH")
    assert redact(once) == once


def test_nested_values_are_redacted() -> None:
    value = {"a": ["call 07700 900123"], "b": 3}
    assert redact_value(value) == {"a": ["call [PHONE]"], "b": 3}
