"""Turn the comms team's labelled questions into training data (`make retrain`).

The editor's insight page lists the questions the assistant did not
understand (already redacted); the comms team gives each a topic and
downloads them as a Rasa training file. This takes that file (or reads the
labels straight from the store with `--from-store`), keeps what is fit to
learn from and writes it to nlu/data/labelled/, where `make train` picks it
up. It drops, and says why:

- intents the assistant does not have (bot/contract.py);
- lines the training data already holds;
- lines that (nearly) repeat a held-out evaluation message, which would
  make the evaluation figures prove less (tests/leaks.py).

    make retrain FILE=~/Downloads/labelled.yml
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from bot.contract import INTENTS
from bot.nlu_examples import examples_of
from bot.text import normalise
from tests.leaks import held_out_words, leaks, training_words, words

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "nlu" / "data" / "labelled"


def fit_to_learn(examples: List[Tuple[str, str]]) -> Tuple[List[Tuple[str, str]], List[str]]:
    """(the examples to keep, a reason for each one dropped)."""
    known = set(training_words())
    kept: List[Tuple[str, str]] = []
    dropped: List[str] = []
    seen = set()
    for text, intent in examples:
        text = " ".join(text.split())
        key = words(text)
        if intent not in INTENTS:
            dropped.append(f"'{text}': '{intent}' is not one of the assistant's intents")
        elif not normalise(text) or any(ch in text for ch in "[]{}"):
            dropped.append(f"'{text}': empty, or has brackets Rasa would read as annotations")
        elif key in known or key in seen:
            dropped.append(f"'{text}': already in the training data")
        elif leaks([text], held_out_words()):
            dropped.append(f"'{text}': repeats a held-out evaluation message")
        else:
            kept.append((text, intent))
            seen.add(key)
    return kept, dropped


def write(examples: List[Tuple[str, str]], directory: Path = LABELLED) -> Path:
    by_intent: Dict[str, List[str]] = {}
    for text, intent in examples:
        by_intent.setdefault(intent, []).append(text)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"labelled-{dt.datetime.now(dt.timezone.utc):%Y%m%d-%H%M%S}.yml"
    document = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": "".join(f"- {text}\n" for text in texts)}
            for intent, texts in sorted(by_intent.items())
        ],
    }
    header = "# Labelled by the comms team from unrecognised (redacted) questions (nlu/labelled.py).\n"
    path.write_text(header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10**6))
    return path


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlu.labelled", description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", type=Path, help="the file downloaded from the insight page")
    parser.add_argument("--from-store", action="store_true", help="read the labels from DATABASE_URL instead")
    args = parser.parse_args(argv)
    if args.from_store:
        from bot.admin.insight import training_examples

        source = LABELLED / ".from-store.yml"
        LABELLED.mkdir(parents=True, exist_ok=True)
        source.write_text(training_examples(None))
    elif args.file:
        source = args.file
    else:
        parser.error("give the downloaded FILE, or --from-store")
    kept, dropped = fit_to_learn(examples_of(source))
    if args.from_store:
        source.unlink()
    for reason in dropped:
        print(f"dropped {reason}")
    if not kept:
        print("nothing new to learn from")
        return 0
    path = write(kept)
    print(f"wrote {len(kept)} examples to {path.relative_to(ROOT)}; `make train` builds the new model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
