"""Rule-based screen for danger-now and self-harm language.

The classifier is good at topics but a missed emergency costs far more than a
false alarm, so this screen runs after it and forces the `emergency` or
`crisis` intent whenever the words say so, whatever the classifier thought.

It works on normalised text (Unicode NFKC, lower case, apostrophes dropped,
common misspellings and text-speak folded) and deliberately does not fire on:

* past events ("my car was broken into last week"),
* questions about when or how to call 999 ("is it ok to ring 999 if ..."),
* prevention questions ("how do I stop someone breaking in").

A strong present-tense signal ("right now", "as we speak") overrides those
exclusions: "what do I do, someone is breaking in right now" is an emergency.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["emergency", "crisis"]

# Words residents misspell or shorten, folded to one spelling before matching.
_SPELLING = {
    "somone": "someone",
    "someon": "someone",
    "sum1": "someone",
    "some1": "someone",
    "sombody": "somebody",
    "somebdy": "somebody",
    "breakin": "breaking",
    "braking": "breaking",
    "brakeing": "breaking",
    "breakng": "breaking",
    "tryin": "trying",
    "tryna": "trying to",
    "tryng": "trying",
    "kickin": "kicking",
    "hittin": "hitting",
    "followin": "following",
    "folowing": "following",
    "follwing": "following",
    "attackin": "attacking",
    "atacking": "attacking",
    "stabin": "stabbing",
    "stabing": "stabbing",
    "stabed": "stabbed",
    "nife": "knife",
    "kinfe": "knife",
    "knive": "knife",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "theres": "there is",
    "im": "i am",
    "u": "you",
    "rn": "right now",
    "atm": "at the moment",
    "pls": "please",
    "plz": "please",
    "ppl": "people",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "hubby": "husband",
    "thru": "through",
    "wanna": "want to",
    "gonna": "going to",
    "cant": "cannot",
    "dont": "do not",
    "doesnt": "does not",
    "wont": "will not",
    "ive": "i have",
    "isnt": "is not",
    "arent": "are not",
    "suicidle": "suicidal",
    "sucidal": "suicidal",
    "suicidel": "suicidal",
    "myslef": "myself",
    "meself": "myself",
    "hurtin": "hurting",
    "fightin": "fighting",
    "fite": "fight",
    "wiv": "with",
    "wit": "with",
    "someones": "someone is",
    "somebodys": "somebody is",
    "whats": "what is",
    "drinks": "drink is",
    "rite": "right",
    "nw": "now",
    "n": "and",
    "ma": "my",
    "bruv": "",
    "lookin": "looking",
    "brake": "break",
    "its": "it is",
    "thats": "that is",
    "hell": "he will",
    "shell": "she will",
    "theyll": "they will",
    "theyve": "they have",
    "weve": "we have",
    "youve": "you have",
}


def normalise(text: str) -> str:
    """Fold a message to the form the patterns below expect."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"[\u2018\u2019\u02bc'`]", "", folded)
    folded = re.sub(r"[^a-z0-9]+", " ", folded)
    folded = re.sub(r"([a-z])\1{2,}", r"\1", folded)  # "nowww" -> "now"
    words = [_SPELLING.get(word, word) for word in folded.split()]
    words = [word for word in words if word]
    return " " + " ".join(words) + " "


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


_PERSON = (
    r"(?:someone|somebody|some one|a man|a woman|men|a guy|a bloke|people|they|he|she|"
    r"an intruder|intruders|a burglar|burglars|a gang|a group|my ex|my partner|"
    r"my husband|my wife|my boyfriend|my girlfriend|my dad|my father|my stepdad|"
    r"my mum|my brother|my son|a stranger|strangers|kids|lads|youths|them)"
)
_BE = r"(?:is|are|am|s|still)"
_HOME = r"(?:house|home|flat|room|bedroom|garden|shed|garage|kitchen|building|car|shop|hallway|loft)"
_WEAPON = (
    r"(?:knife|knives|gun|guns|machete|machetes|blade|blades|weapon|weapons|axe|axes|hammer|"
    r"hammers|bat|bats|crowbar|sword|swords|firearm|acid|shank|shanks)"
)
_HARM_VERB = (
    r"(?:hitting|beating|attacking|stabbing|punching|strangling|choking|kicking|hurting|killing|"
    r"assaulting|raping|slapping|battering|smashing|threatening|chasing|following|"
    r"stalking|shooting|dragging|grabbing|holding)"
)

# Explicit "now" markers: they make a statement current even inside a question.
_NOW = _rx(
    r" right now ",
    r" as we speak ",
    r" at the moment ",
    r" (?:this|that) (?:minute|second|moment) ",
    r" at this moment ",
    r" happening now ",
    r" happening right now ",
    r" currently ",
    r" still (?:here|there|outside|inside|in the|in my) ",
    r" now ",
    r" quick ",
    r" hurry ",
    r" send (?:help|someone|police|the police|an ambulance) ",
    r" call (?:the )?police ",
    r" (?:outside|through|from) (?:my|our|the) (?:bedroom |kitchen |front |back )?window ",
)

# The unambiguous subset of the markers above.
_STRONG_NOW = _rx(
    r" right now ",
    r" as we speak ",
    r" at (?:the|this) moment ",
    r" this (?:minute|second) ",
    r" happening (?:right )?now ",
    r" in front of me ",
    r" i can see (?:them|it|him|her) ",
    r" going on (?!about|and on|holiday|a |an |at me|at him|at her)",
    r" still (?:there|here|outside|inside|going|trying|kicking|smashing|following|behind|after|punching|hitting) ",
    r" just (?!(?:wanted|needed|wondered|asked|hoped|liked|loved|wished) )(?:\w+ed|hit|threw|shot|set|broke|pulled|snatched|poured|punched|stabbed|got|been) ",
    r" (?:are|is) back ",
    r" (?:parked|waiting|standing) (?:outside|at|by|for) ",
    r" (?:already left|tonight) ",
    r" in (?:\d+|ten|five|twenty) (?:mins|minutes) ",
    r" still (?:in|at|nearby|about|around) ",
    r" as i (?:type|write|am typing|am writing|speak|am speaking) ",
)

# Statements of danger happening now.
_DANGER = _rx(
    # Intruders and break-ins in progress.
    rf" {_PERSON} (?:{_BE} )?(?:trying to )?(?:break|breaking|kick|kicking|smash|smashing|force|forcing|climb|climbing) (?:in|into|down|through|the door|my door|our door|the window|my window|the back door|the front door)",
    rf" {_PERSON} (?:{_BE} )?(?:trying to )?(?:get|getting) (?:in\b|into (?:my|our|the|her|his) (?:\w+ )?{_HOME})",
    rf" {_PERSON} {_BE} (?:in|inside|in the|upstairs in|downstairs in) (?:my|our|the) {_HOME} ",
    rf" there is (?:someone|somebody|a man|a woman|an intruder|a stranger|people|men|a burglar)(?: \w+)? (?:in|inside|upstairs in|downstairs in|in the garden of|outside|at) (?:my|our|the) (?:\w+ )?(?:{_HOME}|door|window|windows)",
    r" (?:kicking|smashing|banging|forcing|booting) (?:my|our|the) (?:front |back )?(?:door|window|windows) (?:in|down|open)",
    r" (?:i can hear|i hear|can hear) (?:two |three |some |a few |a |the )?(?:someone|somebody|people|men|man|intruders|voices|glass|a noise|noises|footsteps|them)",
    r" (?:i am|we are) hiding ",
    r" hiding (?:in|under|upstairs|downstairs|behind|in the) ",
    r" (?:going|rummaging|looking) through (?:my|our|the) (?:stuff|things|drawers|house|bags|cupboards) ",
    r" (?:burglars?|intruders?|someone|somebody|a man|men|people) (?:downstairs|upstairs|in the house|in my house|in the garden) ",
    r" (?:year old|yr old|child|son|daughter|kid|toddler|baby|boy|girl) (?:is|has gone|s gone|gone|has|have) (?:gone )?missing ",
    r" (?:is|are|s) (?:lying )?(?:injured|unconscious|collapsed|unresponsive) ",
    r" (?:has|have|s) (?:just )?collapsed ",
    r" trying to (?:take|grab|snatch) (?:a|the|my|our) (?:little |young )?(?:boy|girl|child|kid|baby|toddler) ",
    r" (?:they are|he is|she is|someone is|somebody is) still (?:in|inside|here|there|outside|nearby|about) ",
    r" (?:cannot|can not) (?:talk|speak) ",
    r" (?:crime|robbery|burglary|fight|attack|assault|break in|mugging|stabbing|ram raid) (?:is |in )?(?:happening|in progress|going on|taking place)",
    rf" (?:can hear|hear|can see|watching) (?:him|her|them|someone|somebody|a man|men|people) {_HARM_VERB} ",
    r" (?:is|s|are|been|keeps|keep) (?:following|chasing) (?:me|us) .*(?:still|behind me|scared)",
    r" still (?:behind|following|chasing|outside|after) (?:me|us) ",
    r" (?:drag|dragged|dragging|bundled|bundling|pulled|pulling|forced|forcing|pushed|pushing) (?:a|the|my|this) (?:woman|man|girl|boy|child|kid|person|lady) into (?:a|the|his|their) (?:van|car|vehicle|boot) ",
    r" (?:not|is not|isnt) (?:waking up|breathing|moving|responding|conscious) ",
    r" (?:will not|wont|cannot|cant) wake (?:him|her|them) up ",
    r" (?:screaming|crying|shouting|yelling) (?:for help|help) ",
    r" (?:cannot|can not) (?:stand|stand up|get up|walk|move|breathe|see properly|feel (?:my|her|his) (?:legs|arms|face|body)) ",
    rf" (?:fighting|brawling|fight|brawl) (?:with|using) (?:\w+ )?{_WEAPON}",
    r" (?:he|she|they|someone|somebody|people|men|man|and) (?:is|are|s) (?:still )?(?:climbing|breaking|forcing (?:their|his|her|the) way|coming) (?:in|into|through|inside)\b",
    r" just (?:smashed|broke|broken|kicked|forced|booted|smashed in|kicked in) (?:in )?(?:my|our|the) (?:front |back )?(?:window|windows|door|patio door)",
    r" (?:they|he|she) (?:are|is|s) coming (?:in|for me|for us|to get me|back)",
    r" (?:being|getting) (?:burgled|robbed|mugged|broken into)",
    # "car being nicked off my drive", not "how do I stop my bike being nicked".
    r"^(?!.* (?:stop|stops|prevent|avoid|protect|deter) ).* (?:being|getting) (?:nicked|stolen|hotwired|towed away) ",
    r" (?:trying|tryng|testing) (?:the |my |our |a )?(?:front |back |car |van )?(?:doors|door|door handles|door handle|handles|handle|windows) .*(?:right now|now|at the moment)",
    # Violence happening now.
    rf" {_PERSON} {_BE} (?!not |never |no longer )(?:\w+ )?{_HARM_VERB} (?:up )?(?:me|us|her|him|them|someone|somebody|a |an |my |the |our |his |each other|people)",
    r" (?:i am|we are|she is|he is|they are|someone is|somebody is|my \w+ is|a \w+ is) (?:being|getting) (?:attacked|stabbed|assaulted|beaten|beat up|battered|followed|chased|hurt|raped|strangled|kidnapped|held|mugged|robbed|threatened|hit|punched|kicked|shot|abducted|dragged)",
    rf" {_PERSON} (?:{_BE} )?(?:has|have|got|has got|with|holding|waving|pulled|pulled out|carrying|is carrying|brandishing) (?:a |an |)?(?:\w+ )?{_WEAPON}",
    rf" {_WEAPON} (?:out|pointed at|to my|at my|at me|at us)",
    rf" (?:outside|at|in) (?:my|our|the) (?:house|home|door|flat|garden|window|street|road|shop) (?:with|holding|carrying|waving) (?:a |an |some )?(?:\w+ )?{_WEAPON}",
    r" (?:said|saying|says|shouting|shouted) (?:they|he|she|that they|that he|that she) (?:would|will|d|ll|are going to|is going to|re going to|s going to) (?:smash|kill|hurt|stab|beat|batter|do|shoot|get)",
    r" (?:locked|lock|locks|locking|shut|trapped|keeping|keep|keeps) (?:me|us|her|him|them) in ",
    r" (?:tied|taped|chained|cable tied) (?:me|us|her|him|them|my \w+) (?:up|to) ",
    r" (?:not allowed|are not allowed|is not allowed|cannot|can not) (?:to )?leave (?!it|the|a|this|my|your)",
    r" (?:will not|wont|does not|doesnt|would not|is not) let(?:ting)? (?:them|my \w+|him|her|me|us) (?:out|leave|go)\b",
    r" (?:she|he|my (?:\w+ )?(?:daughter|son|child|kid|girl|boy|year old|yr old)) (?:never arrived|did not arrive|has not arrived|has not come home|has not got home|has not turned up) ",
    r" (?:the |my |our |front |back )?(?:door )?handle (?:started|starts|is|s|keeps|has started) (?:going|moving|turning|rattling|being tried) ",
    r" (?:telling|trying to get|making|forcing) (?:her|him|me|them|my \w+) (?:to )?get in(?:to)? (?:his |the |a |their )?(?:van|car|vehicle|motor)?",
    r" (?:turned|looked) (?:round|around|away|up) (?:\w+ ){0,8}(?:she|he|they) (?:was|were|had) gone ",
    r" (?:no sign of|cannot find|can not find|lost) (?:her|him|them|my (?:\w+ )?(?:son|daughter|child|kid|boy|girl|year old|yr old|little one|toddler)) (?!s )",
    r" (?:was|were) (?:right )?(?:next to|beside|with|holding) (?:me|my hand) (?:a |one )?(?:minute|second|moment|few minutes|couple of minutes|two minutes|\d+ minutes|\d+ mins) ago ",
    r" (?:kick|kicking|smash|smashing|force|forcing|boot|booting|bang|banging) (?:in )?(?:my|our|the|her|his|their)? ?(?:front |back |bedroom |flat |house |car )?(?:door|doors|window|windows|windscreen)",
    r" (?:driving|going|heading|coming|drives|goes) (?:the )?wrong way ",
    r" (?:says|saying|threatening|threatens|telling me) (?:he|she|they) (?:will|is going to|are going to|would) (?:use it|use the|kill|hurt|stab|shoot|beat|batter|do me|get me)",
    rf" (?:man|men|lad|lads|guy|guys|bloke|blokes|someone|somebody|gang|group|people|kids|youths|boys) (?:with|holding|carrying|waving|brandishing) (?:a |an |some )?(?:\w+ )?{_WEAPON}",
    r" (?:someone|somebody|a child|a kid|a baby|people|a person|a man|a woman) (?:is |are )?trapped ",
    r" (?:will not|wont|does not|doesnt|would not|is not) let(?:ting)? (?:me|us|her|him) (?:out|leave)\b",
    r" (?:will not|wont) let go (?:of )?(?:me|my|her|him)",
    r" (?:throwing|dropping|chucking|lobbing) (?:rocks|stones|bricks|things|objects|fireworks|petrol bombs|bottles)? ?(?:at|onto|on to|into|through) (?:a |the |my |our )?(?:\w+ )?(?:cars|car|people|me|us|road|house|houses|home|windows|window|traffic|mum|dad|son|daughter|wife|husband|friend|her|him|them)\b",
    r" (?:grabbed|taken|snatched|took) (?:her|him|them|my (?:\w+ ){0,1}\w+|the \w+) and (?:driven|drove|ran|run|gone|went|sped) off",
    rf" {_BE} (?:threatening|going) to (?:kill|hurt|stab|shoot|attack|beat) ",
    r"(?<! not)(?<! never) (?:threatening|threatens) to (?:kill|hurt|stab|shoot|attack) (?:me|us|her|him|them|my)",
    r" (?:going to|gonna|about to) (?:kill|stab|shoot|hurt) (?:me|us|her|him|them|my)",
    r" (?:fight|fighting|brawl|riot|stabbing|shooting) (?:going on|happening|outside|in the street|in the road|on my street|right outside)",
    r" (?:fighting|brawling) (?:outside|in the street|in the road|on my street|with weapons)",
    # Injuries now.
    r" (?:has been|have been|been|just been|just got|is|am|i am) (?:stabbed|shot|glassed|knocked out|run over)",
    r" (?:is|are|am|s) (?:bleeding|unconscious|not breathing|not moving)",
    r" (?:bleeding|blood) (?:everywhere|badly|a lot|loads)",
    # Being followed or trapped now.
    rf" {_PERSON} {_BE} (?:following|chasing|stalking|watching|waiting for) (?:me|us|her|him|my)",
    r" (?:i am|we are) (?:trapped|locked in|hiding|scared for my life|in danger|not safe)",
    r" (?:outside|at) (?:my|our|the) (?:door|house|flat|window|home) .*(?:threatening|will not leave|refusing to leave|will not go away|wont go away|wont leave|shouting|screaming|banging|with a)",
    # Children and vulnerable people in danger now.
    r" (?:child|children|kid|kids|baby|toddler|dog|puppy) (?:is |are )?(?:locked|left|stuck|trapped) in (?:a|the|their|his|her) (?:hot )?car",
    r" (?:my|a|our) (?:child|son|daughter|kid|baby|toddler|little boy|little girl) (?:is |has )?(?:gone missing|missing|been taken|been snatched|been grabbed|has been abducted)",
    r" (?:kidnapping|abducting|snatching) (?:a|my|the|our) (?:child|kid|girl|boy|woman|baby)",
    # Closing in, burning, held, stuck, mauled: present tense by their nature.
    r" (?:keep|keeps|is|are|s|re) (?:getting|coming|creeping) closer ",
    r"^ (?:being|getting) (?:followed|chased|stalked|attacked|mugged|robbed) ",
    r" (?:is|s|are|re|its|it is) (?:now )?(?:going up in flames|on fire|alight|in flames|ablaze) ",
    r" (?:has|have|got|s got|has got|is holding|s holding|grabbed) (?:her|him|me|us|them|my \w+) by the (?:throat|neck|hair) ",
    r" (?:is|s|are|am|i am|we are) (?:stuck|trapped|shut) in (?:a|the|her|his|my|our) (?:lift|elevator) ",
    r" (?:dog|dogs) (?:has |have |s |is |are )?(?:gone for|going for|attacking|mauling|biting|savaging|got hold of|latched on) ",
    r" (?:is|are|s|re) (?:mauling|savaging) ",
    r" (?:it has|it s|it is|its|has|s) got hold of (?:his|her|my|their|the|a) (?:arm|leg|hand|face|neck|child|kid|boy|girl) ",
    r" (?:cannot|can not|cant) find (?:my|our) (?:\d+ ?(?:yr|yrs|year|years) old|\d+yo|little one|kid|child|son|daughter|toddler|little boy|little girl) ",
    r" (?:is|s|are|being) (?:walked|led|taken|carried|dragged|helped|bundled) (?:off|away|out|outside) by (?:a |some |this |an |the |two |older )?(?:guy|man|bloke|stranger|men|lads|someone|somebody|older)",
    r" (?:people|someone|somebody|a man|a woman|a child|kids|driver|passengers?|they|he|she) (?:are |is |s )?(?:stuck|trapped) (?:inside|in|under) ",
    r" (?:car|van|vehicle|lorry) (?:is )?(?:upside down|on its roof|on fire) ",
    r" (?:grabbing|groping|touching|feeling) (?:at )?(?:a |the |this |that )?(?:girl|woman|boy|child|kid|lady|me|her|him)\b(?! up)",
    r" (?:touching|groping|grabbing|rubbing (?:up )?against) me (?:\w+ ){0,6}(?:will not|wont|would not) stop ",
    r" (?:says|saying|said) (?:i am|im|i m|we are|were|you are|she is|he is) next ",
    r" smashing (?:everything|the place|the house|the flat|things) ",
    r" (?:kid|child|boy|girl|man|woman|someone|somebody|person|toddler|son|daughter) (?:has |s |just )?(?:fell|fallen|gone|slipped|jumped) (?:in|into) (?:the )?(?:river|sea|water|canal|lake|estuary|pond|mud) ",
    r" (?:someone|somebody|a lad|a man|a woman|a girl|a boy|my \w+|people|a kid|an old \w+) (?:is )?(?:getting|being) (?:jumped|attacked|stabbed|beaten|beat up|battered|mugged|robbed|kicked|punched|glassed) ",
    r" (?:i am |im |we are |being |been |got |am )?(?:cornered|surrounded) (?:in|by|at) ",
    r" (?:cornered|surrounded|boxed in) (?:me|us|her|him|my \w+) ",
    # A child here minutes ago and gone now; someone vulnerable missing for minutes.
    r" (?:\d+ ?(?:yr|yrs|year|years) old|\d+yo|toddler|little one|son|daughter|child|kid|boy|girl) (?:\w+ ){0,10}(?:mins|minutes|seconds) ago (?:\w+ ){0,2}(?:now )?(?:he|she|they) (?:is|s|are|has|have) (?:gone|vanished|disappeared)(?! to| out| off to| home| back)",
    r" (?:gone|went) missing (?:in|within|over) the (?:last|past) | (?:missing|gone|disappeared|vanished) (?:for )?(?:the last |about |nearly |over )?(?:\d+|ten|twenty|thirty|fifteen|forty|five) (?:mins|minutes) ",
    r" (?:swerving|weaving) (?:all over|across|between) | asleep at (?:the )?wheel ",
    # A rogue trader or caller who will not go, a stalker back, threats with an arrival.
    r" (?:he|she|they|the man|this man|the men|this gentleman|the gentleman|builder|builders|trader|traders) (?:\w+ ){0,12}(?:will not|wont|refuses to|is refusing to|refusing to) (?:go|leave)(?! to| out| on| for| home| school| away from)\b",
    r" (?:stalker|my ex|he|she|they|him|her) (?:is |s |are )?back outside ",
    r" (?:coming|on (?:their|his|her) way|be here|round here) (?:\w+ ){0,4}(?:to|and) (?:do|get|kill|stab|hurt|batter|sort|shoot) (?:me|us|him|her|my) ",
    # Fraud in progress: a courier or car on its way to take the cash or the victim.
    r" (?:courier|driver|taxi|cab|car|someone|a man) (?:is |s )?(?:coming|on (?:his|its|their|her) way|outside|waiting|here|sent) (?:\w+ ){0,6}(?:to collect|to pick up|to take (?:her|him|me|them|my \w+) to) ",
    r" (?:sending|sent|send) (?:a |his |her |their )?(?:car|taxi|courier|cab|driver) (?:\w+ ){0,4}to (?:take|collect|pick up) ",
    # Unwanted touching now; people in the road; trapped under a vehicle.
    r" (?:rubbing|pressing|touching|grinding) (?:himself|herself|up) (?:against|on) (?:me|her|us) ",
    r" (?:guy|man|bloke|lad|someone|somebody|he) (?:is |s )?(?:beating|hitting|punching|kicking|strangling|stabbing|battering) (?:up )?(?:his|her|a|the|their) (?:\w+ )?(?:girlfriend|wife|partner|boyfriend|husband|kid|child|son|daughter|woman|man|girl|boy|lad) ",
    r" (?:sheep|cows|cattle|horse|horses|deer|pigs|animals|livestock) (?:\w+ ){0,3}(?:loose on|all over|on|in the middle of|wandering on|across) (?:the )?(?:m\d+|a\d+|motorway|dual carriageway|carriageway) ",
    r" (?:hand|hands) (?:up|down|on|inside|under) (?:my|her|his) (?:skirt|dress|top|shirt|leg|legs|thigh|thighs|bum|trousers) ",
    r" (?:wandering|walking|standing|lying|running|toddling) (?:\w+ ){0,3}(?:in|along|down|on|across) (?:the )?(?:middle of the (?:road|dual carriageway|motorway)|hard shoulder|dual carriageway|motorway|railway line|tracks) ",
    r" (?:trapped|pinned|stuck) (?:under|beneath|inside) (?:a|the|his|her) (?:car|van|lorry|vehicle|bus|tractor|rubble|wreckage) ",
    r" (?:has |s |have )?(?:wandered|gone|walked) (?:off|out) (?:\w+ ){0,6}(?:pyjamas|nightie|nightdress|dressing gown|slippers|no coat|no shoes|freezing) ",
    r" (?:got|get|getting|gone off) in(?:to)? a (?:car|van) with (?:some |two |three |a |an )?(?:older |strange )?(?:men|man|guys|strangers|lads|blokes) ",
    # Plain calls for help.
    r" (?:i am|we are|she is|he is) in danger ",
    r" (?:please )?(?:someone |somebody )?help (?:me )?(?:please )?(?:now |quick |quickly )?(?:he|she|they|someone|somebody|there is|i am|im|my)",
    r" help (?:me|us) (?:please )?$",
)

# Crimes that are an emergency only while they happen: they need an explicit
# "right now" (a drunk driver last week is a report, not a 999 call).
_IN_PROGRESS = _rx(
    r" (?:stealing|taking|loading|nicking|robbing|breaking into|trying to steal|trying to take|siphoning|towing|driving off with) ",
    r" (?:inside|in) (?:my|her|his|their|our|the|next doors|neighbours) (?:house|home|flat|garage|shed|barn) ",
    r" (?:drunk|drink|drugged) (?:driver|driving|drivers) ",
    r" (?:swerving|driving dangerously|racing|ramming) ",
    r" (?:exposing|flashing) (?:himself|herself|themselves) ",
    r" (?:hare cours|coursers|coursing|poachers|poaching) ",
    r" (?:fire(?! station| service| alarm| safety| brigade| drill| door| exit| extinguisher| officer)|arson|setting fire|set fire|on fire|burning) ",
    r" (?:spiked|spiking) ",
    r" (?:driving|pushing|wheeling|towing|loading|riding) (?:my|our|the|her|his|their|next doors) (?:\w+ )?(?:van|car|bike|motorbike|caravan|trailer|quad|tractor|horsebox) (?:off|away|onto|into|out) ",
)

# A wider net: any word of danger together with any sign that it is
# happening now, unless the message is plainly a question, a hypothetical or
# about the past. Catches wordings the precise patterns above do not.
_DANGER_WORD = _rx(
    # weapons
    r" (?:knife|knives|blade|blades|shank|shanks|machete|machetes|gun|guns|firearm|pistol|shotgun|"
    r"bat|bats|axe|crowbar|hammer|steering lock|acid|petrol|petrol bombs?|weapon|weapons|armed) ",
    # violence
    r" (?:attack\w*|punch\w*|kicking|kicked|hitting|beating|beat up|slap\w*|stab\w*|strangl\w*|chok\w*|"
    r"throat|pinned|glassed|battering|assaulting|fighting|brawl\w*|mugging|robbing|robbery|raping|"
    r"shooting|shot|smashing|smashed|surrounded|boiling water|threatening (?:\w+ ){0,2}with|broken bottle|hurt (?:me|us|her|him|them)|"
    r"kill (?:me|us|her|him|them|you)|going mad|kicking off) ",
    # intrusion
    r" (?:intruder|intruders|burglar|burglars|break in|breaking in|breaking into|kicking \w+ ?\w* door|"
    r"in (?:my|our|next doors|her|his) (?:house|home|flat)|handle of|letterbox) ",
    # abduction
    r" (?:drag\w*|forced into|into the boot|into (?:his|a|their|the) (?:car|van)|snatch\w*|kidnap\w*|"
    r"abduct\w*|grabbed|pulled (?:a|my|him|her|them|into)) ",
    # other danger
    r" (?:fire(?! station| service| alarm| safety| brigade| drill| door| exit| extinguisher| officer)|on fire|set fire|setting fire|alight|flames|trapped|bleeding|blood|unconscious|"
    r"not breathing|ledge|balcony|drowning|driving at|wrong way|all over the (?:road|lanes)|"
    r"asleep at the wheel|restraining order|non molestation order|following me|followed|chasing me|chased|"
    r"cornered|circling|locked (?:me|us|her|him) in|shots? fired|gunshots?|gun shots?|"
    r"cut you|do you in|do me in|glass you|shank you|stab you|kill you|"
    r"trying (?:the|my|our|every|each) (?:\w+ )?(?:door|doors|handle|handles|window|windows)|door handle|yanking|"
    r"trying to get in|trying to get (?:in|into) (?:my|our|the|her|his) (?:\w+ )?(?:house|home|flat|car|room|door|window|garden|bungalow)|"
    r"got into (?:my|her|his|our|their) (?:\w+ )?(?:house|home|flat|car|room|bungalow)|(?:forced|pushed|barged) (?:their|his|her) way (?:in|into)|tied up|"
    r"push\w* (?:\w+ ){0,3}off|hanging (?:on|onto|off)|edge of|hard shoulder|run (?:people|someone|me|us) over|"
    r"meet (?:some|a|an|this|that) (?:bloke|man|guy|stranger|adult|older)|send (?:pics|pictures|photos|nudes)|"
    r"sneak out|passed out|pulling at her|held down|in the boot|going for people|liquid in|burning (?:her|his|my) skin|"
    r"locked (?:him|her|them)sel(?:f|ves) in|engine running|beaten|against the wall|mugger|muggers|"
    r"throwing (?:her|him|them|me|us)|"
    r"bent the wrong way|cant get up|cannot get up|hit by a car|strange man|stranger in|injured|collapsed|"
    r"unresponsive|mugged|robbed|broke in|broken in|thief|thieves|ram raid|exposed himself|"
    r"grabbing (?:me|us|her|him)|hurting (?:me|us|her|him|them)|picking (?:him|her|them) up) ",
)
_PRESENT_CUE = _rx(
    r" (?:right now|now|as we speak|at the moment|currently|going on(?! about| and on| at)|happening) ",
    r" still (?:there|here|outside|inside|in|at|going|trying|kicking|smashing|following|behind|after|on|punching|hitting) ",
    r" just (?!(?:wanted|needed|wondered|asked|hoped|liked|loved|wished) )(?:\w+ed|hit|threw|shot|set|broke|pulled|snatched|poured|punched|stabbed) ",
    # "is a steering lock worth it": after a determiner an -ing word is a noun.
    r" (?:is|are|am|s|re) (?!(?:a|an|the|my|your|our|his|her|their|this|that|any|some|not|never) )(?:\w+ )?(?!going|getting|doing|having|living|selling|dealing|using|making|carrying|"
    r"thinking|worrying|feeling|looking for|asking|wondering|planning|targeting)\w+ing ",
    r" (?:on|in) (?:our|my) (?:street|road|drive|driveway|estate|close) | in (?:his|her|their) hand ",
    r" (?:is|are|s) (?:standing|sat|back|outside|inside|in|at|on) ",
    r" (?:has|have|got|s got|has got) (?:a |an |my |his |her )?\w* ?(?:knife|gun|blade|bat|weapon|machete|shank)",
    r" (?:has|have|s|ve|is) (?:just )?(?:got|pulled|taken|grabbed|locked|pinned|poured|surrounded) ",
    r" (?:have|has|ve) (?:just )?been (?:hit|stabbed|shot|attacked|run over|knocked|glassed|punched|mugged|robbed|assaulted|spiked) ",
    r" (?:gang|group|man|men|lads|bloke|blokes|someone|somebody|people|kids|youths) \w+ing ",
    r" (?:being|getting) \w+ed ",
    r" (?:in front of me|i can see|i am watching|im watching|in here|with me in it|on the camera) ",
    r" (?:i am|we are|were|im) (?:hiding|trapped|stuck|typing|sat|in the boot|on my own|alone) ",
    r" (?:right )?behind me ",
    r" (?:in|inside) (?:my|our) (?:\w+ )?(?:bedroom|house|home|flat|room|kitchen|garden|loft|wardrobe|shed|garage) ",
    r" (?:waiting|parked) (?:at|outside|for|in|on) ",
    r" in (?:\d+|ten|five|twenty) (?:mins|minutes) ",
    r" (?:already left|this second|on my doorstep|at my door|at the door|in there|through the wall|whispering|moving) ",
    r" (?:strangling|choking|stabbing|battering|beating|punching|kicking|dragging|smashing|waving|swinging|"
    r"pointing|going for|yanking|pulling at|pulling) (?:me|us|him|her|them|my|his|their|a|an|the|people|everyone|cars|"
    r"it|every|at|about) ",
    r" (?:is|are|am|re|s|\w+s) (?:now )?(?:hitting|attacking|hurting|throwing|slapping|grabbing|pushing|chasing|"
    r"following|holding|threatening|circling|trying|wandering) ",
    r" being (?:beaten|hit|held|taken|stabbed|shot|chased|followed|robbed|attacked|mugged|strangled|kicked|punched) ",
    r" (?:please|quick|hurry) ",
)
# Short messages that are a call for help on their own ("intruder", "being chased").
_ALARM_WORDS = _rx(
    r" (?:intruder|intruders|shots fired|gunshots|someone in my house|burglar in|on fire|trapped|kidnapped) ",
    r" (?:burglars?|intruders?|someone|men) (?:downstairs|upstairs|outside|inside) ",
    r" being (?:followed|chased|attacked|stabbed|robbed|mugged|kidnapped|strangled|hurt|beaten) ",
    r" (?:been|just been|got) (?:stabbed|shot|glassed) ",
)

_INFORMATIONAL = _rx(
    r" (?:why|is it|are there|what are|statistics|news|legal|illegal|the law|laws|sentence|court) ",
    r" (?:is|are) (?:\w+ ){1,3}(?:dangerous|safe|rough|bad|dodgy) ",
    r" (?:i read|i saw on|article|reading about|documentary|podcast|a piece in|in the (?:echo|gazette|standard|paper|papers|local paper)) ",
    r" (?:tiktok|youtube|instagram|snapchat|posts|posted|online|advice) ",
    r" (?:a post|facebook group|group chat|whatsapp group|rumour|rumours|hoax|hoaxes|going round|going around) ",
    r" (?:what is|whats) being done ",
    r" (?:do|does|can) (?:essex police|the police|you|they) (?:offer|run|provide|give) | (?:safeguarding |safety |fire safety )?training ",
)
# Habits and trends, not an incident happening now.
_HABITUAL = _rx(
    r" (?:every|each) (?:night|day|week|weekend|morning|evening|time) | all the time | (?:always|often|regularly|usually|normally|typically) ",
    r" (?:most|some|many|several|a lot of) (?:nights|days|evenings|mornings|weekends|weeks) ",
    r" keeps? (?:on )?\w+ing (?!me |us |my |her |him )",
    r" (?:from|to|after|at) (?:work|school|college|uni|the gym|the shops) | on my way (?:to|home) ",
    r" fighting over (?:territory|drugs|turf|postcodes|areas|money) ",
    r" (?:are|is) targeting ",
    r" keeps? (?:a|an) (?:\w+ )?(?:gun|guns|knife|knives|weapon|weapons) ",
)

# Figures of speech, fiction and games: "my boss is going to kill me".
_FIGURATIVE = _rx(
    r" (?:lol|ha|haha|hahaha|lmao|joke|jokes|joked|joking|kidding|jk) ",
    r" (?:radio play|stage play|screenplay|script|writing a (?:story|book|novel|play|script|radio play)) ",
    # "on the telly", not "he's thrown the telly".
    r" (?:on|watching|watched|watch) (?:the )?(?:tv|telly) | (?:tv|telly) (?:show|series|programme|drama|advert) ",
    r" (?:game|gta|call of duty|fortnite|minecraft|film|movie|programme|series|episode|book|novel|"
    r"video|videos|music|drill|drama|crime drama|documentary|soap|"
    r"dream|dreamt|dreamed|nightmare) ",
    r" if (?:i am|im) (?:late|not home|not back) ",
    r" (?:could|would) (?:murder|kill for) (?:a|an|some) ",
    r" (?:would|d|id|could) die for (?:a|an|some) | (?:dying|die|died) (?:of|from) (?:laughter|laughing|embarrassment|boredom|shame|thirst|hunger|cringe) ",
    r" i (?:could|would) (?:honestly |literally |actually |just )?(?:kill|murder|strangle|throttle) (?:him|her|them|my \w+) ",
    r" (?:going to|gonna|will|ll|would) (?:kill|murder) me (?:\w+ ){0,2}(?:i|when|if|for|because|cause|cos) (?:she |he |they |i )?(?:forgot|forget|broke|lost|missed|spent|ate|crashed|find|finds|found|see|sees|hear|hears|late|didnt|did not|never) ",
    r" (?:song|songs|lyric|lyrics|tune|singing|sang|sings|karaoke|on repeat) ",
    r" dead (?:tired|beat|on my feet|bored|jealous|funny|good|easy|serious|chuffed|posh|lucky|proud) ",
    r" (?:eastenders|coronation street|corrie|emmerdale|hollyoaks|line of duty|casualty|holby|the bill|happy valley|peaky blinders|luther|vera|midsomer|bodyguard|silent witness|grand theft auto) ",
    # Things named for weapons: "is the knife amnesty bin still there".
    r" (?:knife|weapon|weapons|gun|firearms?) (?:amnesty|amnesties|surrender|bin|bins|arch|arches|crime awareness) ",
    r" for (?:eating|taking|breaking|losing|using|borrowing|wearing) ",
    r" (?:my boss|my teacher|my manager|my mum|my dad|my wife|my husband) (?:is |s |will |ll |would |d )?(?:going to |gonna )?(?:kill|murder|have my head|go mad) ",
    r" (?:this|the|that|these) (?!man|men|guy|bloke|woman|person|lad|lads|gang)\w+ (?:is|are|s) (?:killing|murdering) me ",
    r" my (?:back|feet|head|legs|knees|job|work|hangover|neck|stomach) (?:is|are|s) (?:killing|murdering) me ",
)

# Social chit-chat the classifier can mistake for danger ("right I'm off now").
_SOCIAL_WORDS = frozenset(
    "right ok okay i im am off now bye goodbye thanks thank you cheers ta see later laters soon speak "
    "catch another time night goodnight hi hello hey hiya morning evening afternoon again all that is "
    "it for got to go gotta gonna leave there cya ttyl x xx mate love then great brilliant lovely nice "
    "one much appreciated so well anyway".split()
)

_HELP_ONLY = re.compile(
    r"^ (?:(?:please|pls|plz|help|me|us|sos|someone|somebody|now|quick|quickly|emergency|police) )*"
    r"(?:help|sos|emergency) (?:(?:please|me|us|now|quick|quickly|someone|somebody|police) )*$"
)

# The message asks about 999 or about what to do in a hypothetical case.
_HYPOTHETICAL = _rx(
    r" what (?:should|do|can|would|could|must) (?:i|you|we|people|someone|one) do (?:if|when|in case) ",
    r" what (?:if|happens if|would happen if|to do if|to do when) ",
    r" what (?:should|do|can|would|could|must) (?:\w+ ){1,3}do (?:if|when|in case) ",
    r" if (?:i|you|we|someone|somebody) (?:\w+ ){0,3}(?:found|find|see|saw|caught|catch|hear|heard|woke|wake) ",
    r" (?:am i|are we|is it|are you|is someone) (?:allowed|legal|lawful|within (?:my|the) rights) to | reasonable force ",
    r" (?:burglars|thieves|criminals|people|someone|they|intruders) (?:can|could|might|would) (?:break|get|steal|open) ",
    r" is (?:that|it|this) true ",
    r" if (?:i|you|we|someone|somebody|a|an|my|there|they|he|she|anyone|people) (?:ever |\w+ )?"
    r"(?:see|saw|sees|hear|hears|heard|think|thinks|suspect|suspects|find|finds|notice|notices|feel|feels|catch|get|gets|got|was|were|is|are|breaks|"
    r"break|comes|tries|try|attacked|followed|threatened) ",
    r" (?:whether|in case|suppose|supposing|imagine|hypothetically) ",
    r" (?:when|why) (?:should|do|can|would|could|must) (?:i|you|we|people|someone) ",
    r" (?:should|can|could|do|would) (?:i|you|we) (?:call|ring|phone|dial|use|report) ",
    r" (?:is it|would it be|was it|is that) (?:ok|okay|alright|right|an emergency|worth|appropriate|fine) ",
    r" how (?:do|can|should|would|to|does|could) ",
    r" (?:tips|advice|ways|help) (?:on|for|to|about|with) ",
    r" what (?:is|are) (?:the|a) (?:law|laws|rules|signs|best|difference|sentence|penalty|punishment) ",
    r" (?:to|i|we|you|can|help|ways|tips) (?:stop|prevent|protect|deter|avoid|secure) ",
    r" (?:safe from|protection against|prevention) ",
    r" (?:difference|differences) between ",
    r" (?:999|101) (?:for|or|and|vs|versus) ",
    r" (?:worth|should i|can i|could i|how do i|how to|want to|wanted to|need to) report",
    r" (?:can|could|do|does|will|would) (?:burglars|thieves|criminals|people|someone|they|intruders) ",
    r" (?:worried|worry|worrying|concerned|afraid|frightened|nervous) ",
    r" if (?:i|you|we) (?:do not|dont|did not|didnt) (?:reply|answer|pay|respond|send|message|text) ",
    r" (?:can|could|should) (?:i|you|we) (?:text|call|ring|phone|use|dial) ",
    r" if (?:i|you|we) (?:cannot|can not|cant) (?:speak|talk|hear) ",
    r" (?:stop|prevent|deter|put off) (?:people|burglars|thieves|criminals|someone|them|intruders) ",
    r" (?:i feel like|it feels like|feels like) ",
)

# Past events without a present danger.
_PAST = _rx(
    r" (?:yesterday|last (?:night|week|month|year|weekend|time|summer|christmas|winter|spring|autumn|term)|"
    r"(?<!minutes )(?<!minute )(?<!mins )(?<!an hour )(?<!half an hour )(?<!seconds )ago|"
    r"earlier today|this morning|the other (?:day|night|week)|in the past|when i was|years back|back in)",
    r" (?:was|were|had been) (?:broken into|burgled|stolen|nicked|robbed|attacked|assaulted|followed|mugged|vandalised|smashed|stabbed|beaten|raped|shot|hit|threatened|abused|stalked|harassed|scammed)",
    r" (?:in|back in|since) (?:19|20)[0-9]{2} ",
    r" last (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|month|year) ",
    r" (?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) (?:night|morning|evening|afternoon) ",
    r" after being (?:burgled|robbed|attacked|mugged|assaulted|broken into|scammed) ",
    r" after (?:a|the|my|our) (?:burglary|break in|robbery|attack|assault|mugging) ",
    r" there (?:was|were) (?:a |an |some )?(?:\w+ )?(?:fight|fights|brawl|stabbing|shooting|robbery|break in|attack|incident|fire) ",
    r" (?:was|were) (?:anyone|anybody|someone|somebody|he|she|they|the \w+) (?:arrested|caught|charged|hurt) ",
    r" (?:at|over) the weekend ",
    r" (?:when|after|since|before) i (?:reported|rang about|called about|phoned about|told you about) ",
)

# The danger has passed, or the resident says there is none: "he's gone now",
# "they drove off", "she's not in danger right now". With nothing the screen
# reads as danger, the classifier's emergency becomes the 999 reminder
# before an answer, not the full emergency reply.
_OVER = _rx(
    r" (?:he|she|they|it|the man|the woman|the car|the van) (?:is|are|has|have) (?:gone|left) ",
    r" (?:went|drove|ran|walked|cycled|rode) (?:off|away) ",
    r" (?:has|have|had) (?:driven|run|walked|gone) (?:off|away) ",
    r" (?:is|are|am|was|were) not in (?:any )?danger ",
    r" (?:nobody|no one|noone) (?:is|was) (?:hurt|in danger) ",
    r" no longer (?:here|there|outside|around|in danger) ",
    r" (?:we are|i am|she is|he is|they are|everyone is) safe now ",
    r" (?:you|they|police|officers|the police|someone|somebody) (?:have |has |ve )?found (?:him|her|them|my \w+|our \w+) ",
    r" (?:is|s|are) back (?:home|at home|at the|in the|safe|with us) ",
)

_SELF_HARM = _rx(
    r" (?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving|hang|hanging|poison|poisoning) (?:myself|my self|himself|herself|themselves|themself) ",
    r" suicid",
    r" self ?harm",
    r" (?:end|ending|take|taking) (?:it all|(?:my|his|her|their) (?:own )?life|things|everything) ",
    r" (?:hosepipe|hose pipe) | (?:going|planning) to do it (?:tonight|today|later|at the weekend) ",
    r" (?:thanks|thank you) for everything (?:\w+ ){0,12}(?:look after|pills|tablets|goodbye|love you|sorry) ",
    r" better off with (?:the |my )?(?:life insurance|insurance|the payout) ",
    r" (?:want|wanting|going|planning|about) to end it ",
    r" (?:do not|cannot|dont|never) (?:want to|wanna) (?:live|be alive|be here|exist|wake up|carry on|go on)",
    r" (?:want|wanted|wish|wishing) (?:to|i could|i was|i were) (?:die|be dead|disappear forever|not exist|not be here)",
    r" better off (?:dead|without me|if i was gone|if i wasnt here|if i was not here)",
    r" no (?:reason|point) (?:to|in) (?:live|living|go on|going on|carry on|carrying on)",
    r" (?:cannot|can not) (?:go on|carry on|cope) (?:anymore|any more|like this)",
    r" (?:cannot|can not) do this (?:anymore|any more)",
    r" (?:taken|took|swallowed|take|taking) (?:a load of |loads of |lots of |all my |all of my |too many |a bunch of |a handful of |a whole |the whole |\d+ )(?:\w+ )?(?:pills|tablets|paracetamol|meds|medication|packet of|box of)",
    r" (?:taken|took|take|taking) an overdose",
    r" (?:taken|took|take|taking|had|done|do) (?:an )?overdose| overdosed | overdosing | overdose (?:on|tonight|again) ",
    r" (?:in|inside) (?:the|my) (?:garage|car) (?:\w+ ){0,6}engine running| engine running (?:\w+ ){0,6}(?:in|inside) (?:the|my) garage ",
    r" (?:saying|said|says|texted|messaged|posted) (?:me )?(?:goodbye|bye forever|sorry for everything)",
    r" (?:stepping|step|jump|jumping|throw myself|throwing myself) (?:in front of|off|under) ",
    r" (?:would|will) (?:even )?(?:notice|care|miss me) if i (?:was|were|am) gone ",
    r" (?:pain|hurting|it all|this) to stop (?:for good|forever|for ever|permanently)",
    r" (?:tonight is|tonight will be|this is) (?:my|her|his|their) (?:last|final) ",
    r" (?:everything|it all) (?:ready|planned|sorted) to end ",
    r" ready to end it ",
    r" (?:been |keep |keeps )?(?:cutting|burning|scratching) (?:again|myself|herself|himself|(?:my|her|his|their) (?:arms|legs|thighs|wrists|skin|stomach))",
    r" (?:burns|cuts|hurts|harms|starves) (?:himself|herself|themselves|myself) ",
    # "she cuts her wrists", "been cutting her arms"; not "he cut my arm" (an assault).
    r" (?:cuts|slashes) (?:her|his|their) (?:wrists?|arms?|legs?|thighs?) ",
    r" (?:cutting|slashing) (?:my|her|his|their) (?:wrists?|arms?|legs?|thighs?) ",
    r" (?:going to|gonna|will|wants to|threatening to|threatened to|said he would|said she would) (?:drive|crash|swerve) (?:the car |his car |her car |my car )?(?:into|off) (?:a |the )?(?:tree|wall|bridge|lorry|cliff) ",
    r" (?:be a burden|a burden) (?:much )?(?:longer|for long|anymore|any more) ",
    r" (?:goodbye|bye) (?:\w+ ){0,3}thanks for everything ",
    r" (?:rather|sooner) be dead | (?:do|does|did|done) something (?:stupid )?to (?:himself|herself|themselves|myself) ",
    r" taking (?:extra|more) (?:of )?(?:her|his|my|their) (?:\w+ )?(?:antidepressants|tablets|pills|meds|medication) ",
    r" (?:wish|wishes|wished) (?:i|he|she|they)(?: had| d|d)? never been born | what happens when you die ",
    r" (?:got|have|bought|ve got|ve bought) (?:the |a )?(?:rope|noose) ",
    r" (?:sitting|sat|sit) (?:\w+ ){0,3}with (?:the |a |my )?(?:key|gun|shotgun|pills|tablets|rope|blade|knife)s? in my hands? ",
    r" (?:hitting|banging|punching) (?:my|his|her) (?:head|fists?) (?:against|on|into) (?:the )?(?:wall|walls|door) ",
    r" (?:until|till) (?:they|it) bleeds? | did it (?:really |so )?deep ",
    r" (?:pills|tablets|meds|medication) (?:saved|stored|stockpiled|ready|lined up|laid out|counted out) ",
    r" (?:saving|saved|storing|stored|stockpiling|hoarding|collecting) (?:up )?(?:all )?(?:my |the |some )?(?:\w+ )?(?:pills|tablets|meds|medication) ",
    r" (?:taking|took|take|swallowing|swallowed) (?:like )?(?:loads|lots|a load|a lot|handfuls) of (?:\w+ )?(?:paracetamol|pills|tablets|meds) ",
    r" (?:tonight is|tonights) the night ",
    r" (?:i am|i have been|i was|i ve been|i m) (?:\w+ ){0,2}(?:on|at) the (?:bridge|edge|cliff|roof|platform|pier|footbridge)(?: \w+){0,8} (?:looking down|thinking (?:about|how|of|it)|about to jump|ready to jump|easier) ",
    r" (?:stood|standing|sat|sitting) (?:on|at) the (?:bridge|footbridge|cliff|edge|pier|platform)(?: \w+){0,8} "
    r"(?:looking down|thinking (?:about|how|of|it)|about to jump|ready to jump|easier) ",
    r" (?:on|at) the (?:bridge|cliff|platform|pier) (?:thinking|about) ",
    r" (?:written|writing|wrote) (?:letters|a letter|notes|a note) (?:to|for) (?:everyone|my|all) ",
    r" (?:feel|feeling|felt) like ending (?:it|it all|my life) ",
    r" (?:i am|im) a burden ",
    r" (?:decided|planning|plan) to (?:stop being|end|go) ",
    r" kms ",
    r" (?:ways|how) to (?:die|kill myself|end it(?! safely| with)|end my life) ",
    r" (?:giving|given|gave) (?:all )?(?:his|her|their|my) (?:things|stuff|belongings) away ",
    r" (?:what is|is there) (?:even )?(?:the |any )?point (?:in|of) (?:living|life|going on|carrying on|being alive|anything) ",
    r" (?:want|wanna|going|about|ready) to jump ",
    r" (?:after|when|once) (?:i am|im) gone ",
    r" (?:goodbye|suicide) (?:letter|letters|note|notes) ",
    r" (?:not|never) (?:to )?wake up | (?:go|going) to sleep and (?:not|never) (?:wake|waking) up ",
    r" (?:razor )?blades and (?:bloody|blood|plasters|tissues) | (?:bloody|blood stained|bloodstained) (?:tissues|sleeves|plasters|sheets) ",
    r" how (?:high|tall|far|deep) (?:does|do|would|should|has) (?:a |the )?(?:bridge|building|drop|fall|cliff|car park|water) (?:need to|have to|got to) be(?! for (?:a |my |the |our )?(?:lorry|lorries|bus|buses|van|truck|double|vehicles?|trains?|boats?|caravan))",
    r" (?:i have|i ve|ive|i) (?:written|wrote|left) (?:a|my|the) (?:note|letters?|goodbye) (?:for \w+ )?$",
    r" (?:want|wants|wanted|wanting) to (?:die|be dead|end (?:it|it all|his life|her life|their life|my life)) ",
    r" (?:jump|jumping) (?:off|in front of) ",
    r" (?:nothing|nobody|no one) (?:to live for|would miss me|will miss me|cares if i die)",
    r" (?:nobody|no one|they|everyone) (?:would|will) (?:have to|need to) (?:deal with|worry about|put up with) me ",
    r" if i (?:was|were|am) not (?:around|here|alive) | if i (?:was|were)nt (?:around|here|alive) ",
    r" (?:thought|thinking|think|thinks) (?:about |of )?(?:just )?(?:ending it|ending (?:it all|my life|things)|killing myself|not being here|not waking up) ",
    r" (?:rather|prefer to) not (?:carry on|go on|be here|be alive|live|wake up) | lived long enough ",
    r" (?:driv\w*|crash\w*|swerv\w*) (?:the car )?(?:into|off) (?:a |the )?(?:tree|wall|bridge|lorry|motorway|cliff)(?:\w| )*(?:accident|on purpose) ",
    r" (?:walking|walk|walked|jumping|jump|throwing myself) (?:into|in) (?:the )?(?:river|sea|water|canal|estuary) ",
    r" (?:using|use) it on myself | (?:tonight|today) is (?:the|my) last (?:night|day) | decided (?:tonight|today) is ",
    r" (?:looking|look|looked) (?:at|up) (?:the )?(?:bridge|rope|train|railway|tracks|pills) ",
    r" how many (?:paracetamol|pills|tablets|sleeping pills|co codamol|painkillers) (?:would|does|will|to|do you need to) (?:it )?(?:take|kill|do it)",
    r" (?:want|wish|need) (?:it all|everything|the pain|all of it|this pain|life) to (?:stop|end) ",
    r" (?:saying|said|says|texted|messaged|posted|posting|posts|wrote|writing) (?:\w+ ){0,8}?(?:goodbye forever|bye forever|sorry for everything)",
    r" (?:standing|stood|sat|sitting|i am|im) (?:right )?(?:at|on|near) the edge of (?:the )?(?:platform|bridge|cliff|roof|car park|multi storey) ",
    r" (?:looked|looking|searched|searching|googled|googling) (?:up )?(?:how to do it|ways to (?:die|do it|end it)|how to end it) ",
    r" (?:he is|she is|hes|shes|they are|theyre|that he is|that she is) a burden ",
    r" (?:cannot|can not|cant) do (?:this|it) (?:anymore|any more) ",
    r" (?:do not|dont|not) (?:plan|planning|intend|intending|going) (?:on|to) (?:coming|come) (?:back|home) ",
    r" (?:had|has had|s had|ve had) enough of (?:life|living|it all) ",
    r" stopped taking (?:his|her|my|their) (?:\w+ )?(?:tablets|meds|medication|insulin|pills) (?:on purpose|deliberately) ",
    r" (?:found|find|left|finding) (?:a |her |his |their |this )?(?:suicide )?note (?:\w+ ){0,12}(?:sorry|goodbye|loves? (?:us|me|you|them)|love you) ",
    r" (?:will not|would not|wont) be (?:around|here|alive) (?:after|by|for much|much longer|tomorrow|anymore|any more|for long) ",
    r" last (?:thing|message|text|time) (?:you will|youll|you ll|anyone will|you are going to) (?:ever )?(?:hear|get|see|read) (?:from|of) (?:me|him|her) ",
    r" if i (?:just )?(?:was|were|am)(?:nt| not) (?:around|here|alive) ",
    r" (?:easier|better) for (?:everyone|everybody|them|all|my family|the family|the kids|my kids) if i ",
    r" (?:will not|wont|not gonna|not going to|wont be) (?:be )?(?:a )?(?:problem|burden|bother|trouble) (?:for|to) (?:anyone|anybody|you|them|everyone) (?:much )?(?:longer|for long|anymore|any more) ",
    r" (?:do not|dont|not) (?:intend|plan|expect|want) to see (?:another|next|the next) (?:winter|christmas|birthday|year|summer|spring|week) ",
    r" (?:will not|wont) be (?:around|here) next (?:week|month|year|christmas) ",
    r" (?:world|everyone|everybody|nobody|no one) (?:does not|doesnt|do not|dont) (?:need|want) me ",
    r" (?:do not|dont|cannot|cant) see (?:why|the point|how) (?:i should|i can|i could|to|in) (?:keep going|go on|going on|carry on|carrying on) ",
    r" (?:cannot|can not|cant) face (?:tomorrow|another day|the morning|waking up|it anymore|it any more|life|living) ",
    r" done with (?:it all|all of it|everything|life|living) ",
    r" (?:hide|hiding|cover|covering) (?:up )?(?:my|her|his|the) (?:cuts|scars|burns) ",
    r" (?:herself|himself|myself|themselves) hanging ",
    r" (?:posted|sent|left|wrote|texted|put up) (?:me )?(?:a |an )?(?:goodbye|farewell) (?:message|post|text|note|video|letter|story) ",
    r" (?:got|has|have|made|s got) a plan (?:\w+ ){0,6}(?:where|how|when) (?:he|she|i|they)(?: d| would| will|d|ll)? do it ",
    r" (?:is|does) (?:drowning|hanging|an overdose|bleeding out|jumping|dying) (?:\w+ )?(?:painless|quick|painful|hurt) ",
    r" how long (?:it takes|does it take|would it take) to (?:bleed out|drown|die) ",
    r" (?:how much|does it|would it|will it) (?:does it |would it )?hurt (?:to|when you|if you) (?:get )?(?:hit by a (?:train|car|lorry)|jump|drown|hang|fall) ",
    r" (?:what|which|how much) (?:dose|amount|tablets|pills) (?:would|will) (?:do it|kill) | (?:know|knows) (?:exactly )?what dose ",
    r" (?:highest|tallest) (?:bridges?|buildings?|cliffs?|car parks?) (?:\w+ ){0,6}(?:does not|doesnt) matter why ",
    r" enough (?:tablets|pills|paracetamol|meds) to do it ",
    r" (?:razor|razor blades|blades|blade|razors) out (?:again|tonight|now) ",
    r" i tried (?:\w+ ){0,4}(?:and )?(?:i am|im) (?:thinking about|thinking of|planning) (?:it|doing it) again ",
    r" (?:thoughts|urges)(?: \w+){0,8} (?:got|getting|get) (?:my|the) (?:\w+ )?(?:knife|blade|blades|razor|razors|rope|pills|tablets) out ",
    r" (?:top|edge|roof) (?:floor )?of (?:the |a )?(?:multi storey|car park|bridge|cliff|building|tower block|flats)(?: \w+){0,8} (?:looking (?:over|down)|over the edge|jump) ",
    r" had enough (?:\w+ ){0,4}(?:top|edge|roof) (?:floor )?of ",
    r" (?:will not|wont) be needing (?:them|it|these|those|this|that|his|her|my)(?: \w+){0,6} (?:for good|anymore|any more|again) ",
    r" (?:tried|attempted|tries) (?:to )?(?:overdose|kill (?:himself|herself|themselves|myself)|take (?:his|her|their|my) (?:own )?life|suicide) ",
)

# Said to rule self-harm out: "she's not said anything about hurting herself".
_NOT_SELF_HARM = _rx(
    r" overdosed? on (?:\w+ )?(?:chocolate|sweets|cake|coffee|caffeine|sugar|netflix|mince pies|crisps|pizza|telly|tv|turkey|christmas \w+) ",
    r" (?:used to |)(?:self harm|self harmed|selfharm|selfharmed|cut myself|harm myself|harmed myself)(?: \w+){0,4} (?:years ago|when i was (?:younger|a teen|a teenager|at school|\d+)|as a teen\w*|in my teens)(?!(?: \w+){0,6} (?:again|started|back))",
    r" (?:not|never|nothing) (?:\w+ ){0,3}(?:about|of) (?:hurting|harming|killing|cutting) (?:herself|himself|themselves|myself) ",
)

# Questions about self-harm services, not a disclosure.
_SELF_HARM_INFO = _rx(
    r" (?:my|a) (?:friend|son|daughter|mate|partner|colleague|student|pupil|child) (?:is|has|was|might be|may be|said) ",
)


# What places the rest of a story in the past, or makes it a question.
_STORY_ELSEWHERE = re.compile("|".join(p.pattern for p in (_PAST, _HYPOTHETICAL, _INFORMATIONAL, _HABITUAL)))


@dataclass(frozen=True)
class Screening:
    """What the screen decided and why (the rule family, never the text).

    `in_doubt`: an emergency found in a long story that also reads as over,
    as a question about a case, or says that all is now safe. The resident
    is shown 999 first, then the answer to what they asked."""

    verdict: Verdict | None
    reason: str
    in_doubt: bool = False


# The chat or the website itself: "Help! Forgot my login".
_ABOUT_THE_SERVICE = _rx(
    r" (?:login|log in|password|website|web site|this chat|the chat|app|online form|the form|page|link|button|language|text size|font|crime reporting) ",
)


# Where a long message turns from its story to what is happening: sentence
# ends, and "and now", "but now" inside a sentence.
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s+(?=(?:and|but|so)\s+(?:now|right now|just now)\b)", re.IGNORECASE
)


