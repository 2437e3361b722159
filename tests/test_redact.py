"""Redaction of personal details from residents' messages."""

from collections import Counter

import pytest
import yaml

from bot.privacy.redact import redact, redact_value
from tests.conftest import RESULTS, ROOT
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


PII_FILES = sorted((ROOT / "tests" / "privacy").glob("pii_corpus*.yml"))
MUST_BE_COMPLETE = ("address", "phone", "email", "postcode", "plate", "card", "ni")
MIN_NAMES = 0.95


@pytest.mark.parametrize("path", PII_FILES, ids=lambda p: p.stem)
def test_personal_data_corpus(path) -> None:
    """Corpora written blind to these patterns (first contact in each file's
    commit): every address, phone, email, postcode, plate, card and NI number
    redacted, at least 95% of names, and messages without any mostly left alone."""
    messages = yaml.safe_load(path.read_text())["messages"]
    found: Counter = Counter()
    total: Counter = Counter()
    missed, changed = [], []
    for message in messages:
        cleaned = redact(message["text"])
        for identifier in message["identifiers"]:
            total[identifier["kind"]] += 1
            if identifier["value"] in cleaned:
                missed.append((identifier["kind"], identifier["value"]))
            else:
                found[identifier["kind"]] += 1
        if not message["identifiers"] and cleaned != message["text"]:
            changed.append(cleaned)
    rows = [f"- {kind}: {found[kind]}/{total[kind]}" for kind in sorted(total)]
    rows.append(f"- messages without identifiers changed: {len(changed)}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{path.stem}.md").write_text("\n".join([f"# {path.name}", "", *rows]) + "\n")
    assert [m for m in missed if m[0] in MUST_BE_COMPLETE] == []
    assert found["name"] >= MIN_NAMES * total["name"], [m for m in missed if m[0] == "name"]
    # Over-redaction costs readability, not privacy: at most 5% of the traps.
    assert len(changed) <= 0.05 * sum(1 for m in messages if not m["identifiers"]), changed


def test_ordinary_messages_rarely_lose_words_to_name_or_address_redaction() -> None:
    """The realistic NLU set holds 440 messages as residents write them, a
    few with a real first name in them; the rest must come through whole."""
    blocks = yaml.safe_load((ROOT / "tests" / "nlu" / "realistic_test.yml").read_text())["nlu"]
    texts = [
        line.strip()[2:]
        for block in blocks
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]
    touched = [redact(text) for text in texts if "[NAME]" in redact(text) or "[ADDRESS]" in redact(text)]
    assert len(touched) <= 0.02 * len(texts), touched


def test_a_pasted_message_and_the_scam_checks_quotes_are_never_stored() -> None:
    from bot.contract import PASTED_TEXT
    from bot.privacy.redact import redact_event

    pasted = "URGENT Royal Mail: pay £1.99 at royalmail-fees.com"
    user = {
        "event": "user",
        "text": "/check_message",
        "metadata": {"channel": "web", "pasted": True, PASTED_TEXT: pasted},
        "parse_data": {"intent": {"name": "check_message"}, "metadata": {PASTED_TEXT: pasted}},
    }
    assert pasted not in str(redact_event(user))
    bot = {
        "event": "bot",
        "text": 'Pressure to act fast: "URGENT Royal Mail"',
        "metadata": {"utter_action": "utter_scam_check", "flags": [{"sign": "urgency", "phrase": "URGENT"}]},
    }
    stored = redact_event(bot)
    assert stored["text"] == "[scam check: urgency]" and "URGENT" not in str(stored)
