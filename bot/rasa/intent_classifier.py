"""A fast linear intent classifier for Rasa: TF-IDF on words and characters,
and a linear support vector machine (scikit-learn).

Why not DIET: it took about 9 minutes to train on 2 quiet cores (and had
not finished after an hour on this project's larger data, with other work
running), which every CI run and every retraining of the comms team's
labelled questions paid for. This trains in seconds; its held-out figures
are in results/nlu_report.md and results/nlu_realistic_report.md.

The model is saved as plain arrays and JSON (no pickle), and loaded the same
way, so a model file cannot carry code (the class of flaw behind
CVE-2024-49375).

Confidences are a softmax of the SVM's margins (`confidence_scale` sharpens
it), so Rasa's FallbackClassifier can still say "not sure".
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.text import normalise

logger = logging.getLogger(__name__)

RANKING_LENGTH = 10


def _vectorizers(config: Dict[str, Any]) -> Tuple[TfidfVectorizer, TfidfVectorizer]:
    words = TfidfVectorizer(
        preprocessor=normalise, ngram_range=(1, int(config["word_max_ngram"])), sublinear_tf=True
    )
    chars = TfidfVectorizer(
        preprocessor=normalise,
        analyzer="char_wb",
        ngram_range=(int(config["char_min_ngram"]), int(config["char_max_ngram"])),
        sublinear_tf=True,
        min_df=2,
    )
    return words, chars


def softmax(margins: np.ndarray, scale: float) -> np.ndarray:
    z = margins * scale
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "C": 0.5,
            "word_max_ngram": 2,
            "char_min_ngram": 2,
            "char_max_ngram": 5,
            "confidence_scale": 4.0,
        }

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.words, self.chars = _vectorizers(self.config)
        self.classes: List[str] = []
        self.coef: np.ndarray | None = None
        self.intercept: np.ndarray | None = None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    # Training --------------------------------------------------------------------

    def _features(self, texts: List[str]) -> sparse.csr_matrix:
        return sparse.hstack([self.words.transform(texts), self.chars.transform(texts)], format="csr")

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        texts = [str(e.get(TEXT)) for e in examples]
        labels = [str(e.get(INTENT)) for e in examples]
        self.words.fit(texts)
        self.chars.fit(texts)
        svm = LinearSVC(C=float(self.config["C"]), class_weight="balanced", random_state=0)
        svm.fit(self._features(texts), labels)
        self.classes = [str(c) for c in svm.classes_]
        coef = np.asarray(svm.coef_, dtype=np.float64)
        intercept = np.asarray(svm.intercept_, dtype=np.float64)
        if len(self.classes) == 2:  # sklearn keeps one row for two classes
            coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
        self.coef, self.intercept = coef, intercept
        self.persist()
        return self._resource

    # Use ---------------------------------------------------------------------------

    def margins(self, texts: List[str]) -> np.ndarray:
        assert self.coef is not None and self.intercept is not None
        return np.asarray(self._features(texts) @ self.coef.T) + self.intercept

    def process(self, messages: List[Message]) -> List[Message]:
        if self.coef is None:
            return messages
        texts = [str(m.get(TEXT) or "") for m in messages]
        confidences = softmax(self.margins(texts), float(self.config["confidence_scale"]))
        for message, row in zip(messages, confidences, strict=True):
            order = np.argsort(-row)[:RANKING_LENGTH]
            ranking = [{"name": self.classes[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    # Saving and loading: arrays and JSON only --------------------------------------

    def persist(self) -> None:
        assert self.coef is not None and self.intercept is not None
        with self._storage.write_to(self._resource) as directory:
            meta = {
                "classes": self.classes,
                "words": {k: int(v) for k, v in self.words.vocabulary_.items()},
                "chars": {k: int(v) for k, v in self.chars.vocabulary_.items()},
            }
            (directory / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
            np.save(directory / "words_idf.npy", self.words.idf_, allow_pickle=False)
            np.save(directory / "chars_idf.npy", self.chars.idf_, allow_pickle=False)
            np.save(directory / "coef.npy", self.coef, allow_pickle=False)
            np.save(directory / "intercept.npy", self.intercept, allow_pickle=False)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
                component.words.vocabulary_ = meta["words"]
                component.words.idf_ = np.load(directory / "words_idf.npy", allow_pickle=False)
                component.chars.vocabulary_ = meta["chars"]
                component.chars.idf_ = np.load(directory / "chars_idf.npy", allow_pickle=False)
                component.coef = np.load(directory / "coef.npy", allow_pickle=False)
                component.intercept = np.load(directory / "intercept.npy", allow_pickle=False)
                component.classes = list(meta["classes"])
        except ValueError:
            logger.warning("the intent classifier has no trained model; every message will be a fallback")
        return component
