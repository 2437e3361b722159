"""Held-out NLU evaluation with the real trained model.

Two held-out files, neither used for training:
- tests/nlu/nlu_test.yml: short questions, written separately from the
  training data (macro-F1 >= 0.93);
- tests/nlu/realistic_test.yml: 440 messages as residents really write
  them, more than half long or first-person statements, written by a helper
  who saw neither the training data nor the patterns (accuracy >= 0.88,
  macro-F1 >= 0.85).
Per-intent figures go to results/nlu_report.md and results/nlu_realistic_report.md.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.contract import INTENTS, TOPICS
from tests.conftest import RESULTS, ROOT
from tests.leaks import leaks
from tests.nlu_figures import examples_of, figures

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model

HELD_OUT = {
    # file: (minimum accuracy, minimum macro-F1, report)
    "nlu_test.yml": (0.0, 0.93, "nlu_report.md"),
    "realistic_test.yml": (0.88, 0.85, "nlu_realistic_report.md"),
}
MIN_PER_TOPIC = 10


@pytest.mark.parametrize("name", sorted(HELD_OUT))
def test_held_out_examples_are_not_in_the_training_data(name: str) -> None:
    examples = examples_of(ROOT / "tests" / "nlu" / name)
    assert leaks([text for text, _ in examples]) == []
    per_intent = Counter(intent for _, intent in examples)
    assert all(per_intent[t] >= MIN_PER_TOPIC for t in TOPICS), per_intent
    assert set(per_intent) <= set(INTENTS)


@pytest.mark.parametrize("name", sorted(HELD_OUT))
def test_accuracy_and_macro_f1_on_held_out_messages(nlu_parse, name: str) -> None:
    minimum_accuracy, minimum_f1, report_name = HELD_OUT[name]
    accuracy, macro, report = figures(
        lambda text: nlu_parse(text)["intent"]["name"],
        examples_of(ROOT / "tests" / "nlu" / name),
        f"NLU held-out evaluation: tests/nlu/{name}",
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / report_name).write_text(report)
    print("\n" + report)
    assert macro >= minimum_f1, f"macro-F1 {macro:.3f} < {minimum_f1}; see results/{report_name}"
    assert accuracy >= minimum_accuracy, (
        f"accuracy {accuracy:.3f} < {minimum_accuracy}; see results/{report_name}"
    )


@pytest.mark.parametrize(
    "text,district",
    [
        ("someone tried to break into my shed in billericay", "basildon"),
        ("scam calls to my nan in Clacton", "tendring"),
        ("how do I keep my van safe in Southend-on-Sea", "southend"),
    ],
)
def test_essex_places_are_recognised_as_their_district(nlu_parse, text: str, district: str) -> None:
    entities = nlu_parse(text)["entities"]
    assert {"entity": "location", "value": district} in [
        {"entity": e["entity"], "value": e["value"]} for e in entities
    ]


@pytest.mark.parametrize(
    "text,audience",
    [
        ("my nan keeps getting scam calls", "older_person"),
        ("I run a small shop, how do I stop shoplifting", "business_owner"),
        ("i'm a student living in halls, how do I keep my bike safe", "student"),
    ],
)
def test_audiences_are_recognised(nlu_parse, text: str, audience: str) -> None:
    values = [e["value"] for e in nlu_parse(text)["entities"] if e["entity"] == "audience"]
    assert audience in values
