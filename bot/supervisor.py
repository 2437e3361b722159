"""Run every process of the assistant in the foreground (`make run`).

Starts the action server (127.0.0.1:5055), Rasa (127.0.0.1:5005) and the
public web process (WEB_HOST:WEB_PORT, default 127.0.0.1:8080), and the
Telegram bot when TELEGRAM_BOT_TOKEN is set (polling mode). Works with no terminal (stdin is
closed for the children, as under a service manager). Ctrl-C or SIGTERM
stops every process it started; if one of them dies, the others are
stopped too and the exit code is non-zero, so a service manager restarts
the whole set.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from typing import Dict, List

from bot import settings
from bot.logs import configure_logging

logger = logging.getLogger("supervisor")
PYTHON = sys.executable


def processes() -> Dict[str, List[str]]:
    """Name -> command of each process to run."""
    commands = {
        "actions": [PYTHON, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port())],
        "rasa": [PYTHON, "-m", "bot.rasa.server"],
        "web": [PYTHON, "-m", "bot.web"],
    }
    # Telegram in polling mode runs on its own; in webhook mode the web process serves it.
    if settings.telegram_token() and settings.telegram_mode() == "polling":
        commands["telegram"] = [PYTHON, "-m", "bot.telegram"]
    return commands


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_the_supervisor() -> None:
    """Runs in each child before it starts (Linux): the kernel sends it SIGTERM
    when the supervisor dies, even by SIGKILL, so no child keeps its port and
    the next `make run` can start."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):  # not Linux: the process group still stops with SIGTERM
        pass


class Supervisor:
    def __init__(self, commands: Dict[str, List[str]]) -> None:
        self.commands = commands
        self.children: Dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = False

    def start(self) -> None:
        # Rasa's anonymous usage telemetry stays off unless someone turns it on.
        env = settings.child_environment(SANIC_HOST="127.0.0.1", PYTHONUNBUFFERED="1")
        for name, command in self.commands.items():
            self.children[name] = subprocess.Popen(
                command,
                cwd=settings.ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=die_with_the_supervisor,
            )
            logger.info("started", extra={"service": name, "pid": self.children[name].pid})

    def stop(self, *_: object) -> None:
        if self.stopping:
            return
        self.stopping = True
        for name, child in self.children.items():
            if child.poll() is None:
                logger.info("stopping", extra={"service": name})
                try:
                    os.killpg(child.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 15
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)

    def watch(self) -> int:
        while not self.stopping:
            for name, child in self.children.items():
                code = child.poll()
                if code is not None:
                    logger.error(
                        "process exited; stopping the others so the set can be restarted",
                        extra={"service": name, "exit_code": code},
                    )
                    self.stop()
                    return 1
            time.sleep(0.5)
        return 0


def prepare_database() -> None:
    """Bring the schema up to date and, on a fresh install, seed the content
    store from responses/ (both safe when several replicas start at once)."""
    from bot.admin.accounts import Accounts
    from bot.content.store import ContentStore
    from bot.db.migrate import upgrade

    upgrade()
    seeded = ContentStore().seed()
    if seeded:
        logger.info("content store seeded from responses/", extra={"entries": seeded})
    if settings.admin_enabled() and not Accounts().all():
        logger.info(
            "the content editor has no accounts yet: create the first admin with "
            "`make admin NAME=yourname`, then open /admin on the web process",
            extra={"editor": f"http://{settings.web_host()}:{settings.web_port()}/admin"},
        )


def main(argv: List[str] | None = None) -> int:
    """`python -m bot.supervisor` starts everything; `... prepare` only
    migrates and seeds (the container's `migrate` role, and each pod before
    its process starts)."""
    configure_logging()
    try:
        prepare_database()
    except Exception:
        logger.exception("the database could not be prepared; check DATABASE_URL and that the database is up")
        return 1
    if (argv if argv is not None else sys.argv[1:]) == ["prepare"]:
        return 0
    supervisor = Supervisor(processes())
    signal.signal(signal.SIGTERM, supervisor.stop)
    signal.signal(signal.SIGINT, supervisor.stop)
    try:
        supervisor.start()
        return supervisor.watch()
    finally:
        supervisor.stop()


if __name__ == "__main__":
    sys.exit(main())
