"""The Essex crime-prevention assistant's own package.

Four processes run its code, each assembled in its own entry module, which
nothing else imports:
- Rasa: `bot.rasa.server`, with everything Rasa loads by dotted path in
  `bot.rasa` (thin adapters over the logic in the other packages);
- the action server: `actions/` (rasa_sdk), which uses only `bot.contract`,
  `bot.content` and `bot.text`, never Rasa;
- the public web process: `bot.web.app` (`python -m bot.web`), which also
  serves the editor (`bot.admin`) and, in webhook mode, Telegram;
- in polling mode, the Telegram bot: `bot.telegram.__main__`.
`bot.supervisor` starts them all (`make run`).

Settings come only from `bot.settings`; names shared between processes only
from `bot.contract`. The layers are enforced by `.importlinter`.
"""
