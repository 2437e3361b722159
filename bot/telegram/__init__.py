"""Residents talk to the assistant in Telegram (python-telegram-bot v22):
handlers, text splitting, Bot API retries, chat-id hashing, polling
(`python -m bot.telegram`) and the webhook served by the web process.
Conversations go through `bot.channels.relay` like the widget's."""
