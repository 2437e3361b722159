"""Street addresses in what residents type: "12 Rose Lane", "flat 3, 45 High
St", "Apartment 5, Kings Court", "no. 7 the Avenue", "I live on Mill Road".

No well-kept offline library parses British addresses in free text, so
these are patterns: a house number (with flat, unit or building before it)
followed by a street whose last word is a street type, a flat or unit number
on its own, and a street named after "I live on", "we're in" and the like.
A street type alone ("on the high street at night") is not an address.
"""

from __future__ import annotations

import re
from typing import Iterable, Tuple

from bot.privacy.words import english_words

Span = Tuple[int, int]

_STREET_TYPE = (
    r"(?:road|rd|street|st|lane|ln|avenue|ave|close|cl|drive|dr|way|court|ct|crescent|cres|place|pl|"
    r"gardens|gdns|grove|terrace|tce|walk|hill|park|square|sq|mews|row|rise|green|parade|pde|view|"
    r"chase|meadow|meadows|wharf|approach|boulevard|broadway|croft|fields|paddock|paddocks|orchard|"
    r"esplanade|promenade|quay|vale|villas|yard|gate|end|heights|mansions|house|lodge|cottages)"
)
# Words that end a street name's run: "12 kids in the park" is not an address.
_NOT_IN_A_NAME = (
    r"(?!(?:in|at|on|to|of|and|or|were|was|are|is|for|from|with|by|near|round|around|past|"
    r"the\s+(?:other|next|same|last|first)|times?|days?|weeks?|years?|months?|hours?|mins?|minutes?|"
    r"people|kids|children|cars?|men|houses|miles?|pounds?)\b)"
)
_NAME_WORD = rf"{_NOT_IN_A_NAME}[A-Za-z][A-Za-z'\.\-]*"
_HOUSE_NUMBER = r"\d{1,4}[a-z]?(?:\s?-\s?\d{1,4}[a-z]?)?"
_SUB_UNIT = r"(?:flat|apartment|apt|unit|no\.?|number|room)\s*\d{1,4}[a-z]?"
_BUILDING = (
    r"(?:[A-Z][A-Za-z'\-]+\s+){1,3}"
    r"(?:court|house|mansions|lodge|heights|tower|point|building|cottage|farm|hall|manor|barn|rectory|vicarage|grange|mill)"
)

_ADDRESS = re.compile(
    # [flat 3, | Marlborough House, ] 45 High St / 3a Church Walk / 7 the Avenue
    rf"\b(?:{_SUB_UNIT}\s*,?\s*(?:{_BUILDING}\s*,?\s*)?(?:at\s+)?)?"
    rf"(?:{_BUILDING}\s*,\s*)?"
    rf"(?<![\d£$€.,:/])(?:no\.?\s*|number\s+)?{_HOUSE_NUMBER},?\s+(?:the\s+)?(?:{_NAME_WORD}\s+){{0,3}}{_STREET_TYPE}\b"
    # 73 Parkway, 19a Kingsway, 2 The Paddocks
    rf"|(?<![\d£$€.,:/])\b{_HOUSE_NUMBER}\s+(?:[A-Z][a-z]+(?:way|gate|side)|The\s+[A-Z][a-z]+)\b"
    # Flat 2b Marine Court, Apartment 5, Kings Court
    rf"|\b(?:flat|apartment|apt|unit)\s*\d{{1,4}}[a-z]?\s*,?\s+{_BUILDING}\b"
    # Abbey Cottage, Mill Lane
    rf"|\b{_BUILDING}\s*,\s+(?:{_NAME_WORD}\s+){{1,3}}{_STREET_TYPE}\b"
    # flat 4 on its own
    rf"|\b(?:flat|apartment|apt|unit)\s+\d{{1,4}}[a-z]?\b",
    re.IGNORECASE,
)
# "I live on Mill Road", "we're in Hawthorn Way": a street named without a number.
_LIVES_ON = re.compile(
    r"\b(?i:live|lives|living|lived|i'?m|i am|we'?re|we are|based|moved|address is)\s+(?i:just\s+|right\s+)?"
    r"(?i:on|in|at|to|off)\s+"
    rf"((?:the\s+)?(?:[A-Z][A-Za-z'\-]+\s+){{1,3}}(?i:{_STREET_TYPE}))\b",
)


# "my shed on rainsford road": a street in lower case, told by a name that is no English word.
_LOWER_CASE_STREET = re.compile(
    r"\b(?:on|off|in|along|at)\s+((?!(?:our|my|the|your|his|her|their|this|that|a|an|its|which|what|every|each|any|same|next)\b)"
    r"[a-z][a-z'\-]+\s+(?:road|street|lane|avenue|close|drive|crescent|grove|way|gardens))\b"
)


def address_spans(text: str) -> Iterable[Span]:
    """Where addresses are in `text`."""
    for match in _ADDRESS.finditer(text):
        yield match.start(), match.end()
    for match in _LIVES_ON.finditer(text):
        yield match.start(1), match.end(1)
    for match in _LOWER_CASE_STREET.finditer(text):
        if match.group(1).split()[0] not in english_words(("adj", "verb", "adv", "noun")):
            yield match.start(1), match.end(1)
