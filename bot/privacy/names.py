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
(spaCy's English lookup tables, shipped in spacy-lookups-data: "I'm
scared" and "it's broken" are not names).

Without any cue, a run of capitalised words that is no English word, no
Essex or UK place and no common brand is taken for a name ("we saw Ben,
Chloe and Harvey Marsh"), as is a common first name that is also a word
("Bill", "Grace") where a name stands.
"""

from __future__ import annotations

import re
from functools import cache
from typing import FrozenSet, Iterable, Tuple

from bot.places import place_names
from bot.privacy.words import english_words

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
    why who where which whether weve youve theyve wed youd theyd youll theyll something anything nothing everything
    somewhere anywhere nowhere everywhere him them it please regards wishes sincerely faithfully kind best warm many
    signed ive id ill youre hes shes theyre were mr mrs ms miss mx dr
    dont doesnt didnt isnt hasnt havent hadnt wont wouldnt cant couldnt shouldnt arent wasnt werent aint
    whos whats theres thats lets unless would could should will can may might must shall
    trans gay lesbian bi bisexual black white asian muslim jewish christian hindu sikh disabled deaf
    blind autistic pregnant foreign british english polish romanian irish scottish welsh""".split()
)
_CUE_ANY_CASE = re.compile(
    r"\b(?:my name is|my names|my name's|the name's|name's|i am called|i'm called|im called|"
    r"call me|known as|goes by|everyone calls|they call him|they call her|name\s*:|(?<![\w ,])name)\s+",
    re.IGNORECASE,
)
_CUE_SELF = re.compile(
    r"\b(?:i'm|i am|im|it's|its|it is|this is|called|named|calls|goes by|ask for|asking for|speak to|spoke to)\s+",
    re.IGNORECASE,
)
_AFTER = re.compile(rf"(?:^|(?<=[\s,]))((?:{_WORD}\s+){{0,2}}{_WORD})\s+(?i:here|speaking)\b")
_SIGN_OFF = re.compile(
    r"(?:regards|kind regards|best regards|warm regards|many thanks|thanks(?: so much| again)?|thank you|"
    r"cheers|ta|best wishes|best|yours(?: sincerely| faithfully| truly)?|signed(?: off)?|love|from)"
    r"[^\n.!?]{0,40}?[,:\-\n]\s*"
    rf"((?:{_WORD}[ \t]+){{0,2}}{_WORD})(?=[ \t]*(?:x+)?[ \t.!]*(?:\n|$|\(|<|,))",
    re.IGNORECASE,
)
_OPENING = re.compile(rf"^\s*(?i:from:\s*)?((?:{_WORD}[ \t]+){{1,2}}{_WORD})\s*(?:,|<|\()")
_TITLE = re.compile(
    r"\b(?i:mr|mrs|ms|miss|mx|dr|sir|dame|pc|ds|di|dc|dci|pcso|sgt|sergeant|insp|inspector|constable|officer|"
    r"nan|nanny|grandad|grandma|grandson|granddaughter|lodger|cleaner|mate|brother|sister)\.?\s+"
    rf"((?:{_CAPITALISED}\s+){{0,2}}{_CAPITALISED})"
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
_AND_ANOTHER = re.compile(rf"\s*(?:,|\s+and|\s+or|\s+&)\s+((?:{_CAPITALISED}\s+){{0,2}}{_CAPITALISED})")


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
    if word.isupper() and len(word) <= 4:
        return False  # ANI, CCTV, ASB: an acronym
    if word[0].isupper():
        return lower not in english_words(_STATE_WORDS)
    return lower not in english_words(lower_case_words)


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


# Capitalised words that are not people although no dictionary holds them.
_NOT_PEOPLE = frozenset(
    """essex police uk gb nhs hmrc dvla acro iopc rspca tesco asda aldi lidl sainsburys morrisons waitrose
    coop co-op boots argos amazon ebay gumtree facebook whatsapp instagram snapchat tiktok youtube google
    apple iphone android samsung bmw audi ford vauxhall toyota nissan honda kia volkswagen vw mercedes
    transit qashqai fiesta corsa golf ring nest hive paypal monzo barclays natwest lloyds halifax santander
    hsbc nationwide revolut starling royal mail evri dpd hermes yodel ups fedex crimestoppers samaritans
    action fraud victim support refuge childline nspcc ofcom council a&e ae mcdonalds kfc greggs costa
    starbucks primark uber bolt lakeside bluewater chelmer colne blackwater thames greater anglia abellio
    arriva stagecoach tfl ikea wickes screwfix homebase christmas easter diwali eid ramadan hanukkah
    halloween bonfire microsoft windows playstation xbox nintendo netflix chelsea arsenal spurs liverpool
    everton united city rovers wanderers london ipswich norwich cambridge leeds manchester birmingham
    bristol kent suffolk norfolk hertfordshire herts hertford stansted heathrow gatwick luton scotland
    wales ireland england britain europe spain france poland romania lithuania india pakistan
    nigeria ghana turkey dengie carers""".split()
)
# Common first names that are also English words ("Bill", "Will", "Grace"):
# capitalised and where a name stands, they are names.
_FIRST_NAMES = frozenset(
    """bill ben harry lee mick paddy will ruth dean harvey grace rose mark sue rob pat ray jack frank faith
    hope joy amber ruby jade holly daisy lily poppy dawn sky summer heather hazel ivy iris
    violet jasmine olive pearl crystal robin jay rich dick nick pete sid ted tom tim jim sam dan
    don ken len les ron viv val kit max rex carol mandy sandy penny terry gary barry
    graham neil colin keith alan brian kevin wayne shane darren lewis louis george charlie alfie archie
    freddie oscar leo noah theo finley jake connor callum kyle liam ryan sean owen ellie chloe sophie
    emily olivia ava mia isla evie amelia jessica megan lauren hannah charlotte abigail zoe karen sharon
    tracey julie debbie lisa kelly donna emma gemma kirsty nicola claire sarah helen margaret jean doris
    maureen pauline brenda linda susan janet patricia barbara irene joan eileen betty mary""".split()
)


@cache
def _places() -> FrozenSet[str]:
    """Every word of every Essex place the assistant knows."""
    return frozenset(
        word.lower()
        for names in place_names().values()
        for name in names
        for word in re.findall(r"[\w']+", name)
    )


def _unknown_capitalised(word: str) -> bool:
    """A capitalised word that is a common first name, or no English word,
    no place and no brand."""
    if not word[0].isupper() or word.isupper():
        return False  # lower case, an acronym (BMW, CCTV) or a message typed in capitals
    if re.search(r"[a-z][A-Z]", word) and not re.match(r"(?:Mc|Mac|O'|D'|De|La|Le)[A-Z]", word):
        return False  # PlayStation, SmartWater, iPhone
    plain = word.lower().replace("'", "")
    forms = {plain, plain.removesuffix("s")}
    if forms & _FIRST_NAMES:
        return True
    return not forms & _known_words()


@cache
def _known_words() -> FrozenSet[str]:
    return _NEVER | _NOT_PEOPLE | _places() | english_words(_ALL_WORDS)


# A capitalised word after these, or before these, is a place: "near
# Tillingham", "Great Bardfield", "Hylands Park".
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|to|from|around|towards|outside|past|through|into|of|by|off)\s+$|"
    r"\b(?:Great|Little|North|South|East|West|Upper|Lower|Old|New|St)\s+$"
)
_PLACE_AFTER = re.compile(
    r"\s+(?i:park|road|street|lane|avenue|hall|green|common|wood|woods|lake|hospital|school|academy|college|"
    r"station|centre|center|square|shopping|retail|estate|farm|church|village|town|airport|beach|pier)\b"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"(]\s*)$")


