"""Held-out NLU evaluation with the real trained model.

tests/nlu/nlu_test.yml was written separately from the training data. The
per-intent figures are printed and written to results/nlu_report.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Dict, List, Tuple

import pytest
import yaml

from actions.topics import TOPICS
from tests.conftest import RESULTS, ROOT

TEST_FILE = ROOT / "tests" / "nlu" / "nlu_test.yml"
MIN_MACRO_F1 = 0.90
MIN_PER_TOPIC = 10


def held_out_examples() -> List[Tuple[str, str]]:
    examples = []
    for block in yaml.safe_load(TEST_FILE.read_text())["nlu"]:
        for line in str(block["examples"]).splitlines():
            if line.strip().startswith("- "):
                examples.append((line.strip()[2:].strip(), block["intent"]))
    return examples


def training_texts() -> set:
    texts = set()
    for path in (ROOT / "nlu" / "data").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                if line.strip().startswith("- "):
                    texts.add(line.strip()[2:].strip().lower())
    return texts


def f1_table(pairs: List[Tuple[str, str]]) -> Dict[str, Dict[str, float]]:
    true_pos: Counter = Counter()
    predicted: Counter = Counter()
    actual: Counter = Counter()
    for gold, guess in pairs:
        actual[gold] += 1
        predicted[guess] += 1
        if gold == guess:
            true_pos[gold] += 1
    table: Dict[str, Dict[str, float]] = {}
    for intent in actual:
        precision = true_pos[intent] / predicted[intent] if predicted[intent] else 0.0
        recall = true_pos[intent] / actual[intent]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[intent] = {"precision": precision, "recall": recall, "f1": f1, "support": actual[intent]}
    return table


def test_held_out_examples_are_not_in_the_training_data() -> None:
    examples = held_out_examples()
    overlap = [text for text, _ in examples if text.lower() in training_texts()]
    assert overlap == []
    per_intent = Counter(intent for _, intent in examples)
    assert all(per_intent[t] >= MIN_PER_TOPIC for t in TOPICS), per_intent


def test_macro_f1_on_held_out_questions(nlu_parse) -> None:
    pairs = []
    confusions: Dict[str, Counter] = defaultdict(Counter)
    for text, gold in held_out_examples():
        guess = nlu_parse(text)["intent"]["name"]
        pairs.append((gold, guess))
        if guess != gold:
            confusions[gold][guess] += 1
    table = f1_table(pairs)
    macro = sum(row["f1"] for row in table.values()) / len(table)
    accuracy = sum(gold == guess for gold, guess in pairs) / len(pairs)

    lines = [
        "# NLU held-out evaluation",
        "",
        f"{len(pairs)} examples, macro-F1 {macro:.3f}, accuracy {accuracy:.3f}",
        "",
        "| intent | precision | recall | F1 | n | confused with |",
        "|---|---|---|---|---|---|",
    ]
    for intent, row in sorted(table.items(), key=lambda item: item[1]["f1"]):
        confused = ", ".join(f"{name} x{n}" for name, n in confusions[intent].most_common(3))
        lines.append(
            f"| {intent} | {row['precision']:.2f} | {row['recall']:.2f} | {row['f1']:.2f} "
            f"| {row['support']} | {confused} |"
        )
    report = "\n".join(lines)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "nlu_report.md").write_text(report + "\n")
    print("\n" + report)
    assert macro >= MIN_MACRO_F1, f"macro-F1 {macro:.3f} < {MIN_MACRO_F1}; see results/nlu_report.md"


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
