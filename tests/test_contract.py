"""bot/contract.py agrees with ../shared/taxonomy.yml, domain.yml and responses/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.contract import (
    CONVERSATION_INTENTS,
    INTENTS,
    QUESTION_GROUPS,
    REPORT_FORM_SLOTS,
    SERVICE_INTENTS,
    TOPICS,
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
