"""People's names in what residents type, given in the common ways:

* after a cue: "my name is Sarah", "I'm Priya Patel", "it's Bill", "this is
  Dave", "call me Jo", "name: Nguyen Van An";
* before one: "Sarah here", "Deborah speaking";
* in a signature: "Regards, Ken", "Kind regards,\\nHelen", "thanks, Lou x";
* opening a message: "Karen Whitlock, 22 Acacia Avenue...";
* after a title or a relation: "Mrs Okafor", "my neighbour John Smith",
  "my ex, Darren Cole,", "my partner ryan".

No offline name recogniser is among the project's dependencies (spaCy's
pipeline here has no NER model), so a word is taken for a name by its place
and, where case cannot tell, because it is not an ordinary English word
(spaCy's English lookup tables, shipped in spacy-lookups-data, supply the
adjectives, verbs and adverbs: "I'm scared" and "it's broken" are not names).
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path
from typing import FrozenSet, Iterable, Tuple

Span = Tuple[int, int]

_WORD = r"[^\W\d_][\w'\-]*"
_CAPITALISED = r"[^\W\d_a-z][\w'\-]*"

# Words that are never a name, whatever their case.
_NEVER = frozenset(
    """a an the and but or so if of in on at to for from with by as is was are be been am i im me my
    mine you your he she they we us our his her their it its this that these those here there not no
    yes ok okay just really very so too also still now then back home out outside inside up down
    alone afraid sorry sure glad worried scared fine well unwell ill good bad new old only ever
    never always again please thanks thank cheers ta hi hello hiya hey dear all everyone anyone
    someone somebody nobody everybody officer police sir madam team mate guys folks love x xx xxx
    bye goodbye soon later tomorrow today tonight yesterday asap morning evening afternoon night
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december one two three four five six seven eight nine
    ten writing calling ringing asking wondering trying looking hoping going getting worried
    concerned aged age years year months old from about because since after before when what how
    why who where which whether him them it regards wishes sincerely faithfully kind best warm many
    signed ive id ill youre hes shes theyre were mr mrs ms miss mx dr
    dont doesnt didnt isnt hasnt havent hadnt wont wouldnt cant couldnt shouldnt arent wasnt werent aint
    whos whats theres thats lets unless would could should will can may might must shall
    trans gay lesbian bi bisexual black white asian muslim jewish christian hindu sikh disabled deaf
    blind autistic pregnant foreign british english polish romanian irish scottish welsh""".split()
)
_CUE_ANY_CASE = re.compile(
    r"\b(?:my name is|my names|my name's|the name's|name's|i am called|i'm called|im called|"
    r"call me|known as|name\s*:|(?<![\w ,])name)\s+",
    re.IGNORECASE,
)
_CUE_SELF = re.compile(r"\b(?:i'm|i am|im|it's|its|it is|this is|called|named)\s+", re.IGNORECASE)
_AFTER = re.compile(rf"(?:^|(?<=[\s,]))((?:{_CAPITALISED}\s+){{0,2}}{_CAPITALISED})\s+(?:here|speaking)\b")
_SIGN_OFF = re.compile(
    r"(?:regards|kind regards|best regards|warm regards|many thanks|thanks(?: so much| again)?|thank you|"
    r"cheers|ta|best wishes|best|yours(?: sincerely| faithfully| truly)?|signed(?: off)?|love|from)"
    r"[^\n.!?]{0,40}?[,:\-\n]\s*"
    rf"((?:{_WORD}[ \t]+){{0,2}}{_WORD})(?=[ \t]*(?:x+)?[ \t.!]*(?:\n|$|\(|<))",
    re.IGNORECASE,
)
_OPENING = re.compile(rf"^\s*(?i:from:\s*)?((?:{_CAPITALISED}[ \t]+){{1,2}}{_CAPITALISED})\s*(?:,|<|\()")
_TITLE = re.compile(
    rf"\b(?i:mr|mrs|ms|miss|mx|dr|sir|dame|pc|ds|di)\.?\s+((?:{_CAPITALISED}\s+){{0,2}}{_CAPITALISED})"
)
_RELATION = re.compile(
    r"\b(?i:my|our|his|her|their|the)\s+(?:(?i:elderly|late|older|younger|little|big|best|new|old)\s+)?"
    r"(?i:neighbours?|neighbors?|husband|wife|son|daughter|ex|partner|boyfriend|girlfriend|friend|mum|mom|"
    r"dad|father|mother|brother|sister|nan|gran|grandad|grandma|uncle|aunt|auntie|cousin|boss|landlord|"
    r"landlady|carer|colleague|teacher|lodger|tenant|flatmate|brother-in-law|sister-in-law|son-in-law|"
    r"daughter-in-law|stepdad|stepmum|fiance|fiancee|manager|employee|child|kid|niece|nephew)"
    rf",?\s+((?:{_WORD}\s+){{0,2}}{_WORD})",
)
# "You can reach me, Hannah Lee, on ...", "My carer, Grace, noticed ..."
_APPOSITION = re.compile(
    r"\b(?i:me|myself|(?:my|our|his|her|their) (?:\w+ )?(?:carer|neighbour|neighbor|friend|partner|ex|son|"
    r"daughter|husband|wife|mum|dad|brother|sister|landlord|landlady|lodger|colleague|boss|nan|gran))"
    rf",\s+((?:{_CAPITALISED}\s+){{0,2}}{_CAPITALISED}),"
)
_AND_ANOTHER = re.compile(rf"\s+and\s+((?:{_CAPITALISED}\s+){{0,2}}{_CAPITALISED})")


@cache
def _english_words(parts: Tuple[str, ...]) -> FrozenSet[str]:
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


_STATE_WORDS = ("adj", "verb", "adv")  # "I'm Scared", "it's Broken"
_ALL_WORDS = ("adj", "verb", "adv", "noun")  # "my ex boyfriend", "its raining"


def _is_namelike(word: str, strong: bool, lower_case_words: Tuple[str, ...] = _ALL_WORDS) -> bool:
    """After a strong cue ("my name is") any word but a function word is a
    name; otherwise a capitalised word that is not a word of state or action,
    or a lower-case word that is no English word at all."""
    lower = word.lower().strip("'-").replace("'", "")
    if lower in _NEVER or len(lower) < 2:
        return False
    if strong:
        return True
    if word[0].isupper():
        return lower not in _english_words(_STATE_WORDS)
    return lower not in _english_words(lower_case_words)


def _leading_names(
    text: str, start: int, end: int, strong: bool = False, lower_case_words: Tuple[str, ...] = _ALL_WORDS
) -> Span | None:
    """The name words at the start of text[start:end] (up to three)."""
    found: Span | None = None
    words = list(re.finditer(_WORD, text[start:end]))
    for index, word in enumerate(words):
        token = word.group(0)
        namelike = _is_namelike(token, strong and index == 0, lower_case_words)
        if not namelike and index == 0 and token[0].isupper() and token.lower() not in _NEVER:
            # "Bill Turner": a capitalised word of action, then a surname.
            after = words[1].group(0) if len(words) > 1 else ""
            gap = text[start + word.end() : start + words[1].start()] if len(words) > 1 else ""
            namelike = bool(after) and after[0].isupper() and _is_namelike(after, False) and gap == " "
        if index >= 3 or not namelike:
            break
        if found is not None:
            gap = text[found[1] : start + word.start()]
            # One name: words side by side, all capitalised or all lower case.
            if not re.fullmatch(r"[ \t]+", gap) or token[0].isupper() != text[found[0]].isupper():
                break
        elif word.start() != 0:
            break
        found = (found[0] if found else start + word.start(), start + word.end())
    return found


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """Every match, including those that start inside an earlier one."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        yield match
        position = match.start() + 1


