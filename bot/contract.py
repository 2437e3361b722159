"""Names shared by every process: the intents, the form's slots, the
question groups. Importable without Rasa (the action server uses it).

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

# The longest button payload (callback data) Telegram carries, in bytes.
TELEGRAM_CALLBACK_LIMIT = 64
