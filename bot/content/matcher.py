"""Find the vetted question a resident is asking, at run time.

The matcher indexes every wording of every published question (the
`question` line and its `asked` variants) with scikit-learn's TF-IDF: word
unigrams and bigrams, and character n-grams inside words, which forgive
typos and word endings ("lock"/"locks", "burgalry"). It is rebuilt whenever the
published content changes (a few milliseconds), so a question published in
the editor is answerable at once, with no retraining. The choice of
features and of scoring is measured in `bench/matcher.py` (bench/MATCHER.md):
a question scores the mean of its three best-fitting wordings.

A follow-up that leans on what came before ("where can I get one") can be
scored with the previous question as context: its words count for less
than the resident's own.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Iterable, List, Sequence, Tuple

import numpy as np
from scipy.sparse import linalg as sparse_linalg
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.content.model import Content
from bot.text import normalise

CONTEXT_WEIGHT = 0.5
TOP_WORDINGS = 3
# Things of one kind that are not each other: a question about motorbikes
# does not answer "how do I stop my car being nicked", however alike the
# words. A question that names only other things of the kind the message
# names scores this much of its fit.
OTHER_THING = 0.7
_THINGS = {
    "car": "car cars motor motors",
    "van": "van vans",
    "motorbike": "motorbike motorbikes motorcycle motorcycles moped mopeds scooter scooters",
    "bicycle": "bike bikes bicycle bicycles ebike ebikes cycle cycles",
    "caravan": "caravan caravans motorhome motorhomes campervan campervans",
    "farm vehicle": "tractor tractors quad quads",
}
_THING_OF = {word: thing for thing, words in _THINGS.items() for word in words.split()}


def things(text: str) -> frozenset[str]:
    """The kinds of thing (of _THINGS) that normalised `text` names."""
    return frozenset(_THING_OF[word] for word in text.split() if word in _THING_OF)


_VECTORIZERS = {
    "word": lambda: TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
    "char": lambda: TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
}


@dataclass(frozen=True)
class Match:
    key: str  # "topic/id" for a question; "topic" for the topic's leaflet
    topic: str
    score: float

    @property
    def leaflet(self) -> bool:
        return "/" not in self.key


@dataclass(frozen=True)
class Document:
    """Something the matcher can find: a question, or a topic's leaflet."""

    key: str
    topic: str
    wordings: Tuple[str, ...]


def documents(content: Content) -> List[Document]:
    docs = [Document(q.key, q.topic, q.wordings) for q in content.questions.values()]
    docs += [Document(t.id, t.id, (t.title, *t.asked)) for t in content.topics.values() if t.asked]
    return docs


class Matcher:
    """Scores a message against the questions (and leaflets) of the content."""

    def __init__(self, docs: Sequence[Document], features: Tuple[str, ...] = ("word", "char")) -> None:
        self.questions = list(docs)
        rows: List[str] = []
        owner: List[int] = []
        for index, doc in enumerate(self.questions):
            for wording in doc.wordings:
                if wording.strip():
                    rows.append(normalise(wording))
                    owner.append(index)
        self._owner = np.array(owner, dtype=np.int64)
        self._topics = np.array([q.topic for q in self.questions], dtype=object)
        self._counts = np.bincount(self._owner, minlength=len(self.questions))
        # Each question's wordings as one row of indices into the wording
        # scores (padded with an index whose score is -inf), for the top-k mean.
        width = int(self._counts.max()) if len(self._counts) else 1
        self._slots = np.full((len(self.questions), max(width, 1)), len(self._owner), dtype=np.int64)
        filled = np.zeros(len(self.questions), dtype=np.int64)
        for row, question in enumerate(self._owner):
            self._slots[question, filled[question]] = row
            filled[question] += 1
        self._masks = {topic: self._topics == topic for topic in set(self._topics)}
        # A leaflet covers its whole topic: only questions are about one thing.
        self._things = [
            frozenset() if "/" not in doc.key else things(" ".join(normalise(w) for w in doc.wordings))
            for doc in self.questions
        ]
        # Each kind of feature is scored on its own and the cosines averaged.
        self._vectorizers = [_VECTORIZERS[name]() for name in features]
        self._matrices = [v.fit_transform(rows) for v in self._vectorizers] if rows else []
        # One message is ranked several times (its topic, the conversation's,
        # everything): its scores are computed once.
        self._wordings = functools.lru_cache(maxsize=256)(self._wording_scores)
        self._questions = functools.lru_cache(maxsize=256)(self._question_scores)

    def _wording_scores(self, clean: str, context: str = "") -> np.ndarray:
        """Mean cosine of each wording with the query, over the feature kinds."""
        scores = np.zeros(len(self._owner))
        for vectorizer, matrix in zip(self._vectorizers, self._matrices, strict=True):
            query = vectorizer.transform([clean])
            if context:
                query = query + CONTEXT_WEIGHT * vectorizer.transform([context])
            norm = sparse_linalg.norm(query)
            if norm:
                scores += (matrix @ (query / norm).T).toarray().ravel()
        return scores / len(self._matrices)

    def _question_scores(self, clean: str, context: str = "") -> np.ndarray:
        scores = self._wordings(clean)
        if context:
            # A follow-up's words with the context's, or alone: whichever fits better.
            scores = np.maximum(scores, self._wordings(clean, context))
        return self._top_mean(scores)

    def _top_mean(self, scores: np.ndarray) -> np.ndarray:
        """Each question's score: the mean of its TOP_WORDINGS best wordings
        (fewer if it has fewer), so one lucky wording counts for less than
        several that agree."""
        padded = np.append(scores, -np.inf)[self._slots]
        k = min(TOP_WORDINGS, padded.shape[1])
        top = -np.partition(-padded, k - 1, axis=1)[:, :k]
        top = np.where(np.isfinite(top), top, 0.0)
        return top.sum(axis=1) / np.maximum(np.minimum(self._counts, k), 1)

    def rank(
        self,
        text: str,
        topics: Iterable[str] | None = None,
        context: str | None = None,
        limit: int = 5,
    ) -> List[Match]:
        """The best questions for `text`, best first, at most one per question.

        `topics` limits the search to those topics; `context` (the question
        the resident last saw) helps a short follow-up. Scores are in [0, 1].
        """
        clean = normalise(text)
        if not self._matrices or not clean:
            return []
        best = self._questions(clean, normalise(context) if context else "")
        named = things(clean)
        if named:
            other = np.array([bool(t) and not (t & named) for t in self._things])
            best = np.where(other, best * OTHER_THING, best)
        if topics is not None:
            allowed = np.zeros(len(best), dtype=bool)
            for topic in topics:
                allowed |= self._masks.get(topic, False)
            best = np.where(allowed, best, -1.0)
        order = np.argsort(-best)[:limit]
        return [
            Match(self.questions[i].key, self.questions[i].topic, float(best[i]))
            for i in order
            if best[i] > 0
        ]


_lock = threading.Lock()
_cached: Tuple[Content | None, Matcher | None] = (None, None)


def matcher_for(content: Content) -> Matcher:
    """The matcher for this content, rebuilt only when the content changed."""
    global _cached
    cached_content, cached = _cached
    if cached_content is content and cached is not None:
        return cached
    with _lock:
        if _cached[0] is not content:
            _cached = (content, Matcher(documents(content)))
        return _cached[1]  # type: ignore[return-value]
