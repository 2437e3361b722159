"""The public processes' side of the hop to Rasa.

`rasa_webhook` is the one client of Rasa's private side (the `resident`
webhook, status, restart); `relay` (in the web and Telegram processes) sends
a resident's message through it, answers safely when Rasa cannot, and keeps
in `outbox` whatever the store could not take.

Not here: the Rasa end of the hop (`bot.rasa.resident_input`), and widget or
Telegram specifics (`bot.web`, `bot.telegram`).
"""
