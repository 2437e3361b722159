"""bot/contract.py agrees with ../shared/taxonomy.yml, domain.yml, responses/,
the config files and the code that uses its names."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
import yaml

from actions.converse import Step
from bot.content.compose import Composer, Resident
from bot.content.source import load_directory
from bot.contract import (
    CHANNEL_LIMITS,
    CHANNELS,
    CONVERSATION_INTENTS,
    DEFAULT_CHANNEL,
    INTENTS,
    KEPT_HEADER,
    QUESTION_GROUPS,
    REPLIES,
    REPORT_FORM_SLOTS,
    RESIDENT_CHANNELS,
    SERVICE_INTENTS,
    TOPICS,
    WEBHOOK_PATH,
)
from tests.conftest import ROOT

TAXONOMY = ROOT.parent / "shared" / "taxonomy.yml"


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_topics_and_service_intents_are_the_taxonomys() -> None:
    if not TAXONOMY.exists():
        # CI checks out ../shared beside the project; a clone on its own skips
        # with the reason (and under CI the skip is a failure, see conftest).
        pytest.skip(f"{TAXONOMY} is missing: the contract cannot be checked")
    taxonomy = _yaml(TAXONOMY)
    assert list(TOPICS) == list(taxonomy["topics"])
    assert list(SERVICE_INTENTS) == list(taxonomy["service_intents"])


def test_the_domain_declares_exactly_the_contracts_intents() -> None:
    assert _yaml(ROOT / "domain.yml")["intents"] == list(INTENTS)
    assert not set(CONVERSATION_INTENTS) & (set(TOPICS) | set(SERVICE_INTENTS))


def test_the_forms_slots_are_the_contracts() -> None:
    assert tuple(_yaml(ROOT / "domain.yml")["forms"]["report_form"]["required_slots"]) == REPORT_FORM_SLOTS


def test_every_topic_has_advice_and_every_question_group_is_known() -> None:
    assert sorted(p.stem for p in (ROOT / "responses" / "topics").glob("*.yml")) == sorted(TOPICS)
    groups = {_yaml(p)["topic"] for p in (ROOT / "responses" / "questions").glob("*.yml")}
    assert groups == set(QUESTION_GROUPS)


def test_every_intent_has_training_examples_and_a_rule() -> None:
    trained = set()
    for path in (ROOT / "nlu" / "data").rglob("*.yml"):
        trained |= {block["intent"] for block in _yaml(path).get("nlu", []) if "intent" in block}
    assert trained == set(INTENTS)
    rules = (ROOT / "nlu" / "rules" / "rules.yml").read_text()
    missing = [intent for intent in INTENTS if f"intent: {intent}\n" not in rules]
    assert missing == []


def test_every_reply_of_the_contract_is_in_the_content() -> None:
    replies = _yaml(ROOT / "responses" / "replies.yml")
    names = set(replies.get("replies", replies))
    assert set(REPLIES) - names == set()


def test_the_composers_reply_builders_take_exactly_the_contracts_arguments() -> None:
    for name, builder in Composer._BUILDERS.items():
        parameters = [p for p in inspect.signature(builder).parameters if p not in ("self", "ctx")]
        assert tuple(parameters) == REPLIES[name], name
    # A reply without a builder takes no arguments.
    assert all(not REPLIES[name] for name in REPLIES if name not in Composer._BUILDERS)


def _utter_calls(path: Path) -> list[tuple[str, set[str]]]:
    """(reply, keyword arguments) of every `utter_message(response="...", ...)`."""
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "utter_message":
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            response = keywords.pop("response", None)
            if isinstance(response, ast.Constant):
                calls.append((response.value, set(keywords)))
    return calls


def test_the_actions_send_only_contract_replies_with_their_arguments() -> None:
    calls = [call for path in sorted((ROOT / "actions").glob("*.py")) for call in _utter_calls(path)]
    assert len(calls) >= 4
    for reply, arguments in calls:
        assert reply in REPLIES, reply
        assert arguments <= set(REPLIES[reply]), (reply, arguments)


def test_a_step_with_an_argument_its_reply_does_not_take_is_refused() -> None:
    assert Step("utter_advice", {"topic": "burglary", "part": "more"}).kwargs["part"] == "more"
    with pytest.raises(ValueError):
        Step("utter_advice", {"question": "burglary/locks"})
    with pytest.raises(ValueError):
        Step("utter_not_a_reply")


def test_channels_and_the_webhook_agree_with_rasas_config() -> None:
    from bot.rasa.resident_input import ResidentInput

    assert "bot.rasa.resident_input.ResidentInput" in _yaml(ROOT / "credentials.yml")
    assert WEBHOOK_PATH == f"/webhooks/{ResidentInput.name()}/webhook"
    assert DEFAULT_CHANNEL in CHANNELS and set(RESIDENT_CHANNELS) <= set(CHANNELS)
    assert set(CHANNEL_LIMITS) == set(CHANNELS)


def test_shared_names_are_written_only_in_the_contract() -> None:
    """The literals that used to be copied about live once, in bot/contract.py."""
    literals = [
        WEBHOOK_PATH,
        KEPT_HEADER,
        '("web", "telegram"',
        '{"web", "telegram"',
        '"utter_danger_check",',
    ]
    copies = []
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "actions").rglob("*.py")]:
        if path.name == "contract.py":
            continue
        text = path.read_text(encoding="utf-8")
        copies += [f"{path.relative_to(ROOT)}: {literal}" for literal in literals if literal in text]
    assert copies == []


def test_every_reply_renders_with_the_contracts_sample_arguments() -> None:
    from bot.content.samples import sample_arguments

    content = load_directory(ROOT / "responses")
    for name in set(REPLIES) - {"channel_line"}:  # a line inside other replies
        for arguments in sample_arguments(name, content)[:3]:
            assert set(arguments) == set(REPLIES[name])
            assert Composer(content, Resident()).compose(name, **arguments)["text"]
