"""Is a message the resident's own words, or one they got and pasted in?

The public processes ask before a message goes to Rasa, since a pasted
message must never be read as the resident's own words (a scam that says
"urgent, call now" is not an emergency) nor kept in the conversation store.
A message is taken as pasted when the channel says so (the widget after "Check a
message", a Telegram forward), or when the resident introduces it ("is this a
scam? <message>", "I got this text: <message>").
"""

from __future__ import annotations

import re
from typing import Tuple

# "is this a scam?", "I got this text:", "can you check this email" ... then the message.
_LEAD_IN = re.compile(
    r"^\s*(?:"
    r"(?:hi|hello|hey)[,!. ]+)?(?:"
    r"(?:is|does) (?:this|the following|this (?:text|message|email|e-mail)) (?:a scam|real|genuine|legit(?:imate)?|"
    r"fake|safe|look (?:like a scam|dodgy|real|genuine|legit))"
    r"|(?:i(?:'ve| have)? (?:just )?(?:got|had|received|been sent)|my (?:mum|dad|nan|gran|wife|husband|partner|"
    r"son|daughter|friend|neighbour) (?:got|had|received)) (?:this|the following|a|an) "
    r"(?:text|message|email|e-mail|sms|whatsapp|dm|letter)(?: message)?(?: from [\w' ]{1,30})?"
    r"|(?:can|could) you (?:check|look at) (?:this|the following)(?: (?:text|message|email|e-mail))?(?: for me)?"
    r"|(?:check|is) this(?: (?:text|message|email))?(?: for me)?(?: please)?"
    r")\s*(?:[?:!.,\-–]+|\n)\s*",
    re.IGNORECASE,
)
MIN_PASTED_CHARS = 20


def split_lead_in(text: str) -> Tuple[str, str] | None:
    """(the resident's own words, the pasted message) when the message
    starts by introducing a message it then quotes; None otherwise."""
    match = _LEAD_IN.match(text)
    if not match:
        return None
    pasted = text[match.end() :].strip().strip('"“”')
    if len(pasted) < MIN_PASTED_CHARS:
        return None
    return text[: match.end()].strip(), pasted
