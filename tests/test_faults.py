"""The fault suite: every dependency stopped or hung while residents talk.

The real processes (action server, Rasa, web) run on a PostgreSQL and a
Redis of their own, on ports of their own, so the suite can stop and
freeze them. For each of {Redis, PostgreSQL, Rasa, action server} x
{stopped, hung}, three residents who have already been answered once send
a danger message, a self-harm message and an ordinary one while the
dependency is down. Each must get its safe reply (999 first, Samaritans,
any reply) within the message deadline. The dependency is then restored,
each resident writes once more, and the stored conversation must hold
every message and a reply to each, in order, once.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Tuple

import pytest
import sqlalchemy as sa

from tests.conftest import IN_CI, MODEL, ROOT, WebResident

DEADLINE = 8.0  # MESSAGE_DEADLINE_SECONDS for the suite (production: 12)
SLACK = 1.5  # HTTP and scheduling on a busy 2-core machine
PG_PORT, REDIS_PORT = 15433, 16380
RASA_PORT, ACTIONS_PORT, WEB_PORT = 25005, 25055, 28080

BEFORE = "how do I stop my bike being stolen"
DANGER = "someone is breaking into my house right now"
SELF_HARM = "I want to kill myself tonight"
ORDINARY = "how can I keep my car safe"
AFTER = "thanks, what about my shed"


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _need(tool: str) -> str:
    path = shutil.which(tool) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"))), None)
    if path is None:
        if IN_CI:
            pytest.fail(f"{tool} is not installed; CI must provide PostgreSQL and Redis")
        pytest.skip(f"{tool} is not installed")
    return str(path)


def _as_postgres(command: List[str]) -> List[str]:
    """PostgreSQL refuses to run as root: use its own account when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    def __init__(self) -> None:
        # Its own folder, outside pytest's (which only root may enter), since
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

    def __init__(self, directory: Path) -> None:
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
            "MESSAGE_DEADLINE_SECONDS": str(DEADLINE),
            "RELAY_TIMEOUT_SECONDS": "6",
            "STORE_TIMEOUT_SECONDS": "1.5",
            "ACTION_TIMEOUT_SECONDS": "2",
            "DB_STATEMENT_TIMEOUT_MS": "2000",
            "OUTBOX_RETRY_SECONDS": "1",
            "RATE_LIMIT_PER_SESSION": "1000",
            "RATE_LIMIT_PER_ADDRESS": "100000",
            "RATE_LIMIT_NEW_SESSIONS": "100000",
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "INFO",
        }
        for name in ("WEB_SESSION_SECRET", "ALLOWED_ORIGINS", "WEB_HOST", "TELEGRAM_BOT_TOKEN", "OUTBOX_DIR"):
            self.env.pop(name, None)
        self.children: Dict[str, subprocess.Popen[bytes]] = {}
        self.log = open(directory / "processes.log", "ab")

    # ---- starting and stopping -------------------------------------------------

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
        self._wait(lambda: not _free(REDIS_PORT), "Redis")

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
            "rasa": [sys.executable, "-m", "bot.rasa_server", str(MODEL)],
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
                return response.status == 200 and not _free(ACTIONS_PORT)
        except OSError:
            return False

    def _wait(self, ready: Callable[[], bool], what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready():
                return
            time.sleep(0.5)
        pytest.fail(f"{what} did not come up in {timeout:.0f}s; see {self.log.name}")

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


@pytest.fixture(scope="module")
def processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Processes]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    for port in (PG_PORT, REDIS_PORT, RASA_PORT, ACTIONS_PORT, WEB_PORT):
        if not _free(port):
            pytest.fail(f"port {port} is in use: another fault suite running?")
    directory = tmp_path_factory.mktemp("faults")
    running = Processes(directory)
    try:
        running.postgres.start()
        running.start_redis()
        subprocess.run(
            [sys.executable, "-c", "from bot.supervisor import prepare_database; prepare_database()"],
            cwd=ROOT,
            env=running.env,
            check=True,
            capture_output=True,
        )
        for name in ("actions", "rasa", "web"):
            running.start(name)
        running.wait_ready()
        yield running
    finally:
        running.stop_all()


