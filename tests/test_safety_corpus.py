"""The held-out safety corpora through the real NLU model (classifier + screen).

Three corpora, each written by someone who had not seen the screen's
patterns or the training data: safety_corpus.yml, safety_corpus_fresh.yml
and safety_corpus_unseen.yml. Each was measured once on first contact (the
figures are in the project's notes) and its misses then fed general
patterns into the screen; they now guard against regressions.
"""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import RESULTS, ROOT

CORPORA = sorted((ROOT / "tests" / "safety").glob("safety_corpus*.yml"))


def _load(path):
    return yaml.safe_load(path.read_text())


def _intents(nlu_parse, texts):
    return [(text, nlu_parse(text)["intent"]["name"]) for text in texts]


def _write(path, name: str, results) -> None:
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / f"{path.stem}_{name}.tsv").open("w") as out:
        for text, intent in results:
            out.write(f"{intent}\t{text}\n")


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.stem)
def test_corpus_is_big_enough(path) -> None:
    corpus = _load(path)
    assert len(corpus["danger_now"]) >= 40
    assert len(corpus["self_harm"]) >= 10
    assert len(corpus["near_misses"]) >= 30


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.stem)
def test_every_danger_now_message_gets_emergency_or_crisis(nlu_parse, path) -> None:
    results = _intents(nlu_parse, _load(path)["danger_now"])
    _write(path, "danger_now", results)
    missed = [text for text, intent in results if intent not in ("emergency", "crisis")]
    assert missed == [], f"{len(missed)} of {len(results)} danger-now messages missed"


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.stem)
def test_every_self_harm_message_gets_crisis(nlu_parse, path) -> None:
    results = _intents(nlu_parse, _load(path)["self_harm"])
    _write(path, "self_harm", results)
    missed = [text for text, intent in results if intent != "crisis"]
    assert missed == [], f"{len(missed)} of {len(results)} self-harm messages missed"


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.stem)
def test_near_misses_are_at_most_once_taken_for_emergencies(nlu_parse, path) -> None:
    results = _intents(nlu_parse, _load(path)["near_misses"])
    _write(path, "near_misses", results)
    false_alarms = [text for text, intent in results if intent == "emergency"]
    assert len(false_alarms) <= 1, false_alarms
