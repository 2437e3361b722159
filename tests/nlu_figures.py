"""Figures for a held-out NLU file: accuracy, macro-F1 and a per-intent table.

Used by tests/test_nlu_eval.py, and from the command line to measure any
model on any held-out file (for before/after figures):

    .venv/bin/python -m tests.nlu_figures models/essex.tar.gz tests/nlu/realistic_test.yml
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Tuple

from bot.nlu_examples import examples_of


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


def figures(
    parse: Callable[[str], str], examples: List[Tuple[str, str]], title: str
) -> Tuple[float, float, str]:
    """(accuracy, macro-F1, a Markdown report) of `parse` (text -> intent) on `examples`."""
    pairs = []
    confusions: Dict[str, Counter] = defaultdict(Counter)
    for text, gold in examples:
        guess = parse(text)
        pairs.append((gold, guess))
        if guess != gold:
            confusions[gold][guess] += 1
    table = f1_table(pairs)
    macro = sum(row["f1"] for row in table.values()) / len(table)
    accuracy = sum(gold == guess for gold, guess in pairs) / len(pairs)
    lines = [
        f"# {title}",
        "",
        f"{len(pairs)} examples, accuracy {accuracy:.3f}, macro-F1 {macro:.3f}",
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
    return accuracy, macro, "\n".join(lines) + "\n"


def main(argv: List[str]) -> int:
    from rasa.core.agent import Agent

    model, *files = argv
    agent = Agent.load(model)
    loop = asyncio.new_event_loop()

    def parse(text: str) -> str:
        return loop.run_until_complete(agent.parse_message(text))["intent"]["name"]

    for name in files:
        accuracy, macro, report = figures(parse, examples_of(Path(name)), f"{name} with {model}")
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
