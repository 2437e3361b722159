"""A learnt second opinion for the safety screen: how much a message reads
like someone in danger now, or like self-harm, rather than like the near
misses that share their words.

A logistic regression on TF-IDF word 1-2-grams and character 3-5-grams,
trained on the regression corpora in bot/safety/examples/ (thirteen sets,
each written blind by a different helper: danger now, self-harm, near
misses) and on the assistant's NLU training data (its emergency and crisis
examples as danger and self-harm, every other intent as neither). It is
trained once per process from text, in a few seconds: nothing is
downloaded or unpickled.

Chosen by leaving each corpus out in turn, training on the others and the
NLU data and scoring it (never the held-out set in tests/safety/): at
ALARM (0.8) the score alone finds 884 of 1045 danger-now messages and 265
of 351 self-harm ones, with 5 of 1018 near misses above it (with nine sets,
before corpora 8 to 10 were added: 512/636, 148/202, 0/578). The screen's
rules stay first; this speaks when they and the classifier found nothing
(bot.rasa.safety_screen), and it doubts them (DOUBT) in two cases: an alarm
from the classifier alone, and a rule that matched one sentence of a story
(25 words or more) whose whole reads unlike danger. A doubted alarm becomes
the one-line 999 reminder before the answer, so a resident in danger still
reads 999 first. Left out in turn, DOUBT at 0.1 turned 9 near-miss alarms
into reminders and cost no danger-now story its 999-first reply.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import List, Tuple

import yaml

from bot.nlu_examples import examples_of
from bot.text_classifier import Trained

EXAMPLES = Path(__file__).parent / "examples"
# The assistant's own training data: everyday questions are "neither", and
# its emergency and crisis examples count as danger and self-harm.
NLU_DATA = Path(__file__).resolve().parents[2] / "nlu" / "data"
_AS = {"emergency": 1, "crisis": 2}
SECTIONS = ("near_misses", "danger_now", "self_harm")  # class 0, 1, 2
ALARM = 0.8  # the emergency or crisis reply
CAUTION = 0.6  # the one-line 999 reminder before the answer
HARM_CHECK = 0.3  # a self-harm likeness this high, not alarmed, adds the Samaritans line
DOUBT = 0.1  # below it, an alarm from the classifier alone, or from one sentence of a story, is doubted


def examples(folder: Path = EXAMPLES, nlu: Path | None = NLU_DATA) -> Tuple[List[str], List[int]]:
    texts: List[str] = []
    labels: List[int] = []
    for path in sorted(folder.glob("*.yml")):
        corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
        for label, section in enumerate(SECTIONS):
            for text in corpus.get(section) or ():
                texts.append(str(text))
                labels.append(label)
    for path in sorted(nlu.rglob("*.yml")) if nlu else ():
        for text, intent in examples_of(path):
            texts.append(text)
            labels.append(_AS.get(intent, 0))
    return texts, labels


_classifier = Trained(examples)


def warm() -> None:
    """Train now, so the first resident does not wait for it."""
    _classifier.warm()


@lru_cache(maxsize=256)
def likeness(text: str) -> Tuple[float, float]:
    """(danger now, self-harm), each from 0 to 1. Cached: the screen may ask
    up to three times about one message."""
    near, danger, self_harm = _classifier.model().predict_proba([text])[0]
    return float(danger), float(self_harm)