# Said of something that has only just happened ("I've just woken up to...").
_RECENT = _rx(
    r" just (?:woken|woke|seen|saw|heard|rang|called|come|came|turned|got|arrived|walked|pulled|found) "
)


def screen(text: str) -> Screening:
    """Decide whether a message must be answered as an emergency or a crisis.

    A long message is also screened a sentence at a time: residents tell the
    story first ("we've had trouble for months, I rang 101 last week...")
    and only then what is happening ("...I've just woken up to him smashing
    the window"). A sentence counts on its own only when it says itself that
    it is happening now, so the story's past tense cannot hide it, and a
    story that is over cannot raise a false alarm.

    An emergency found in a story that also says all is now safe, or reads
    as over or as a question about a case, is marked `in_doubt`: the reply
    opens with 999 and then answers what was asked (see story_in_doubt).
    """
    found = _screen_story(text)
    if found.verdict == "emergency" and _story_in_doubt(text, found):
        return Screening(found.verdict, found.reason, in_doubt=True)
    return found


# Said in a story to make plain that nobody is in danger now.
_SETTLED = _rx(
    r" (?:i am|we are|she is|he is|they are|everyone is|we were|i was) (?:all )?(?:safe|fine|ok|okay|alright|not hurt|unhurt)"
    r"(?: now| at home| at my| at her| at his)? ",
    r" (?:not|nobody is|no one is|nothing is|nothing s) (?:in )?(?:any )?(?:danger|immediate danger|hurt) ",
    r" (?:not|is not|it is not|nothing is|nothing) (?:happening|going on) (?:now|right now|at the moment) ",
    r" (?:has been|was|were|have been|got) (?:arrested|charged|remanded|convicted|sentenced|jailed|caught) ",
    r" (?:all|it is all|it s all|everything is|things are) (?:calm|quiet|fine|ok|okay) now ",
    r" (?:recovering|recovered|got home (?:fine|safe|ok)|made it home|it is over|it was over|all over now) ",
    r" (?:for|about) (?:coursework|a project|my project|an assignment|my dissertation|research|a story|a novel|a poster) ",
    r" (?:coursework|creative writing|my story is|a story about|my novel|the plot) ",
    r" not (?:\w+ ){0,3}anything (?:happening|going on) (?:now|right now|at the moment) ",
    r" (?:i am|we are|i got|we got|got) (?:back )?home (?:now|safe|safely|fine|ok) ",
    r" (?:i am|im|i m) doing (?:much |a lot |so much |really |loads )?(?:ok|okay|fine|alright|well|better) ",
    r" (?:is|are|s|re) not (?:\w+ ){1,4}(?:right now|at the moment|now) (?<!breathing right now )(?<!moving right now )",
    r" (?:just|only) (?:wondering|curious|asking|want to know|wanted to know|wanted to ask|want to ask) | out of curiosity ",
    r" (?:training|exercise|role play|roleplay|practice) (?:scenario|scenarios|exercise|session|drill) | just finished (?:reading|watching) ",
    r" (?:nothing|nobody|no one) (?:\w+ )?(?:bad |serious )?(?:has )?(?:ever )?(?:happened|been hurt|got hurt|was hurt|were hurt) ",
    r" (?:it is|it s|this is|its) not (?:urgent|an emergency|dangerous|happening now) | not (?:really )?dangerous ",
    r"(?:^| all) (?:fine|good|ok|okay|safe) (?:now |though |in the end )?(?:it is|it s|i am|we are|thank god|thankfully)? ",
)
# Said so that it cannot be mistaken: it is happening as they write.
_UNMISTAKABLY_NOW = _rx(
    r" right now ",
    r" as we speak ",
    r" at this (?:moment|minute|second) ",
    r" happening (?:right )?now ",
    r" in progress ",
    r" (?:please|pls) help ",
    r" (?:i am|we are|she is|he is) (?:hiding|trapped|locked in) ",
    r" (?:is|s|are) (?:waiting|parked|standing|sat|sitting) (?:at|outside|for|in|by) (?:the|my|our|her|his|a) ",
    r" (?:already left|on (?:her|his|their) way) ",
)


