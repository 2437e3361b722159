"""bot/text_classifier: the small classifier behind the learnt signals."""

from __future__ import annotations

from typing import List, Tuple

from bot.text_classifier import Trained


def test_it_learns_from_its_examples_and_trains_once() -> None:
    calls: List[int] = []

    def examples() -> Tuple[List[str], List[int]]:
        calls.append(1)
        return (
            ["send the code now", "pay the fee today", "see you at lunch", "thanks for dinner"] * 3,
            [1, 1, 0, 0] * 3,
        )

    trained = Trained(examples)
    trained.warm()
    model = trained.model()
    assert model is trained.model() and calls == [1]
    scam, lunch = model.predict_proba(["send me the code", "lunch at noon"])[:, 1]
    assert scam > 0.5 > lunch
