"""Shared fixtures: the real trained model, the real running stack, real databases."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "essex.tar.gz"
RESULTS = ROOT / "results"
# Any non-empty CI (true, 1, yes...) means CI: there a missing service fails.
IN_CI = bool(os.environ.get("CI", "").strip())
# Tests that may skip even under CI, each with the reason (none today).
SKIPS_ALLOWED_IN_CI: Dict[str, str] = {}

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# The stack under test listens on its own ports, so tests can run beside `make run`.
RASA_PORT = int(os.environ.get("TEST_RASA_PORT", "15005"))
ACTIONS_PORT = int(os.environ.get("TEST_ACTIONS_PORT", "15055"))
WEB_PORT = int(os.environ.get("TEST_WEB_PORT", "18080"))
PORTS = (RASA_PORT, ACTIONS_PORT, WEB_PORT)


@pytest.fixture(autouse=True, scope="session")
def scratch_outbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Relays built in the test process keep their outbox in a scratch folder, not var/."""
    os.environ["OUTBOX_DIR"] = str(tmp_path_factory.mktemp("outbox"))
    yield
    os.environ.pop("OUTBOX_DIR", None)


# Fixtures that need the trained model or chromium; a test that uses one must
# carry the mark, so `make check` (`-m "not model and not browser"`) never
# starts them.
NEEDS = {
    "stack": "model",
    "any_stack": "model",
    "production": "model",
    "nlu_parse": "model",
    "browser": "browser",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "model: needs the trained model (not in `make check`)")
    config.addinivalue_line("markers", "browser: needs chromium (not in `make check`)")


def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    unmarked = [
        f"{item.nodeid} uses {fixture} but is not marked {mark}"
        for item in items
        for fixture, mark in NEEDS.items()
        if fixture in getattr(item, "fixturenames", ()) and item.get_closest_marker(mark) is None
    ]
    if unmarked:
        raise pytest.UsageError("\n".join(unmarked))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Under CI a skipped test fails the run, unless it is allowed above."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and item.nodeid not in SKIPS_ALLOWED_IN_CI:
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, which must run every test: {report.longrepr}"


def reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
            return True
    except OSError:
        return False


def require_service(url: str, what: str) -> None:
    """Skip (fail under CI=true) when a real service the test needs is absent."""
    if reachable(url):
        return
    message = f"{what} is not reachable at {urlparse(url).hostname}:{urlparse(url).port}"
    if IN_CI:
        pytest.fail(f"{message}; CI must provide it")
    pytest.skip(message)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty project database: SQLite, and PostgreSQL in a scratch schema."""
    import sqlalchemy as sa

    from bot.db.engine import engine
    from bot.db.migrate import upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
        upgrade(url)
        yield url
        engine(url).dispose()
        return
    require_service(POSTGRES_URL, "PostgreSQL")
    schema = "store_test_" + os.urandom(4).hex()
    server = sa.create_engine(POSTGRES_URL, future=True)
    with server.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    try:
        upgrade(url)
        yield url
    finally:
        engine(url).dispose()
        with server.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        server.dispose()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, driven by Playwright. Per module: Playwright's sync API
    keeps an event loop running, which other tests' asyncio.run() cannot share."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail("Debian's chromium is not installed (make test installs it)")
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def content():
    from bot.content.source import load_directory

    return load_directory(ROOT / "responses")


@pytest.fixture(scope="session")
def nlu_parse():
    """Parse texts with the real trained model (NLU pipeline incl. safety screen)."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    os.chdir(ROOT)
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    loop = asyncio.new_event_loop()

    def parse(text: str) -> Dict[str, Any]:
        return loop.run_until_complete(agent.parse_message(text))

    yield parse
    loop.close()


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


