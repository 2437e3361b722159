"""Names shared by every process: the intents, the form's slots, the
question groups, the channels, the replies with their arguments and the
resident webhook. Importable without Rasa (the action server uses it).

`../shared/taxonomy.yml` fixes the topic and service intent names;
`tests/test_contract.py` checks this module against it, `domain.yml`
and `responses/`.
"""

from __future__ import annotations

# The 16 "Let's Talk About Crime" topics, in the taxonomy's order.
TOPICS = (
    "burglary",
    "vehicle_crime",
    "fraud_scams",
    "cyber_crime",
    "domestic_abuse",
    "sexual_violence",
    "stalking_harassment",
    "child_exploitation",
    "drugs_county_lines",
    "violence_knife_crime",
    "hate_crime",
    "antisocial_behaviour",
    "business_crime",
    "rural_crime",
    "personal_safety",
    "modern_slavery",
)

# The taxonomy's service intents.
SERVICE_INTENTS = (
    "emergency",
    "crisis",
    "report_crime",
    "report_anonymously",
    "contact_human",
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "bot_challenge",
    "what_can_you_do",
    "privacy",
    "out_of_scope",
)

# What a conversation needs beyond the taxonomy: everyday police business,
# and the follow-ups that only make sense in the middle of a conversation.
CONVERSATION_INTENTS = (
    "police_matter",  # not crime prevention: cameras, licences, lost property...
    "inform",  # who the resident is, or who the advice is for ("she's 82")
    "more_info",  # "more tips", "what else", "tell me more"
    "no_police",  # does not want to involve the police
    "hide_chat",  # worried someone can see or find out about this chat
    "cannot_speak",  # cannot talk on the phone: how to reach the police
    "check_message",  # "is this a scam?": check a message the resident got
)

INTENTS = TOPICS + SERVICE_INTENTS + CONVERSATION_INTENTS

# Questions about everyday police business live beside the topics' questions
# under this group name (responses/questions/police_matters.yml).
POLICE_MATTERS = "police_matters"
QUESTION_GROUPS = TOPICS + (POLICE_MATTERS,)

# Topics where the resident may be at risk from someone close: support
# without the police is offered, and the chat's own traces are explained.
SENSITIVE_TOPICS = ("domestic_abuse", "sexual_violence", "stalking_harassment")

# Channels that are the police themselves (left out of "support without the police").
POLICE_CHANNELS = ("emergency_999", "non_emergency_101", "report_online", "silent_solution", "emergency_sms")

REPORT_FORM_SLOTS = ("happening_now", "crime_kind", "anonymous")

# A message the resident pasted or forwarded to be checked for a scam, not
# their own words: the public process marks it `pasted` in the metadata;
# the resident channel hands Rasa the `check_message` payload instead, with
# the text under `pasted_text`, which the tracker store never keeps.
PASTED = "pasted"
PASTED_TEXT = "pasted_text"
# Rasa renders an action's replies before it applies the action's slot
# events, so a reply given with an audience the action has just learnt
# ("she's 82") carries it under this name, for any reply.
AUDIENCE_NOW = "audience_now"
# What a reply asks for next, passed to the channels in a reply's `custom`
# (the widget's next message is a paste; Telegram asks with ForceReply).
EXPECT_PASTE = "paste"

# Where a message comes from (the `channel` metadata the relay sends), and
# the longest reply each shows in one piece: Telegram's own limit is 4096;
# the widget's is ours, so a reply fits on a phone without endless scrolling.
# `rest` is any other client of the webhook (tests, benchmarks); `cli` is
# `make shell`.
CHANNEL_LIMITS = {"web": 2500, "telegram": 4096, "rest": 4096, "cli": 4096}
CHANNELS = tuple(CHANNEL_LIMITS)
DEFAULT_CHANNEL = "rest"
# The channels residents use, as the editor's preview names them.
RESIDENT_CHANNELS = {"web": "Website chat", "telegram": "Telegram"}

# Rasa's input channel for residents' messages, and its path on Rasa.
RESIDENT_INPUT = "resident"
WEBHOOK_PATH = f"/webhooks/{RESIDENT_INPUT}/webhook"
# Response header of the resident channel: what Rasa's store kept of the
# exchange: "all", "message" (the resident's message, not the error reply
# shown) or "nothing". The relay keeps the rest in its outbox.
KEPT_HEADER = "X-Conversation-Kept"

# Every reply the content must define, with the arguments it takes from the
# actions (beyond the resident it is for). `channel_line` is the one line a
# reporting channel gets inside other replies.
REPLIES: dict[str, tuple[str, ...]] = {
    "utter_greet": (),
    "utter_goodbye": (),
    "utter_thank": (),
    "utter_affirm": (),
    "utter_deny": (),
    "utter_bot_challenge": (),
    "utter_what_can_you_do": (),
    "utter_privacy": (),
    "utter_out_of_scope": (),
    "utter_emergency": (),
    "utter_crisis": (),
    "utter_ask_happening_now": (),
    "utter_ask_crime_kind": (),
    "utter_ask_anonymous": (),
    "utter_report_routes": ("kind", "anonymous", "happening_now"),
    "utter_report_anonymously": (),
    "utter_handoff": (),
    "utter_fallback_did_you_mean": ("suggestions",),
    "utter_fallback_topics": (),
    "utter_advice": ("topic", "part"),
    "utter_choose_audience": ("topic",),
    "utter_error": (),
    "channel_line": (),
    "utter_answer": ("question", "related"),
    "utter_no_more": ("topic",),
    "utter_ask_topic": (),
    "utter_no_police": ("topic",),
    "utter_hide_chat": (),
    "utter_cannot_speak": (),
    "utter_danger_check": (),
    "utter_harm_check": (),
    "utter_ask_paste": (),
    "utter_scam_check": ("flags",),
}

# The longest button payload (callback data) Telegram carries, in bytes.
TELEGRAM_CALLBACK_LIMIT = 64
