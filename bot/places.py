"""The Essex places residents name, from nlu/lookups/places.yml (the one
source: the spaCy pipeline's place rules and redaction both read it)."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import yaml

PLACES = Path(__file__).resolve().parent.parent / "nlu" / "lookups" / "places.yml"


def place_names(path: Path = PLACES) -> Dict[str, List[str]]:
    """District id -> the names residents use for it (towns included)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    names: Dict[str, List[str]] = {}
    for entry in document.get("nlu", []):
        if "synonym" in entry:
            examples = [
                line[2:].strip()
                for line in str(entry["examples"]).splitlines()
                if line.strip().startswith("- ")
            ]
            names[str(entry["synonym"])] = examples
    return names