class Stack:
    """The assistant started as `make run` starts it, on a scratch database."""

    def __init__(self, var_dir: Path, ports: tuple = PORTS, database_url: str = "", **settings: str) -> None:
        self.var_dir = var_dir
        self.ports = ports
        rasa_port, actions_port, web_port = ports
        self.token = "test-token-" + os.urandom(8).hex()
        self.database = var_dir / "conversations.db"
        self.database_url = database_url or f"sqlite:///{self.database}"
        self.env = {
            **os.environ,
            "VAR_DIR": str(var_dir),
            "DATABASE_URL": self.database_url,
            "RASA_AUTH_TOKEN": self.token,
            "LOG_LEVEL": "INFO",
            "RASA_PORT": str(rasa_port),
            "ACTIONS_PORT": str(actions_port),
            "WEB_PORT": str(web_port),
            "RATE_LIMIT_PER_SESSION": "20",
            "RATE_LIMIT_PER_ADDRESS": "10000",
            "RATE_LIMIT_NEW_SESSIONS": "10000",
            # Fixed windows that never roll over during a test run.
            "RATE_LIMIT_WINDOW_SECONDS": str(10**9),
            "QUICK_EXIT_URL": f"http://127.0.0.1:{web_port}/healthz",
        }
        for name in (
            "ACTION_ENDPOINT_URL",
            "WEB_SESSION_SECRET",
            "ALLOWED_ORIGINS",
            "WEB_HOST",
            "OUTBOX_DIR",
        ):
            self.env.pop(name, None)
        self.env.pop("RASA_URL", None)
        self.env.pop("REDIS_URL", None)
        for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_MODE", "TELEGRAM_API_BASE_URL"):
            self.env.pop(name, None)
        self.env.update(settings)
        self.log = open(var_dir / "stack.log", "wb")
        self.process: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.actions_url = f"http://127.0.0.1:{actions_port}"
        self.web_url = f"http://127.0.0.1:{web_port}"

    def start(self, timeout: float = 240) -> None:
        for port in self.ports:
            if not _port_free(port):
                pytest.fail(
                    f"port {port} is in use: another test run? (set TEST_RASA_PORT/TEST_ACTIONS_PORT)"
                )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.supervisor"],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the stack exited early; see {self.log.name}")
            if self.ready():
                return
            time.sleep(1)
        self.stop()
        pytest.fail(f"the stack did not become ready in {timeout}s; see {self.log.name}")

    def ready(self) -> bool:
        try:
            status = urllib.request.Request(f"{self.url}/status?token={self.token}")
            with urllib.request.urlopen(status, timeout=2) as response:
                if b"model_id" not in response.read():
                    return False
            with urllib.request.urlopen(f"{self.actions_url}/health", timeout=2):
                pass
            with urllib.request.urlopen(f"{self.web_url}/healthz", timeout=2):
                return True
        except OSError:
            return False

    def resident(self) -> "WebResident":
        """A resident talking through the public web process (/api/chat), as the widget does."""
        return WebResident(self.web_url)

    def send(self, sender: str, text: str, channel: str = "rest") -> List[Dict[str, Any]]:
        from bot.channels.rasa_webhook import send

        return send(sender, text, channel=channel, base_url=self.url, token=self.token)

    def stop(self) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)
        self.log.close()
        # Stopping the supervisor stops every process it started.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not all(_port_free(p) for p in self.ports):
            time.sleep(0.5)
        assert all(_port_free(p) for p in self.ports), "a child process outlived the supervisor"
        return code


class WebResident:
    """One conversation through the public chat API: what the widget does."""

    def __init__(self, web_url: str) -> None:
        self.web_url = web_url
        self.token = self._post("/api/session", {})["token"]
        self.buttons: List[Dict[str, str]] = []

    def _post(self, path: str, body: Dict[str, Any]) -> Dict[str, Any]:
        request = urllib.request.Request(
            self.web_url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def say(self, text: str) -> List[Dict[str, Any]]:
        """Send a message; the replies, as the widget would show them."""
        replies = self._post("/api/chat", {"token": self.token, "message": text})["messages"]
        self.buttons = [b for reply in replies for b in reply.get("buttons") or []]
        return replies

    def press(self, title: str) -> List[Dict[str, Any]]:
        """Press a button the assistant just offered, by its title."""
        button = next((b for b in self.buttons if b["title"] == title), None)
        assert button is not None, f"no button {title!r} among {[b['title'] for b in self.buttons]}"
        return self.say(button["payload"])


PRODUCTION_PORTS = (RASA_PORT + 1000, ACTIONS_PORT + 1000, WEB_PORT + 1000)
PRODUCTION_REDIS_DB = 12  # this stack's own Redis database, flushed at the start


@dataclass
class ProductionStack:
    """`make run`'s processes on PostgreSQL and Redis, with the Telegram
    process the supervisor starts polling a stand-in Bot API."""

    stack: "Stack"
    telegram: Any  # tests.telegram_standin.BotApiStandIn, on `loop`
    loop: Any  # tests.replicas.BackgroundLoop


@pytest.fixture(scope="session")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProductionStack]:
    from tests.replicas import services

    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    require_service(POSTGRES_URL, "PostgreSQL")
    require_service(REDIS_URL, "Redis")
    with services(POSTGRES_URL, REDIS_URL, PRODUCTION_REDIS_DB) as up:
        running = Stack(
            tmp_path_factory.mktemp("production"),
            PRODUCTION_PORTS,
            up.database_url,
            REDIS_URL=up.redis_url,
            TELEGRAM_BOT_TOKEN="123456789:AAHproductionstackproductionstack12",
            TELEGRAM_MODE="polling",
            TELEGRAM_API_BASE_URL=up.telegram.url,
        )
        try:
            running.start()
            yield ProductionStack(running, up.telegram, up.loop)
            assert running.stop() == 0
        finally:
            if running.process is not None and running.process.poll() is None:
                running.stop()


@pytest.fixture(params=["sqlite", "postgresql+redis"])
def any_stack(request: pytest.FixtureRequest) -> "Stack":
    """The whole-stack tests run on both: `make run`'s SQLite defaults, and
    production's PostgreSQL and Redis."""
    if request.param == "sqlite":
        return request.getfixturevalue("stack")
    return request.getfixturevalue("production").stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    running = Stack(tmp_path_factory.mktemp("stack"))
    running.start()
    yield running
    assert running.stop() == 0
