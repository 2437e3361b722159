"""bot/supervisor.py: the processes `make run` starts live and die together."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from bot.supervisor import processes
from tests.conftest import MODEL, Stack, _port_free

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model

# Ports of their own, so this can run beside the session's stack.
PORTS = (25005, 25055, 28080)


def test_the_processes_are_the_action_server_rasa_and_the_web_process() -> None:
    assert set(processes()) >= {"actions", "rasa", "web"}


def test_children_die_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    """SIGKILL leaves the supervisor no chance to stop its children: the
    kernel does (PR_SET_PDEATHSIG), so their ports are free for the next start."""
    assert MODEL.exists(), "run `make train` first (make test does)"
    stack = Stack(tmp_path, PORTS)
    stack.start()
    assert stack.process is not None and not any(_port_free(p) for p in PORTS)
    stack.process.send_signal(signal.SIGKILL)
    stack.process.wait(timeout=10)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not all(_port_free(p) for p in PORTS):
        time.sleep(0.5)
    stack.log.close()
    assert all(_port_free(p) for p in PORTS), "a child kept its port after the supervisor was killed"
