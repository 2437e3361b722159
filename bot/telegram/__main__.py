"""Run the Telegram bot in polling mode: python -m bot.telegram

(In webhook mode the public web process serves the bot; see bot/telegram/webhook.py.)
"""

import sys

from telegram import Update

from bot import settings
from bot.logs import configure_logging
from bot.telegram.bot import build_application


def main() -> int:
    configure_logging()
    token = settings.telegram_token()
    if not token:
        print("TELEGRAM_BOT_TOKEN is not set", file=sys.stderr)
        return 2
    application = build_application(token, settings.telegram_api_base_url())
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False, stop_signals=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
