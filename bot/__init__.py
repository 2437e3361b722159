"""The Essex crime-prevention assistant's own package.

Four processes run its code: Rasa (`bot.rasa_server`, with what it loads by
dotted path), the action server (`actions/`, which imports `bot.contract`,
`bot.content` and `bot.text`), the public web process (`bot.web`, which
also serves the editor and the Telegram webhook) and, in polling mode, the
Telegram bot (`bot.telegram`). `bot.supervisor` starts them all (`make run`).
Settings come only from `bot.settings`; shared names only from `bot.contract`.
"""
