"""Start, probe, measure and stop the processes under test (Linux /proc, no psutil)."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

LOGS = Path(__file__).resolve().parent / "results" / "logs"
READY_TIMEOUT_S = 300
STOP_GRACE_S = 60
# Settings a developer's shell (or the Makefile) may export that must not leak into the runs.
INHERITED = ("ACTION_ENDPOINT_URL", "RASA_URL", "REDIS_URL", "DATABASE_URL", "VAR_DIR", "RASA_AUTH_TOKEN")
# Every process a run starts, and their children, carry BENCH_RUN=<this>-<name> in their
# environment, so ones that outlive their parent (a supervisor that crashed) are found and stopped.
RUN_ID = secrets.token_hex(6)
# An error line in JSON logs (this project) or in Rasa's default format (stock).
ERROR_LINE = re.compile(r'"level": "(?:error|critical)"|^\S+ \S+ (?:ERROR|CRITICAL)\s', re.MULTILINE)
LABELS = (
    ("bot.rasa.server", "rasa"),
    ("rasa_sdk", "actions"),
    ("bot.supervisor", "supervisor"),
    ("bot.web", "web"),
    ("bot.telegram", "telegram"),
    ("rasa run", "rasa"),
)


def child_env(**settings: str) -> Dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in INHERITED}
    env.update(
        TF_CPP_MIN_LOG_LEVEL="2", PYTHONHASHSEED="0", PYTHONUNBUFFERED="1", RASA_TELEMETRY_ENABLED="false"
    )
    env.update(settings)
    return env


def require_free(*ports: int) -> None:
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise RuntimeError(f"port {port} is in use; stop whatever listens there and rerun")


@contextlib.contextmanager
def running(
    command: Sequence[str], cwd: Path, env: Dict[str, str], name: str
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a process in its own session (output to bench/results/logs/NAME.log); always stop it."""
    LOGS.mkdir(parents=True, exist_ok=True)
    tag = f"{RUN_ID}-{name}"
    with open(LOGS / f"{name}.log", "wb") as log:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env={**env, "BENCH_RUN": tag},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop(process)
        stop_strays(tag)


def timed(command: Sequence[str], cwd: Path, env: Dict[str, str], name: str, timeout: float = 3600) -> float:
    """Wall seconds of a command that must succeed."""
    start = time.monotonic()
    with running(command, cwd, env, name) as process:
        code = process.wait(timeout=timeout)
    if code != 0:
        raise RuntimeError(f"{name} failed with exit code {code}; see {LOGS / name}.log")
    return time.monotonic() - start


def log_errors(name: str) -> int:
    """Error lines so far in a process's log (a failing action still gets a reply, so look here)."""
    return len(ERROR_LINE.findall((LOGS / f"{name}.log").read_text(errors="replace")))


def answers(url: str, needle: bytes) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return needle in response.read()
    except (OSError, http.client.HTTPException):
        return False


def wait_ready(
    process: subprocess.Popen[bytes], probes: List[Tuple[str, bytes]], since: float, name: str
) -> float:
    """Seconds from `since` until every probe URL answers with its needle."""
    while time.monotonic() - since < READY_TIMEOUT_S:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited early ({process.returncode}); see {LOGS / name}.log")
        if all(answers(url, needle) for url, needle in probes):
            return time.monotonic() - since
        time.sleep(0.25)
    raise RuntimeError(f"{name} was not ready after {READY_TIMEOUT_S}s; see {LOGS / name}.log")


def parents() -> Dict[int, int]:
    """pid -> ppid of every process, from /proc/*/stat."""
    found: Dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        found[int(stat.parent.name)] = int(fields[1])
    return found


def descendants(root: int) -> List[int]:
    tree = parents()
    found: List[int] = []
    frontier = [root]
    while frontier:  # finite: each pid has one parent, so each is visited once
        pid = frontier.pop()
        children = [child for child, parent in tree.items() if parent == pid]
        found += children
        frontier += children
    return found


def label(pid: int) -> str:
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ")
    return next((name for marker, name in LABELS if marker in argv), argv.split(" ", 1)[0])


def peak_memory_mb(pid: int) -> float:
    """VmHWM: the most resident memory the process has had, in MB (MiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmHWM for process {pid}")


def memory_by_process(root: int) -> Dict[str, float]:
    memory: Dict[str, float] = {}
    for pid in [root, *descendants(root)]:
        name = label(pid)
        memory[name if name not in memory else f"{name} ({pid})"] = peak_memory_mb(pid)
    return memory


def signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        if os.getpgid(pid) == pid:  # still the session leader we started
            os.killpg(pid, signum)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, SIGKILL after a grace period."""
    if process.poll() is None:
        signal_group(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        signal_group(process.pid, signal.SIGKILL)
        process.wait()


def tagged(tag: str) -> List[int]:
    """Live processes whose environment carries BENCH_RUN=tag."""
    needle = f"BENCH_RUN={tag}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if needle in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def stop_strays(tag: str) -> None:
    """Stop what a process started and left behind: SIGTERM, then SIGKILL if still there after 15 s."""
    for signum in (signal.SIGTERM, signal.SIGKILL):
        strays = tagged(tag)
        if not strays:
            return
        print(f"stopping processes left behind: {strays}", flush=True)
        for pid in strays:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)
        deadline = time.monotonic() + 15
        while tagged(tag) and time.monotonic() < deadline:
            time.sleep(0.25)
