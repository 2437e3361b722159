"""One leak check for every evaluation file: is a held-out message (nearly)
in the data the assistant learned from or matches against?

Texts are compared after folding case, punctuation, entity annotations and
shorthand (bot.text.normalise); two texts leak when the sets of their words
overlap by 0.9 or more (Jaccard), so a re-punctuated or lightly edited copy
is caught too.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Iterable, List, Tuple

import yaml

from bot.text import normalise
from tests.nlu_figures import examples_of

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = 0.9


def words(text: str) -> FrozenSet[str]:
    return frozenset(normalise(text).split())


@lru_cache(maxsize=1)
def training_words() -> Tuple[FrozenSet[str], ...]:
    """Every training example of the NLU data."""
    texts = [text for path in sorted((ROOT / "nlu" / "data").rglob("*.yml")) for text, _ in examples_of(path)]
    return tuple(words(text) for text in texts)


def held_out_texts() -> List[str]:
    """Every message of every evaluation file (NLU, safety, matcher)."""
    texts = [text for path in sorted((ROOT / "tests" / "nlu").glob("*.yml")) for text, _ in examples_of(path)]
    safety = [
        *(ROOT / "tests" / "safety").glob("*.yml"),
        *(ROOT / "bot" / "safety" / "examples").glob("*.yml"),
    ]
    for path in sorted(safety):
        texts += [text for section in yaml.safe_load(path.read_text()).values() for text in section]
    matcher = ROOT / "tests" / "matcher" / "heldout_wordings.yml"
    if matcher.exists():
        texts += [
            text for group in yaml.safe_load(matcher.read_text())["wordings"].values() for text in group
        ]
    return texts


@lru_cache(maxsize=1)
def held_out_words() -> Tuple[FrozenSet[str], ...]:
    return tuple(words(text) for text in held_out_texts())


def similarity(a: FrozenSet[str], b: FrozenSet[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def leaks(texts: Iterable[str], against: Iterable[FrozenSet[str]] | None = None) -> List[str]:
    """The texts that are (nearly) in `against` (default: the NLU training data)."""
    pool = list(training_words() if against is None else against)
    by_word: dict[str, List[int]] = {}
    for index, item in enumerate(pool):
        for word in item:
            by_word.setdefault(word, []).append(index)
    found = []
    for text in texts:
        mine = words(text)
        candidates = {i for word in mine for i in by_word.get(word, ())}
        if any(similarity(mine, pool[i]) >= THRESHOLD for i in candidates):
            found.append(text)
    return found
