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
import re
import time
from typing import Iterator, List, Tuple

import pytest
import sqlalchemy as sa

from tests.conftest import IN_CI, WebResident
from tests.processes import (
    ACTIONS_PORT,
    MODEL,
    PG_PORT,
    RASA_PORT,
    REDIS_PORT,
    WEB_PORT,
    MissingTool,
    Processes,
    free,
)

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model

DEADLINE = 8.0  # MESSAGE_DEADLINE_SECONDS for the suite (production: 12)
SLACK = 1.5  # HTTP and scheduling on a busy 2-core machine
# The production budgets, shortened in proportion so the suite runs in about a minute.
SETTINGS = {
    "MESSAGE_DEADLINE_SECONDS": str(DEADLINE),
    "RELAY_TIMEOUT_SECONDS": "6",
    "STORE_TIMEOUT_SECONDS": "1.5",
    "ACTION_TIMEOUT_SECONDS": "2",
    "DB_STATEMENT_TIMEOUT_MS": "2000",
    "OUTBOX_RETRY_SECONDS": "1",
}

BEFORE = "how do I stop my bike being stolen"
DANGER = "someone is breaking into my house right now"
SELF_HARM = "I want to kill myself tonight"
ORDINARY = "how can I keep my car safe"
AFTER = "thanks, what about my shed"


@pytest.fixture(scope="module")
def processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Processes]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    for port in (PG_PORT, REDIS_PORT, RASA_PORT, ACTIONS_PORT, WEB_PORT):
        if not free(port):
            pytest.fail(f"port {port} is in use: another fault suite running?")
    try:
        running = Processes(tmp_path_factory.mktemp("faults"), **SETTINGS)
    except MissingTool as missing:
        if IN_CI:
            pytest.fail(f"{missing}; CI must provide PostgreSQL and Redis")
        pytest.skip(str(missing))
    try:
        running.start_all()
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
