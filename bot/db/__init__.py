"""The project's tables (content, staff, feedback, forgotten conversations,
outage exchanges), their Alembic migrations, and the one engine per
database URL every part of a process uses (`engine.py`). Rasa's own
`events` table is Rasa's; it is declared for our reads in
`bot.privacy.conversations`. No other module makes an engine."""