def _proper_names(text: str) -> Iterable[Span]:
    """Runs of capitalised words that are no English word, no place and no
    brand ("Declan keeps...", "we saw Ben, Chloe and Harvey Marsh"). At the
    start of a sentence, where every word is capitalised, a single word must
    be followed by a comma, a bracket or a verb, or end the message."""
    words = list(re.finditer(_WORD, text))
    index = 0
    while index < len(words):
        word = words[index]
        if not _unknown_capitalised(word.group(0)):
            index += 1
            continue
        end = index
        while end + 1 < len(words) and end - index < 2:
            following = words[end + 1]
            token = following.group(0)
            if text[words[end].end() : following.start()] != " " or not token[0].isupper():
                break
            if token.lower() in _NEVER or token.lower() in _places():
                break
            end += 1
        before = text[: word.start()]
        after_word = text[words[end].end() :]
        if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(after_word):
            if word.group(0).lower() not in _FIRST_NAMES:
                index = end + 1
                continue
        if end == index and _SENTENCE_START.search(before):
            after = text[word.end() :]
            next_word = re.match(rf"\s+({_WORD})", after)
            verb_next = next_word is not None and next_word.group(1).lower() in english_words(("verb",))
            listed = word.group(0).lower().removesuffix("'s").replace("'", "") in _FIRST_NAMES
            joined = listed and bool(re.match(r"(?:'s\b|\s+(?:and|or|&|from)\s)", after))
            if not (re.match(r"\s*[,()]", after) or verb_next or joined or not after.strip(" .!\n")):
                index += 1
                continue
        yield word.start(), words[end].end()
        index = end + 1


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
        clause_end = rf"{_WORD}(?:\s+{_WORD})?\s*(?:[,.!?\n]|and\b|$)"
        introduces = re.fullmatch(r"(?i:i'm|i am|im|it's|its|it is|this is)\s+", cue.group(0))
        if not first.group(0)[0].isupper() and not (introduces and re.match(clause_end, rest)):
            continue
        span = _leading_names(text, cue.end(), len(text), lower_case_words=_STATE_WORDS)
        if span:
            yield span
    for pattern in (_AFTER, _SIGN_OFF, _OPENING, _TITLE, _RELATION, _APPOSITION):
        for match in _overlapping(pattern, text):
            at_start = not text[: match.start(1)].strip()
            strong = pattern in (_TITLE, _APPOSITION, _SIGN_OFF) or (pattern is _AFTER and at_start)
            span = _leading_names(text, match.start(1), match.end(1), strong=strong)
            if span and pattern is _RELATION and not text[span[0]].isupper():
                # "my partner ryan keeps ...": a lower-case name must be followed by what it does.
                following = re.match(rf"\s+({_WORD})", text[span[1] :])
                if not following or following.group(1).lower() not in english_words(_STATE_WORDS):
                    continue
            if span:
                yield span
                more = _AND_ANOTHER.match(text, span[1])
                if more and _leading_names(text, more.start(1), more.end(1)):
                    yield more.start(1), more.end(1)
    yield from _proper_names(text)