def _story_in_doubt(text: str, found: Screening) -> bool:
    if found.reason.endswith(_IN_A_SENTENCE) and is_story(text):
        # A sentence that said on its own that it is happening now is doubted
        # only when the story also says that all is now safe.
        return bool(_SETTLED.search(normalise(text)))
    return found.reason.endswith(_IN_A_QUESTION) or story_in_doubt(text)


def story_in_doubt(text: str) -> bool:
    """A story (STORY_WORDS or more) that says all is now safe, or reads as
    over or as a question about a case and never says unmistakably that it
    is happening now. Its words of danger earn the 999 reminder, not the
    emergency reply."""
    norm = normalise(text)
    if len(norm.split()) < STORY_WORDS:
        return False
    if _SETTLED.search(norm):
        return True
    return bool(_STORY_ELSEWHERE.search(norm)) and not _UNMISTAKABLY_NOW.search(norm)


_IN_A_SENTENCE = "_in_a_sentence"
_IN_A_QUESTION = "_in_a_question"
# Said in jest: the whole message is a figure of speech.
_JOKING = re.compile(r"\b(?:lol|lmao|haha\w*|jk|joke|joking|kidding)\b|\U0001F602|\U0001F923", re.IGNORECASE)


def _screen_story(text: str) -> Screening:
    whole = _screen_one(text)
    if whole.verdict is None:
        return _screen_sentences(text, whole)
    if not is_story(text):
        return whole
    # A long story: a sentence that says on its own that it is happening now
    # is firmer evidence than words of danger and "now" anywhere in it.
    in_a_sentence = _screen_sentences(text, whole)
    return in_a_sentence if in_a_sentence.verdict == whole.verdict else whole


