"""Run the Telegram bot in polling mode: python -m bot.telegram

(In webhook mode the public web process serves the bot; see bot/telegram/webhook.py.)
"""

import sys

from bot.lean import keep_tensorflow_out

keep_tensorflow_out()

from telegram import Update  # noqa: E402

from bot import settings  # noqa: E402
from bot.logs import configure_logging  # noqa: E402
from bot.telegram.bot import build_application  # noqa: E402


def main() -> int:
    configure_logging()
    token = settings.telegram_token()
    if not token:
        print("TELEGRAM_BOT_TOKEN is not set", file=sys.stderr)
        return 2
    application = build_application(token, settings.telegram_api_base_url(), wait_for_model=True)
    # SIGTERM (a deploy, the supervisor) stops gracefully: updates already
    # taken from Telegram are answered before the process exits.
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
