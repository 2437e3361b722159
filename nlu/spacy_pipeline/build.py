"""Build the project's spaCy pipeline from official parts, offline.

No pretrained English model is used (none is available offline here, and
third-party re-uploads are not allowed). The pipeline is:

* spaCy's own English tokenizer (`spacy.blank("en")`),
* the lookup lemmatizer, with its table from the official
  `spacy-lookups-data` package,
* an EntityRuler that labels Essex places `location`, with patterns made
  from the place synonyms in nlu/lookups/places.yml (one source of truth:
  the same file maps towns to districts for Rasa's EntitySynonymMapper).

Run: python -m nlu.spacy_pipeline.build [OUTPUT_DIR]
The output is deterministic for the same inputs and package versions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

from bot.places import place_names

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "en_essex"


def build(output: Path = OUTPUT) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    patterns = []
    for district, names in sorted(place_names().items()):
        for name in sorted(set(names) | {district.replace("_", " ")}):
            patterns.append({"label": "location", "pattern": name, "id": district})
    nlp.initialize()  # loads the lemma table from spacy-lookups-data
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    nlp.meta.update(
        {
            "name": "essex",
            "version": "1.0.0",
            "description": "Blank English tokenizer + lookup lemmatizer + EntityRuler "
            "for Essex places, built from official spaCy parts.",
            "author": "Essex crime prevention assistant",
            "license": "MIT",
        }
    )
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    print(f"built {build(target)}")