def _screen_sentences(text: str, whole: Screening) -> Screening:
    parts = [part for part in _SENTENCE_BREAK.split(text) if part and part.strip()]
    if len(parts) > 1 and not _JOKING.search(text):
        whole_text = normalise(text)
        story_so_far = ""
        for part in parts:
            norm = normalise(part)
            if _FIGURATIVE.search(norm):
                story_so_far += norm
                continue
            says_now = _STRONG_NOW.search(norm) or _NOW.search(norm) or _RECENT.search(norm)
            # A story set in the past, or a question about a case, needs the
            # sentence to say "now" before it counts on its own.
            if says_now or not _STORY_ELSEWHERE.search(story_so_far):
                found = _screen_one(part)
                if found.reason == "help_only" and (
                    _HYPOTHETICAL.search(whole_text) or _ABOUT_THE_SERVICE.search(whole_text)
                ):
                    # "Help! How do I change the language?": a cry for help with the chat.
                    found = Screening(None, "help_with_a_question")
                if found.verdict is not None:
                    # "...like if someone is hurt or it is happening right now?"
                    where = _IN_A_QUESTION if _HYPOTHETICAL.search(norm) else _IN_A_SENTENCE
                    return Screening(found.verdict, f"{found.reason}{where}")
            story_so_far += norm
    return whole


