"""The hop between the public processes and Rasa.

`relay` (in the web and Telegram processes) posts a resident's message to
Rasa's private `resident` input channel (`resident`, inside Rasa), answers
safely when Rasa cannot, and keeps in `outbox` whatever the store could not
take. Not here: widget or Telegram specifics (`bot.web`, `bot.telegram`).
"""