def sender_of(resident: WebResident) -> str:
    return "web_" + resident.token.split(".")[0]


def timed(resident: WebResident, text: str) -> Tuple[float, List[str]]:
    start = time.monotonic()
    replies = resident.say(text)
    return time.monotonic() - start, [reply["text"] for reply in replies]


def stored(url: str, sender: str) -> List[Tuple[str, str]]:
    from bot.privacy.conversations import transcript

    engine = sa.create_engine(url)
    try:
        return [(who, text) for _, who, text in transcript(sender, engine)]
    finally:
        engine.dispose()


def outbox_empty(processes: Processes) -> bool:
    return not list((processes.directory / "var" / "outbox").glob("*.json"))


CELLS = [(d, m) for d in ("redis", "postgres", "actions", "rasa") for m in ("stopped", "hung")]


@pytest.mark.parametrize("dependency,mode", CELLS, ids=[f"{d}-{m}" for d, m in CELLS])
def test_a_fault_gets_safe_replies_in_time_and_loses_nothing(
    processes: Processes, dependency: str, mode: str
) -> None:
    residents = {text: WebResident(f"http://127.0.0.1:{WEB_PORT}") for text in (DANGER, SELF_HARM, ORDINARY)}
    for resident in residents.values():
        assert resident.say(BEFORE), "no reply before the fault"

    frozen = processes.pids(dependency) if mode == "hung" else []
    processes.break_(dependency, mode)
    try:
        time.sleep(0.3)  # let the fault be felt (connections reset, pools notice)
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            answers = dict(
                zip(residents, pool.map(lambda item: timed(item[1], item[0]), residents.items()), strict=True)
            )
    finally:
        processes.restore(dependency, mode, frozen)

    for text, (seconds, replies) in answers.items():
        assert seconds <= DEADLINE + SLACK, f"{text!r} waited {seconds:.1f}s"
        assert replies and replies[0].strip(), f"{text!r} got no reply"
    assert "999" in answers[DANGER][1][0], f"danger reply did not open with 999: {answers[DANGER][1]}"
    assert any("116 123" in reply for reply in answers[SELF_HARM][1]), answers[SELF_HARM][1]

    for resident in residents.values():
        assert resident.say(AFTER), "no reply after the fault was restored"

    deadline = time.monotonic() + 30
    while not outbox_empty(processes) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert outbox_empty(processes), "the outbox was not stored within 30s of the store coming back"

    for text, resident in residents.items():
        lines = stored(processes.postgres.url, sender_of(resident))
        said = [line for who, line in lines if who == "user"]
        assert said == [BEFORE, text, AFTER], f"stored {said}"
        # Each message is followed by at least one reply before the next message.
        whos = "".join("u" if who == "user" else "b" for who, _ in lines)
        assert whos.count("ub") == 3 and whos.startswith("u"), whos
        assert json.dumps(lines)  # plain, storable text


def test_no_log_line_names_a_conversation_or_token(processes: Processes) -> None:
    """Runs after the cells: every log line of every process during the faults
    (Rasa's own error lines included) names conversations only by reference."""
    text = (processes.directory / "processes.log").read_text(errors="replace")
    assert "exchange kept in the outbox" in text, "the faults above should have been logged"
    assert not re.search(r"(?<![\w-])web_[\w-]{16,}", text), "a raw conversation id was logged"
    assert not re.search(r"[\w-]{16,64}\.[0-9a-f]{6,12}\.[\w-]{20,}", text), "a widget token was logged"
    for phrase in (DANGER, SELF_HARM, ORDINARY):
        assert phrase not in text, f"a resident's words were logged: {phrase!r}"