def _screen_one(text: str) -> Screening:
    if not text or not text.strip():
        return Screening(None, "empty")
    norm = normalise(text)

    if _SELF_HARM.search(_NOT_SELF_HARM.sub(" ", norm)):
        # A disclosure about oneself, or about someone else in danger: both
        # get Samaritans and 999; only obvious third-person questions about
        # services fall through to the classifier.
        if not (_SELF_HARM_INFO.search(norm) and _HYPOTHETICAL.search(norm)):
            return Screening("crisis", "self_harm")

    if _FIGURATIVE.search(norm) or _JOKING.search(text):
        return Screening(None, "figure_of_speech")

    if _HELP_ONLY.match(norm):
        return Screening("emergency", "help_only")

    if _DANGER.search(norm):
        now = bool(_NOW.search(norm))
        if now:
            return Screening("emergency", "danger_now_marked")
        if not (_HYPOTHETICAL.search(norm) or _PAST.search(norm)):
            return Screening("emergency", "danger_present_tense")

    if _IN_PROGRESS.search(norm) and _STRONG_NOW.search(norm):
        return Screening("emergency", "crime_in_progress")

    if _DANGER_WORD.search(norm):
        words = norm.split()
        if len(words) <= 3 and _ALARM_WORDS.search(norm):
            return Screening("emergency", "alarm_words")
        if _PRESENT_CUE.search(norm) or _STRONG_NOW.search(norm):
            doubtful = (
                _HYPOTHETICAL.search(norm)
                or _PAST.search(norm)
                or _INFORMATIONAL.search(norm)
                or _HABITUAL.search(norm)
                or _SETTLED.search(norm)
            )
            if not doubtful or _STRONG_NOW.search(norm):
                return Screening("emergency", "danger_word_present")

    return Screening(None, "no_signal")


