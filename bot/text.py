"""Residents' words folded to one spelling, for matching and classifying.

Unicode NFKC, lower case, apostrophes dropped, only letters and digits kept,
and common text-speak and shorthand spelled out ("u" -> "you", "nicked" ->
"stolen"), so "ur mum" and "your mother" look alike to the models.
"""

from __future__ import annotations

import re
import unicodedata

# Residents' shorthand, folded before matching.
_FOLD = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "im": "i am",
    "ive": "i have",
    "dont": "do not",
    "cant": "can not",
    "wont": "will not",
    "isnt": "is not",
    "whats": "what is",
    "hows": "how is",
    "wat": "what",
    "wot": "what",
    "abt": "about",
    "b4": "before",
    "ppl": "people",
    "nicked": "stolen",
    "pinched": "stolen",
    "mum": "mother",
    "mam": "mother",
    "nan": "grandmother",
    "ebike": "e bike",
    "ebikes": "e bikes",
    "escooter": "e scooter",
    "escooters": "e scooters",
    "nanna": "grandmother",
}
_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("'", "").replace("\u2019", "")
    return " ".join(_FOLD.get(word, word) for word in _WORD.findall(text))
