"""Ordinary English words, from spaCy's English lookup tables (shipped in
spacy-lookups-data, already a dependency): what tells a name or a street
name from a word of the language when case cannot."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import FrozenSet, Tuple


@cache
def english_words(parts: Tuple[str, ...]) -> FrozenSet[str]:
    """Words of the given parts of speech, with their inflected forms ("got",
    "keeps", "told"), from spaCy's English lookup tables."""
    import spacy_lookups_data

    data = Path(spacy_lookups_data.__file__).parent / "data"
    with gzip.open(data / "en_lemma_index.json.gz", "rt", encoding="utf-8") as handle:
        by_part = json.load(handle)
    with gzip.open(data / "en_lemma_lookup.json.gz", "rt", encoding="utf-8") as handle:
        lemmas = json.load(handle)
    words = {word for part in parts for word in by_part.get(part, [])}
    return frozenset(words | {form.lower() for form, lemma in lemmas.items() if lemma in words})
