"""Replica safety: two Rasa replicas, two action servers and two web replicas
share this machine's PostgreSQL and Redis, as the production overlay runs
them, and every conversation stays whole and in order.

Order across replicas comes from the project's own design, not Rasa's lock
store (RasaHQ/rasa#11256): the web replica takes the conversation's turn in
Redis before it asks Rasa (bot/channels/turns.py). Each property of issue 13
is one test; they share one set of processes (about 40 s to start).
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
import urllib.error
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import sqlalchemy as sa

from bot.content.compose import Composer, Resident
from bot.content.source import load_directory
from tests.conftest import IN_CI, POSTGRES_URL, REDIS_URL, require_service
from tests.replicas import (
    ACTIONS_PORTS,
    ACTIONS_SERVICE_PORT,
    RASA_PORTS,
    RASA_SERVICE_PORTS,
    REDIS_DB,
    BackgroundLoop,
    Balancer,
    Replicas,
    ports_free,
    post_json,
    services,
    web_url,
)
from tests.telegram_standin import BotApiStandIn, message_update

# Needs the trained model (and the processes it runs in): not in `make check`.
pytestmark = pytest.mark.model

RELOAD_SECONDS = 2
LOCK_SECONDS = 6  # RASA_LOCK_SECONDS for the suite (production: 15)
TELEGRAM_CHAT_LIMIT = 3
CONTENT = load_directory(Path(__file__).resolve().parent.parent / "responses")
ERROR_REPLY = Composer(CONTENT, Resident("web")).compose("utter_error")["text"]
WHAT_CAN_YOU_DO = Composer(CONTENT, Resident("web")).compose("utter_what_can_you_do")["text"]
SLOW_DOWN = Composer(CONTENT, Resident("telegram")).compose("telegram_slow_down")["text"]


class Cluster:
    def __init__(self, replicas: Replicas, balancer: Balancer, telegram: BotApiStandIn, loop: BackgroundLoop):
        self.replicas = replicas
        self.balancer = balancer
        self.telegram = telegram
        self.loop = loop
        self.database_url = replicas.database_url


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    require_service(POSTGRES_URL, "PostgreSQL")
    require_service(REDIS_URL, "Redis")
    busy = ports_free()
    if busy:
        message = f"ports {busy} are in use: another replica suite or scale benchmark running?"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    with services(POSTGRES_URL, REDIS_URL, REDIS_DB) as up:
        balancer = Balancer(
            {
                RASA_SERVICE_PORTS[0]: [RASA_PORTS[0], RASA_PORTS[1]],
                RASA_SERVICE_PORTS[1]: [RASA_PORTS[1], RASA_PORTS[0]],
                ACTIONS_SERVICE_PORT: list(ACTIONS_PORTS),
            }
        )
        up.loop.run(balancer.start())
        replicas = Replicas(
            tmp_path_factory.mktemp("replicas"),
            up.database_url,
            up.redis_url,
            up.telegram.url,
            CONTENT_RELOAD_SECONDS=str(RELOAD_SECONDS),
            RASA_LOCK_SECONDS=str(LOCK_SECONDS),
            RATE_LIMIT_PER_TELEGRAM_CHAT=str(TELEGRAM_CHAT_LIMIT),
        )
        try:
            replicas.start_all()
            yield Cluster(replicas, balancer, up.telegram, up.loop)
        finally:
            replicas.stop_all()
            up.loop.run(balancer.stop())


# ---- a resident on the widget ------------------------------------------------------


def new_token(web: int = 0) -> str:
    return post_json(web_url(web) + "/api/session", {})["token"]


def chat(web: int, token: str, text: str) -> List[Dict[str, Any]]:
    """The replies through web replica `web`; raises on any HTTP error."""
    return post_json(web_url(web) + "/api/chat", {"token": token, "message": text})["messages"]


def texts(replies: List[Dict[str, Any]]) -> List[str]:
    return [reply.get("text") or "" for reply in replies]


def sender_of(token: str) -> str:
    return "web_" + token.split(".")[0]


def stored(cluster: Cluster, sender: str) -> List[Tuple[str, str]]:
    from bot.privacy.conversations import transcript

    engine = sa.create_engine(cluster.database_url)
    try:
        return [(who, text) for _, who, text in transcript(sender, engine)]
    finally:
        engine.dispose()


def tracker(cluster: Cluster, sender: str, rasa: int) -> Dict[str, Any]:
    import json
    import urllib.request

    url = f"http://127.0.0.1:{RASA_PORTS[rasa]}/conversations/{sender}/tracker?token={cluster.replicas.token}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def whole_and_in_order(lines: List[Tuple[str, str]], said: List[str]) -> None:
    """Every message stored once, in the order sent, each answered before the next."""
    assert [text for who, text in lines if who == "user"] == said, lines
    whos = "".join("u" if who == "user" else "b" for who, _ in lines)
    assert whos.startswith("u") and whos.count("ub") == len(said), whos


def wait_for_outboxes(cluster: Cluster, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not cluster.replicas.outboxes_empty() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert cluster.replicas.outboxes_empty(), "the outboxes were not stored within 30 s"


# ---- the properties ------------------------------------------------------------------


def test_a_conversation_continues_across_replicas(cluster: Cluster) -> None:
    """Message 1 through web-0 and Rasa replica 0, message 2 through web-1 and
    replica 1: the second replica knows the topic, the audience and the form."""
    token = new_token(0)
    sender = sender_of(token)
    served = dict(cluster.balancer.served)

    first = texts(chat(0, token, "how do I stop burglars getting into my house"))
    assert first and ERROR_REPLY not in first
    assert tracker(cluster, sender, 0)["slots"]["topic"] == "burglary"

    # "more tips" means nothing on its own (it gets the list of topics); on
    # replica 1 it continues the burglary leaflet replica 0 started.
    second = texts(chat(1, token, "more tips"))
    assert second and WHAT_CAN_YOU_DO not in second and ERROR_REPLY not in second
    state = tracker(cluster, sender, 1)
    assert state["slots"]["topic"] == "burglary"

    # The audience, told on replica 0, is known on replica 1.
    chat(0, token, "it's for my elderly mum who lives alone")
    asked = chat(1, token, "I want to report a crime")
    assert tracker(cluster, sender, 1)["slots"]["audience"]
    # The report form, started on replica 1, goes on on replica 0.
    no = next(b["payload"] for r in asked for b in r.get("buttons") or [] if b["payload"].startswith("/deny"))
    chat(0, token, no)
    state = tracker(cluster, sender, 0)
    assert state["active_loop"].get("name") == "report_form"
    # Not happening now, and the conversation's topic (burglary, from replica 0)
    # says what kind of crime it is: the form skips to its last question.
    assert state["slots"]["happening_now"] is False
    assert state["slots"]["requested_slot"] == "anonymous"

    # Each replica's Service connection count moved: both replicas answered.
    assert cluster.balancer.served[RASA_PORTS[0]] >= served.get(RASA_PORTS[0], 0) + 3
    assert cluster.balancer.served[RASA_PORTS[1]] >= served.get(RASA_PORTS[1], 0) + 2
    whole_and_in_order(
        stored(cluster, sender),
        [
            "how do I stop burglars getting into my house",
            "more tips",
            "it's for my elderly mum who lives alone",
            "I want to report a crime",
            no,
        ],
    )


def test_two_messages_at_the_same_moment_through_two_replicas_are_taken_in_turn(cluster: Cluster) -> None:
    pairs = [("how do I keep my bike safe", "what about my car"), ("is my shed secure", "and my garage")]
    conversations = []
    for a, b in pairs * 3:
        token = new_token(0)
        assert chat(0, token, "hello")
        conversations.append((token, a, b))

    def at_once(token: str, a: str, b: str) -> Tuple[List[str], List[str]]:
        start = threading.Barrier(2)

        def send(web: int, text: str) -> List[str]:
            start.wait()
            return texts(chat(web, token, text))

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            first, second = pool.submit(send, 0, a), pool.submit(send, 1, b)
            return first.result(), second.result()

    for token, a, b in conversations:
        first, second = at_once(token, a, b)
        assert first and second and ERROR_REPLY not in first + second, (first, second)
        lines = stored(cluster, sender_of(token))
        said = [text for who, text in lines if who == "user"]
        assert said in (["hello", a, b], ["hello", b, a]), said
        whole_and_in_order(lines, said)


def test_killing_a_rasa_replica_mid_traffic_loses_nothing_and_moves_the_traffic(cluster: Cluster) -> None:
    script = [
        "how do I keep my bike safe",
        "what about my car",
        "and my shed",
        "how do I report a theft",
        "thanks",
        "one more thing, what about my garden tools",
    ]
    tokens = [new_token(i % 2) for i in range(6)]
    answers: Dict[str, List[List[str]]] = {token: [] for token in tokens}

    def resident(index: int, token: str) -> None:
        for text in script:
            answers[token].append(texts(chat(index % 2, token, text)))  # raises on any HTTP error
            time.sleep(0.4)

    try:
        with concurrent.futures.ThreadPoolExecutor(len(tokens)) as pool:
            running = [pool.submit(resident, i, token) for i, token in enumerate(tokens)]
            time.sleep(1.5)
            cluster.replicas.kill("rasa-0")  # SIGKILL: no goodbye, in-flight messages cut off
            killed = time.monotonic()
            for future in running:
                future.result()

        for token in tokens:
            assert all(replies and replies[0].strip() for replies in answers[token]), answers[token]
        # The traffic moved at once: most conversations' last message got a real answer
        # from the surviving replica. A conversation whose message was inside the killed
        # replica waits for that replica's lock to expire (RASA_LOCK_SECONDS)...
        moved = [token for token in tokens if ERROR_REPLY not in answers[token][-1]]
        assert len(moved) >= len(tokens) - 2, answers
        # ...and then every conversation is answered by the surviving replica, no restart.
        time.sleep(max(0.0, killed + LOCK_SECONDS + 1 - time.monotonic()))
        for index, token in enumerate(tokens):
            later = texts(chat(index % 2, token, "thanks"))
            assert later and ERROR_REPLY not in later, later
        wait_for_outboxes(cluster)
        for token in tokens:
            whole_and_in_order(stored(cluster, sender_of(token)), [*script, "thanks"])
    finally:
        cluster.replicas.start("rasa-0")
        cluster.replicas.wait_ready("rasa-0")


def test_a_publish_reaches_every_replica_in_time(cluster: Cluster) -> None:
    from bot.content.store import Actor, ContentStore

    store = ContentStore(cluster.database_url)
    words = (
        f"Thank you. Replica check {time.time_ns()}. In an emergency call {{{{ ch.emergency_999.phone }}}}."
    )
    draft = store.save_draft(
        "reply/utter_thank", {"text": words}, Actor("suite-editor", "editor"), submit=True
    )
    store.publish(draft.id, Actor("suite-publisher", "publisher"))
    published = time.monotonic()
    expected = words.replace("{{ ch.emergency_999.phone }}", "999")
    seen: Dict[int, float] = {}
    tokens = [new_token(0), new_token(1)]
    while len(seen) < 2 and time.monotonic() - published < 15:
        for web in (0, 1):
            if web not in seen and expected in texts(chat(web, tokens[web], "thank you")):
                seen[web] = time.monotonic() - published
        time.sleep(0.1)
    # web-0 asks Rasa replica 0 and web-1 replica 1: both replicas' replies changed.
    assert set(seen) == {0, 1}, f"not live on every replica after 15 s: {seen}"
    assert max(seen.values()) <= RELOAD_SECONDS + 1, seen


def test_a_telegram_update_delivered_to_two_replicas_is_answered_once(cluster: Cluster) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": cluster.replicas.telegram_secret}

    def deliver(web: int, update: Dict[str, Any]) -> None:
        post_json(web_url(web) + "/telegram/webhook", update, headers)

    def sent_to(chat_id: int) -> int:
        return sum(1 for call in cluster.telegram.sent() if int(call.params.get("chat_id", 0)) == chat_id)

    once, twice = 910001, 910002
    deliver(0, message_update(7_000_001, once, "how do I keep my bike safe"))
    duplicate = message_update(7_000_002, twice, "how do I keep my bike safe")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda web: deliver(web, duplicate), (0, 1)))
    deadline = time.monotonic() + 20
    while (sent_to(once) == 0 or sent_to(twice) == 0) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # room for a second answer to show, if there were one
    assert sent_to(once) > 0
    assert sent_to(twice) == sent_to(once)


def test_telegram_rate_limits_count_across_replicas(cluster: Cluster) -> None:
    chat_id = 910003
    for n in range(TELEGRAM_CHAT_LIMIT + 2):
        update = message_update(
            7_100_000 + n, chat_id, f"hello number {'one two three four five'.split()[n]}"
        )
        post_json(
            web_url(n % 2) + "/telegram/webhook",
            update,
            {"X-Telegram-Bot-Api-Secret-Token": cluster.replicas.telegram_secret},
        )
        time.sleep(0.3)
    deadline = time.monotonic() + 20
    warned: List[str] = []
    while not warned and time.monotonic() < deadline:
        warned = [
            str(call.params.get("text"))
            for call in cluster.telegram.sent()
            if int(call.params.get("chat_id", 0)) == chat_id
            and SLOW_DOWN.split(".")[0] in str(call.params.get("text"))
        ]
        time.sleep(0.2)
    # Alternating replicas, each saw at most 3 of the 5: only a shared count warns.
    assert len(warned) == 1, warned


def test_a_rolling_replacement_under_light_load_shows_no_resident_an_error(cluster: Cluster) -> None:
    live_webs = [0, 1]
    in_flight = {0: 0, 1: 0}
    lock = threading.Lock()
    problems: List[str] = []
    answered = [0]
    stop = threading.Event()

    def resident(seed: int) -> None:
        token = new_token(seed % 2)
        lines = ["how do I keep my bike safe", "what about my car", "thanks"]
        n = seed
        while not stop.is_set():
            with lock:
                web = live_webs[n % len(live_webs)]
                in_flight[web] += 1
            try:
                replies = texts(chat(web, token, lines[n % len(lines)]))
                if not replies or not replies[0].strip() or ERROR_REPLY in replies:
                    problems.append(f"web-{web}: {replies}")
                answered[0] += 1
            except (urllib.error.URLError, OSError) as error:
                problems.append(f"web-{web}: {error}")
            finally:
                with lock:
                    in_flight[web] -= 1
            n += 1
            time.sleep(0.4)

    def drained(check: Any, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not check() and time.monotonic() < deadline:
            time.sleep(0.05)

    replicas, balancer = cluster.replicas, cluster.balancer
    threads = [threading.Thread(target=resident, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)
        for name, port in (
            ("actions-0", ACTIONS_PORTS[0]),
            ("actions-1", ACTIONS_PORTS[1]),
            ("rasa-0", RASA_PORTS[0]),
            ("rasa-1", RASA_PORTS[1]),
        ):
            balancer.take_out(port)  # readiness fails: the Service stops sending it work
            drained(lambda port=port: balancer.idle(port))
            assert replicas.stop(name) in (0, -15), f"{name} did not stop cleanly"
            replicas.start(name)
            replicas.wait_ready(name)
            balancer.put_back(port)
        for web in (0, 1):
            with lock:
                live_webs.remove(web)
            drained(lambda web=web: in_flight[web] == 0)
            replicas.stop(f"web-{web}")
            replicas.start(f"web-{web}")
            replicas.wait_ready(f"web-{web}")
            with lock:
                live_webs.append(web)
        time.sleep(1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    assert answered[0] >= 20, f"only {answered[0]} messages were answered during the rollout"
    assert problems == []
