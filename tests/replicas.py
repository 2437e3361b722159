"""Two of every process, as the Kubernetes overlays run them, on this
machine's PostgreSQL and Redis: used by the replica-safety suite
(tests/test_replicas.py) and the scale benchmark (bench/scale.py).

- 2 Rasa replicas, 2 action servers and 2 web replicas, each a real process;
- a `Balancer` standing in for the Kubernetes Services in front of Rasa and
  the action servers: it forwards each connection to the first backend in
  its list that accepts it (the web replicas ask Rasa over a new connection
  per message, so a Service's per-connection balancing applies), and a
  backend can be taken out of rotation and put back, as readiness does;
- a stand-in Telegram Bot API, so the web replicas serve Telegram in
  webhook mode as in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Dict, Iterator, List, Optional, TypeVar

import sqlalchemy as sa

from tests.processes import LOAD_SETTINGS, MODEL, ROOT, free

T = TypeVar("T")

_OFFSET = int(os.environ.get("TEST_REPLICA_PORT_OFFSET", "0"))
# Below Linux's ephemeral range (32768-60999): a port in that range can be
# taken at any moment by an outgoing connection's local end (to PostgreSQL,
# Redis, a stand-in on port 0), and an action server that cannot bind exits 0.
RASA_PORTS = (22005 + _OFFSET, 22006 + _OFFSET)
ACTIONS_PORTS = (22055 + _OFFSET, 22056 + _OFFSET)
WEB_PORTS = (22080 + _OFFSET, 22081 + _OFFSET)
# The Services: one listener per web replica in front of the Rasa replicas
# (so each web replica prefers "its" Rasa and a test can tell which one
# answered), and one in front of the action servers.
RASA_SERVICE_PORTS = (22100 + _OFFSET, 22101 + _OFFSET)
ACTIONS_SERVICE_PORT = 22150 + _OFFSET
REDIS_DB = 13  # this suite's own Redis database, flushed at the start


class BackgroundLoop:
    """An asyncio loop on its own thread, for servers a synchronous test needs."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="replicas-loop", daemon=True)
        self.thread.start()

    def run(self, coroutine: Awaitable[T], timeout: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)  # type: ignore[arg-type]

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class Balancer:
    """A TCP forwarder per Service port, each with an ordered list of backends:
    the first that accepts takes the connection, or, `round_robin`, each
    connection starts at the next backend (as a Service spreads them)."""

    def __init__(self, routes: Dict[int, List[int]], round_robin: bool = False) -> None:
        self.routes = {port: list(backends) for port, backends in routes.items()}
        self.round_robin = round_robin
        self._next: Dict[int, int] = {}
        self.out_of_rotation: set[int] = set()
        self.active: Dict[int, int] = {}
        self.served: Dict[int, int] = {}  # connections forwarded to each backend, ever
        self.servers: List[asyncio.AbstractServer] = []

    async def start(self) -> None:
        for port in self.routes:
            self.servers.append(
                await asyncio.start_server(lambda r, w, p=port: self._forward(p, r, w), "127.0.0.1", port)
            )

    async def stop(self) -> None:
        for server in self.servers:
            server.close()

    def take_out(self, backend: int) -> None:
        self.out_of_rotation.add(backend)

    def put_back(self, backend: int) -> None:
        self.out_of_rotation.discard(backend)

    def _order(self, port: int) -> List[int]:
        backends = self.routes[port]
        if not self.round_robin:
            return backends
        start = self._next.get(port, 0) % len(backends)
        self._next[port] = start + 1
        return backends[start:] + backends[:start]

    async def _forward(self, port: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for backend in self._order(port):
            if backend in self.out_of_rotation:
                continue
            try:
                up_reader, up_writer = await asyncio.wait_for(
                    asyncio.open_connection("127.0.0.1", backend), 1.0
                )
            except (OSError, asyncio.TimeoutError):
                continue  # not accepting: the next backend, as a Service's ready endpoints would
            self.active[backend] = self.active.get(backend, 0) + 1
            self.served[backend] = self.served.get(backend, 0) + 1
            try:
                await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
            finally:
                self.active[backend] -= 1
            return
        writer.close()

    def idle(self, backend: int) -> bool:
        return self.active.get(backend, 0) == 0


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.close()
        except (ConnectionError, OSError):
            pass


def scratch_database(server_url: str) -> str:
    """A new, empty PostgreSQL database on the server of `server_url`."""
    name = "essex_replicas_" + secrets.token_hex(4)
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return str(sa.engine.make_url(server_url).set(database=name))


@dataclass
class Services:
    """What a production-like stack runs against: its own Redis database
    (flushed), a scratch PostgreSQL database, and a Bot API stand-in served
    on a background loop."""

    redis_url: str
    database_url: str
    loop: BackgroundLoop
    telegram: Any  # tests.telegram_standin.BotApiStandIn, on `loop`


@contextlib.contextmanager
def services(postgres_url: str, redis_url: str, redis_db: int) -> Iterator[Services]:
    """Set them up; afterwards stop the stand-in and the loop and drop the database."""
    import redis

    from tests.telegram_standin import BotApiStandIn

    own_redis = redis_url.rsplit("/", 1)[0] + f"/{redis_db}"
    redis.Redis.from_url(own_redis).flushdb()
    database_url = scratch_database(postgres_url)
    loop = BackgroundLoop()
    telegram = BotApiStandIn()
    loop.run(telegram.start())
    try:
        yield Services(own_redis, database_url, loop, telegram)
    finally:
        loop.run(telegram.stop())
        loop.stop()
        drop_database(database_url, postgres_url)


def drop_database(url: str, server_url: str) -> None:
    name = sa.engine.make_url(url).database
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(
            sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
            {"name": name},
        )
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
    engine.dispose()


class Replicas:
    """The processes, started and replaced one at a time."""

    def __init__(
        self, directory: Path, database_url: str, redis_url: str, telegram_api: str, **settings: str
    ) -> None:
        self.directory = directory
        self.database_url = database_url
        self.token = "replica-token-" + secrets.token_hex(8)
        self.telegram_secret = "replica-webhook-" + secrets.token_hex(8)
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "RASA_AUTH_TOKEN": self.token,
            "WEB_SESSION_SECRET": "replica-session-" + secrets.token_hex(16),
            "TELEGRAM_ID_SECRET": "replica-ids-" + secrets.token_hex(16),
            "TELEGRAM_BOT_TOKEN": "4242:replica-suite",
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_WEBHOOK_URL": "https://assistant.example/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": self.telegram_secret,
            "TELEGRAM_API_BASE_URL": telegram_api,
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ACTIONS_SERVICE_PORT}/webhook",
            **LOAD_SETTINGS,
        }
        for name in ("ALLOWED_ORIGINS", "WEB_HOST", "OUTBOX_DIR", "VAR_DIR", "RASA_URL"):
            self.env.pop(name, None)
        self.env.update(settings)
        self.children: Dict[str, subprocess.Popen[bytes]] = {}
        self.log = open(directory / "replicas.log", "ab")

    # ---- processes -------------------------------------------------------------

    def _command(self, name: str) -> tuple[List[str], Dict[str, str]]:
        kind, index = name.rsplit("-", 1)
        i = int(index)
        var = self.directory / name
        env = {**self.env, "VAR_DIR": str(var)}
        if kind == "rasa":
            env["RASA_PORT"] = str(RASA_PORTS[i])
            return [sys.executable, "-m", "bot.rasa.server", str(MODEL)], env
        if kind == "actions":
            env["ACTIONS_PORT"] = str(ACTIONS_PORTS[i])
            return [
                sys.executable,
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(ACTIONS_PORTS[i]),
            ], env
        env["WEB_PORT"] = str(WEB_PORTS[i])
        env["RASA_URL"] = f"http://127.0.0.1:{RASA_SERVICE_PORTS[i]}"
        env["OUTBOX_DIR"] = str(var / "outbox")  # each web pod's own volume
        return [sys.executable, "-m", "bot.web"], env

    def prepare(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "bot.supervisor", "prepare"],
            cwd=ROOT,
            env={**self.env, "VAR_DIR": str(self.directory / "prepare")},
            check=True,
            capture_output=True,
        )

    def start(self, name: str) -> None:
        from bot.supervisor import die_with_the_supervisor

        command, env = self._command(name)
        self.children[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_the_supervisor,
        )

    def start_all(self) -> None:
        self.prepare()
        for name in ("actions-0", "actions-1", "rasa-0", "rasa-1", "web-0", "web-1"):
            self.start(name)
        for name in self.children:
            self.wait_ready(name)

    def ready(self, name: str) -> bool:
        kind, index = name.rsplit("-", 1)
        i = int(index)
        url = {
            "rasa": f"http://127.0.0.1:{RASA_PORTS[i]}/status?token={self.token}",
            "actions": f"http://127.0.0.1:{ACTIONS_PORTS[i]}/health",
            "web": f"http://127.0.0.1:{WEB_PORTS[i]}/readyz",
        }[kind]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = response.read()
                return response.status == 200 and (kind != "rasa" or bool(json.loads(body).get("model_file")))
        except (OSError, ValueError):
            return False

    def wait_ready(self, name: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            child = self.children.get(name)
            if child is not None and child.poll() is not None:
                raise RuntimeError(f"{name} exited with {child.returncode}; its log ends:\n{self.log_tail()}")
            if self.ready(name):
                return
            time.sleep(0.3)
        raise RuntimeError(f"{name} was not ready in {timeout:.0f}s; the log ends:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        """The end of every replica's log, for a failure message CI can show."""
        self.log.flush()
        text = (self.directory / "replicas.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def kill(self, name: str) -> None:
        child = self.children.pop(name)
        child.kill()
        child.wait()

    def stop(self, name: str, timeout: float = 60) -> int:
        """SIGTERM, as Kubernetes stops a pod; its exit code."""
        child = self.children.pop(name)
        child.terminate()
        return child.wait(timeout)

    def stop_all(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.kill()
                child.wait()
        self.children.clear()
        self.log.close()

    def rss_mb(self, name: str) -> float:
        child = self.children[name]
        for line in Path(f"/proc/{child.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def outboxes_empty(self) -> bool:
        return not any(any((self.directory / f"web-{i}" / "outbox").glob("*.json")) for i in (0, 1))


def web_url(index: int) -> str:
    return f"http://127.0.0.1:{WEB_PORTS[index]}"


def post_json(url: str, body: Dict[str, Any], headers: Optional[Dict[str, str]] = None) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def ports_free() -> List[int]:
    """The suite's ports that something else is using."""
    wanted = (*RASA_PORTS, *ACTIONS_PORTS, *WEB_PORTS, *RASA_SERVICE_PORTS, ACTIONS_SERVICE_PORT)
    return [port for port in wanted if not free(port)]