def name_spans(text: str) -> Iterable[Span]:
    """Where people's names are in `text`."""
    for cue in _CUE_ANY_CASE.finditer(text):
        span = _leading_names(text, cue.end(), len(text), strong=True)
        if span:
            yield span
    for cue in _CUE_SELF.finditer(text):
        rest = text[cue.end() :]
        first = re.match(_WORD, rest)
        if not first:
            continue
        # Lower case counts only when the word ends the clause: "hiya its kirsty, ..."
        if not first.group(0)[0].isupper() and not re.match(rf"{_WORD}\s*(?:[,.!?\n]|and\b|$)", rest):
            continue
        span = _leading_names(text, cue.end(), len(text), lower_case_words=_STATE_WORDS)
        if span:
            yield span
    for pattern in (_AFTER, _SIGN_OFF, _OPENING, _TITLE, _RELATION, _APPOSITION):
        for match in _overlapping(pattern, text):
            strong = pattern in (_TITLE, _APPOSITION) or (
                pattern is _AFTER and not text[: match.start(1)].strip()
            )
            span = _leading_names(text, match.start(1), match.end(1), strong=strong)
            if span and pattern is _RELATION and not text[span[0]].isupper():
                # "my partner ryan keeps ...": a lower-case name must be followed by what it does.
                following = re.match(rf"\s+({_WORD})", text[span[1] :])
                if not following or following.group(1).lower() not in _english_words(_STATE_WORDS):
                    continue
            if span:
                yield span
                more = _AND_ANOTHER.match(text, span[1])
                if more and _leading_names(text, more.start(1), more.end(1)):
                    yield more.start(1), more.end(1)
