"""Run the public web process: python -m bot.web"""

from bot.lean import keep_tensorflow_out

keep_tensorflow_out()

from aiohttp import web  # noqa: E402

from bot import settings  # noqa: E402
from bot.logs import configure_logging  # noqa: E402
from bot.web.app import create_app  # noqa: E402


def main() -> None:
    configure_logging()
    web.run_app(
        create_app(),
        host=settings.web_host(),
        port=settings.web_port(),
        access_log=None,  # request lines would carry conversation tokens
        print=None,
    )


if __name__ == "__main__":
    main()
