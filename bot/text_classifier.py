"""A small text classifier, trained from text once per process: TF-IDF word
1-2-grams and character 3-5-grams into a logistic regression.

The learnt signals of the safety screen (bot/safety/learnt.py) and the scam
check (bot/scam/learnt.py) are both this, each on its own labelled
examples. Nothing is downloaded or unpickled; training takes seconds.
"""

from __future__ import annotations

import threading
from typing import Callable, List, Tuple

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

Examples = Tuple[List[str], List[int]]


def train(texts: List[str], labels: List[int]) -> Pipeline:
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
    )
    model = make_pipeline(features, LogisticRegression(C=4, class_weight="balanced", max_iter=3000))
    return model.fit(texts, labels)


class Trained:
    """The classifier for `examples`, trained on first use (or `warm()`), once."""

    def __init__(self, examples: Callable[[], Examples]) -> None:
        self._examples = examples
        self._lock = threading.Lock()
        self._model: Pipeline | None = None

    def model(self) -> Pipeline:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = train(*self._examples())
        return self._model

    def warm(self) -> None:
        self.model()
