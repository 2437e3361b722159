"""Run the public web process: python -m bot.web"""

from aiohttp import web

from bot import settings
from bot.logs import configure_logging
from bot.web.app import create_app


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
