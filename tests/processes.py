"""The assistant's real processes on a PostgreSQL and a Redis of their own,
each of which can be stopped, frozen (SIGSTOP) and restored: used by the
fault suite (tests/test_faults.py) and the soak benchmark (bench/soak.py)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "essex.tar.gz"
# TEST_FAULT_PORT_OFFSET moves every port, so a soak and a test run can share a machine.
_OFFSET = int(os.environ.get("TEST_FAULT_PORT_OFFSET", "0"))
PG_PORT, REDIS_PORT = 15433 + _OFFSET, 16380 + _OFFSET
RASA_PORT, ACTIONS_PORT, WEB_PORT = 25005 + _OFFSET, 25055 + _OFFSET, 28080 + _OFFSET


# What every suite of real processes under load sets: limits high enough for
# the tests' traffic, no telemetry, private interfaces, unbuffered logs.
LOAD_SETTINGS = {
    "RATE_LIMIT_PER_SESSION": "1000",
    "RATE_LIMIT_PER_ADDRESS": "100000",
    "RATE_LIMIT_NEW_SESSIONS": "100000",
    "RASA_TELEMETRY_ENABLED": "false",
    "SANIC_HOST": "127.0.0.1",
    "PYTHONUNBUFFERED": "1",
    "LOG_LEVEL": "INFO",
}


class MissingTool(RuntimeError):
    """PostgreSQL's or Redis's server programs are not installed."""


class NotReady(RuntimeError):
    """A process did not come up in time."""


def free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _need(tool: str) -> str:
    path = shutil.which(tool) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"))), None)
    if path is None:
        raise MissingTool(f"{tool} is not installed")
    return str(path)


def _as_postgres(command: List[str]) -> List[str]:
    """PostgreSQL refuses to run as root: use its own account when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    def __init__(self) -> None:
        # Its own folder, outside pytest's and mkdtemp's (only root may enter those), since
        # PostgreSQL runs as the postgres account when we are root.
        self.directory = Path(tempfile.mkdtemp(prefix="essex-faults-pg-"))
        self.directory.chmod(0o755)
        self.data = self.directory / "pgdata"
        self.pg_ctl = _need("pg_ctl")
        initdb = _need("initdb")
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        subprocess.run(
            _as_postgres([initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"]),
            check=True,
            capture_output=True,
        )
        self.url = f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres"

    def start(self) -> None:
        options = f"-p {PG_PORT} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres(
                [
                    self.pg_ctl,
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-w",
                    "-l",
                    str(self.data / "log"),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )

    def pids(self) -> List[int]:
        """The postmaster and every backend (all must freeze for a hang)."""
        main = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
                )
            except OSError:
                continue
            if int(fields.get("PPid", "0").strip()) == main:
                children.append(int(status.parent.name))
        return [main, *children]


class Processes:
    """The suite's own PostgreSQL, Redis, action server, Rasa and web process."""

    def __init__(self, directory: Path, **settings: str) -> None:
        self.directory = directory
        self.postgres = Postgres()
        self.redis_server = _need("redis-server")
        self.token = "fault-token-" + os.urandom(8).hex()
        self.env = {
            **os.environ,
            "VAR_DIR": str(directory / "var"),
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "RASA_AUTH_TOKEN": self.token,
            "RASA_PORT": str(RASA_PORT),
            "ACTIONS_PORT": str(ACTIONS_PORT),
            "WEB_PORT": str(WEB_PORT),
            "RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ACTIONS_PORT}/webhook",
            **LOAD_SETTINGS,
        }
        for name in ("WEB_SESSION_SECRET", "ALLOWED_ORIGINS", "WEB_HOST", "TELEGRAM_BOT_TOKEN", "OUTBOX_DIR"):
            self.env.pop(name, None)
        self.env.update(settings)
        self.children: Dict[str, subprocess.Popen[bytes]] = {}
        self.log = open(directory / "processes.log", "ab")

    # ---- starting and stopping -------------------------------------------------

    def start_all(self) -> None:
        self.postgres.start()
        self.start_redis()
        subprocess.run(
            [sys.executable, "-c", "from bot.supervisor import prepare_database; prepare_database()"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )
        for name in ("actions", "rasa", "web"):
            self.start(name)
        self.wait_ready()

    def start_redis(self) -> None:
        self.children["redis"] = subprocess.Popen(
            [
                self.redis_server,
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait(lambda: not free(REDIS_PORT), "Redis")

    def start(self, name: str) -> None:
        from bot.supervisor import die_with_the_supervisor

        commands = {
            "actions": [
                sys.executable,
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(ACTIONS_PORT),
            ],
            "rasa": [sys.executable, "-m", "bot.rasa.server", str(MODEL)],
            "web": [sys.executable, "-m", "bot.web"],
        }
        self.children[name] = subprocess.Popen(
            commands[name],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_the_supervisor,
        )

    def wait_ready(self, timeout: float = 240) -> None:
        self._wait(self._ready, "the processes", timeout)

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}/readyz", timeout=2) as response:
                return response.status == 200 and not free(ACTIONS_PORT)
        except OSError:
            return False

    def _wait(self, ready: Callable[[], bool], what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready():
                return
            time.sleep(0.5)
        raise NotReady(f"{what} did not come up in {timeout:.0f}s; see {self.log.name}")

    def kill(self, name: str) -> None:
        child = self.children.pop(name)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

    def pids(self, dependency: str) -> List[int]:
        if dependency == "postgres":
            return self.postgres.pids()
        return [self.children[dependency].pid]

    def stop_all(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.kill()
                child.wait()
        self.postgres.stop()
        shutil.rmtree(self.postgres.directory, ignore_errors=True)
        self.log.close()

    # ---- faults ----------------------------------------------------------------

    def break_(self, dependency: str, mode: str) -> None:
        if mode == "hung":
            for pid in self.pids(dependency):
                os.kill(pid, signal.SIGSTOP)
        elif dependency == "postgres":
            self.postgres.stop()
        else:
            self.kill(dependency)

    def restore(self, dependency: str, mode: str, frozen: List[int]) -> None:
        if mode == "hung":
            for pid in frozen:
                try:
                    os.kill(pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass
        elif dependency == "postgres":
            self.postgres.start()
        elif dependency == "redis":
            self.start_redis()
        else:
            self.start(dependency)
        self.wait_ready()