def danger_has_passed(text: str) -> bool:
    """ "He's gone now", "they drove off": said after danger, never a goodbye."""
    return bool(_OVER.search(normalise(text)))


def doubtful_emergency(text: str, screened: Screening | None = None) -> bool:
    """True when a message the classifier took for an emergency shows no
    danger at all to the screen and reads as a question, a hypothetical or
    a past event ("what should I do if I'm ever attacked", "is pepper spray
    legal", "I was attacked in 2019"). The screen itself found nothing."""
    norm = normalise(text)
    if (screened or screen(text)).verdict is not None:
        return False
    if set(norm.split()) <= _SOCIAL_WORDS or _FIGURATIVE.search(norm) or _OVER.search(norm):
        return True
    if _STRONG_NOW.search(norm):
        return False
    return bool(
        _HYPOTHETICAL.search(norm)
        or _PAST.search(norm)
        or _INFORMATIONAL.search(norm)
        or _FIGURATIVE.search(norm)
    )


_SHORT_QUESTION_WORDS = 20


def doubtful_crisis(text: str, screened: Screening | None = None) -> bool:
    """True when a message the classifier took for self-harm has none of
    the screen's self-harm signs and is a figure of speech or a question
    about a case ("my boss is going to kill me", "am I allowed to defend
    myself"). A long message, or a past or indirect disclosure, is never
    doubted: a story may hold a real one beside its questions."""
    norm = normalise(text)
    found = screened or screen(text)
    if found.verdict == "crisis" or (found.verdict is not None and not found.in_doubt):
        return False
    short_question = len(norm.split()) <= _SHORT_QUESTION_WORDS and _HYPOTHETICAL.search(norm)
    return bool(
        _FIGURATIVE.search(norm)
        or _NOT_SELF_HARM.search(norm)
        or short_question
        # Low after a crime and asking for support, with no sign of self-harm.
        or bool(_SUPPORT_SOUGHT.search(norm))
        # "Why did it take 3 hours last time?": a short question about the past.
        or (len(norm.split()) <= _SHORT_QUESTION_WORDS and _INFORMATIONAL.search(norm) and _PAST.search(norm))
        or _ENDING_SOMETHING_ELSE.search(norm)
        or _NOT_AN_EMERGENCY.search(norm)
        # News of something past ("saw on the news... last night, was anyone hurt").
        or (_NEWS.search(norm) and _PAST.search(norm))
        # "It was years ago, I'm doing OK these days": a story told as settled.
        or bool(_SETTLED.search(norm))
    )


