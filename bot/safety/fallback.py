"""Which reply to send when the assistant cannot answer normally.

Used wherever a message could otherwise go unanswered (Rasa down or slow,
an action failing): the emergency reply if the message says someone is in
danger now, the crisis reply for self-harm, else the kind error reply.
"""

from bot.safety.screen import screen

_BY_VERDICT = {"emergency": "utter_emergency", "crisis": "utter_crisis"}


def fallback_reply_name(text: str) -> str:
    return _BY_VERDICT.get(screen(text).verdict or "", "utter_error")
