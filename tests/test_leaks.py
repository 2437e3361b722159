"""No evaluation file leaks into what the assistant learns or matches from.

The NLU and safety sets are compared with the NLU training data, and the
matcher's held-out wordings with the wordings in responses/ (questions and
topics), after folding case, punctuation, annotations and shorthand, with a
near-duplicate threshold (tests/leaks.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.source import load_directory
from tests.leaks import ROOT, leaks, words
from tests.nlu_figures import examples_of

# The held-out safety set, and the regression sets the screen learns from.
SAFETY = sorted(
    [*(ROOT / "tests" / "safety").glob("*.yml"), *(ROOT / "bot" / "safety" / "examples").glob("*.yml")]
)


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "nlu").glob("*.yml")), ids=lambda p: p.name)
def test_nlu_sets_are_not_in_the_training_data(path: Path) -> None:
    assert leaks([text for text, _ in examples_of(path)]) == []


@pytest.mark.parametrize("path", SAFETY, ids=lambda p: p.name)
def test_safety_corpora_are_not_in_the_training_data(path: Path) -> None:
    corpus = yaml.safe_load(path.read_text())
    assert leaks([text for section in corpus.values() for text in section]) == []


def test_held_out_safety_sets_are_not_in_what_the_learnt_opinion_learns_from() -> None:
    learnt_from = [
        words(text)
        for path in sorted((ROOT / "bot" / "safety" / "examples").glob("*.yml"))
        for section in yaml.safe_load(path.read_text()).values()
        for text in section
    ]
    held_out = [
        text
        for path in sorted((ROOT / "tests" / "safety").glob("*.yml"))
        for section in yaml.safe_load(path.read_text()).values()
        for text in section
    ]
    assert held_out and leaks(held_out, learnt_from) == []


def test_matcher_wordings_are_not_among_the_wordings_it_matches() -> None:
    content = load_directory(ROOT / "responses")
    indexed = [words(w) for q in content.questions.values() for w in q.wordings]
    indexed += [words(w) for t in content.topics.values() for w in (t.title, *t.asked)]
    held_out = yaml.safe_load((ROOT / "tests" / "matcher" / "heldout_wordings.yml").read_text())["wordings"]
    assert leaks([text for texts in held_out.values() for text in texts], indexed) == []


def test_the_leak_check_catches_a_repunctuated_copy() -> None:
    assert leaks(["Hes got a GUN!!"], [words("hes got a gun")]) == ["Hes got a GUN!!"]
    assert leaks(["he has got a gun in his car"], [words("hes got a gun")]) == []


def _scam_texts(folder: Path) -> list:
    return [
        m["text"]
        for name in ("scam", "genuine")
        for m in yaml.safe_load((folder / f"{name}.yml").read_text())["messages"]
    ]


def test_scam_corpora_are_not_in_the_training_data_nor_in_each_other() -> None:
    examples = ROOT / "bot" / "scam" / "examples"
    tuned = [
        text for corpus in ("corpus_1", "corpus_2", "corpus_3") for text in _scam_texts(examples / corpus)
    ]
    held_out = _scam_texts(ROOT / "tests" / "scam" / "heldout_4")
    assert leaks(tuned) == [] and leaks(held_out) == []
    # The held-out corpus shares no message with those the check was tuned on.
    assert leaks(held_out, [words(text) for text in tuned]) == []