_NEWS = _rx(
    r" (?:on the news|in the news|news said|saw on|read about|article|newspaper|local paper|bbc|itv) "
)
# Said plainly by someone with no crisis to tell: "not an emergency, just a moan".
_NOT_AN_EMERGENCY = _rx(
    r" (?:not|is not|it is not|its not|this is not) (?:an emergency|urgent) ",
    r" not in (?:any )?(?:kind of |sort of )?(?:crisis|danger) ",
)


# Support already sought or asked for: victim support, counselling, a GP.
_SUPPORT_SOUGHT = _rx(
    r" (?:victim support|victims? (?:service|services|hub|care)|counselling|counsellor|seeing my gp|my gp|a good gp|carers group) ",
)


# "End it" said of a relationship, a tenancy or a contract.
_ENDING_SOMETHING_ELSE = _rx(
    r" end (?:a|the|our|my|this|that) (?:relationship|marriage|friendship|tenancy|contract|engagement|affair) ",
    r" (?:break|breaking|split|splitting) up with ",
)


# A message this long is a story, where danger now can hide among the rest.
STORY_WORDS = 25


def is_story(text: str) -> bool:
    """STORY_WORDS or more: long enough for danger now to hide in, or to be told as over."""
    return len(normalise(text).split()) >= STORY_WORDS


def mentions_danger(text: str) -> bool:
    """A story (STORY_WORDS or more) with words of danger (weapons, violence,
    intrusion, abduction, fire, spiking...) that the screen could not place
    as happening now or not. It is answered as asked, after a one-line
    reminder of 999: a resident in danger still reads 999 first, and one
    telling a story that is over loses nothing. Short questions ("is it
    legal to carry a knife") are left to the screen's precise rules."""
    norm = normalise(text)
    if len(norm.split()) < STORY_WORDS:
        return False
    return bool(_DANGER_WORD.search(norm) or _DANGER.search(norm) or _IN_PROGRESS.search(norm))
