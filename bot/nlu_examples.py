"""The examples of a Rasa NLU training file, as (text, intent) pairs with
the entity annotations removed: read by the safety screen's learnt opinion,
`make retrain` and the evaluation tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Tuple

import yaml

_ANNOTATION = re.compile(r"\[([^\]]+)\](\{[^}]*\}|\([^)]*\))")


def examples_of(path: Path) -> List[Tuple[str, str]]:
    """(text, intent) pairs of a Rasa NLU file, entity annotations removed."""
    examples = []
    for block in yaml.safe_load(path.read_text()).get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            if line.strip().startswith("- "):
                examples.append((_ANNOTATION.sub(r"\1", line.strip()[2:]).strip(), block["intent"]))
    return examples
