"""Asyncio + aiohttp load generator: virtual users holding short conversations.

Each virtual user opens conversations (a fresh sender id each) of one to five
messages drawn from residents' typical messages, and sends the next message
as soon as the previous reply has arrived (closed loop, no think time). A
level stops after a fixed number of messages, shared by its users.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Tuple

import aiohttp

from bot.channels.rasa_webhook import new_sender_id

REQUEST_TIMEOUT_S = 30
WARMUP_MESSAGES = 20

GREETINGS = ["hi", "hello there", "good morning"]
QUESTIONS = [
    "how do I stop my shed being broken into",
    "my nan keeps getting calls from someone saying they're the bank",
    "someone keeps trying to get into my facebook account",
    "how can I stop my catalytic converter being stolen",
    "there are kids riding motorbikes on the green every night",
    "I think someone is dealing drugs from the flat next door",
    "I got a text saying I owe a fee for a parcel, is it a scam",
    "how do I keep my bike safe at the station in Chelmsford",
    "my ex keeps turning up at my work and messaging me",
    "someone shouted racist abuse at me on the bus",
    "how do I report a crime",
    "can I report something without giving my name",
    "our quad bike was taken from the farm last night",
    "I run a shop in Colchester and we keep getting shoplifters",
    "what can you help with",
]
CLOSERS = ["thanks", "thank you, that's helpful", "bye"]


@dataclass(frozen=True)
class Target:
    """Where to post; with a token, the project's resident channel, else Rasa's stock REST channel."""

    url: str
    token: str | None = None

    def request(self, sender: str, text: str) -> Tuple[Dict[str, Any], Dict[str, str]]:
        if self.token is None:
            return {"sender": sender, "message": text}, {}
        body = {"sender": sender, "message": text, "metadata": {"channel": "rest"}}
        return body, {"Authorization": f"Bearer {self.token}"}


@dataclass
class Tally:
    latencies_ms: List[float] = field(default_factory=list)
    errors: int = 0
    empty: int = 0


def conversation(rng: random.Random) -> List[str]:
    """A greeting (sometimes), one to three questions, thanks or bye (sometimes)."""
    turns = rng.sample(QUESTIONS, rng.randint(1, 3))
    if rng.random() < 0.6:
        turns.insert(0, rng.choice(GREETINGS))
    if rng.random() < 0.6:
        turns.append(rng.choice(CLOSERS))
    return turns


async def post(session: aiohttp.ClientSession, target: Target, sender: str, text: str, tally: Tally) -> None:
    body, headers = target.request(sender, text)
    start = time.perf_counter()
    try:
        async with session.post(target.url, json=body, headers=headers) as response:
            replies = await response.json(content_type=None)
            ok = response.status == 200 and isinstance(replies, list)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        ok, replies = False, None
    if not ok:
        tally.errors += 1
        return
    tally.latencies_ms.append((time.perf_counter() - start) * 1000)
    tally.empty += not replies


async def virtual_user(
    session: aiohttp.ClientSession,
    target: Target,
    tickets: Iterator[int],
    budget: int,
    seed: int,
    tally: Tally,
) -> None:
    """Hold conversations until the level's tickets (one per message) run out."""
    rng = random.Random(seed)
    for _ in range(budget):  # every conversation takes at least one of the `budget` tickets
        sender = new_sender_id()
        for text in conversation(rng):
            if next(tickets, None) is None:
                return
            await post(session, target, sender, text, tally)


def percentile(cuts: List[float], rank: int) -> float | None:
    return round(cuts[rank - 1], 1) if cuts else None


def summarise(concurrency: int, messages: int, seconds: float, tally: Tally) -> Dict[str, Any]:
    latencies = tally.latencies_ms
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else []
    return {
        "concurrency": concurrency,
        "messages": messages,
        "seconds": round(seconds, 2),
        "msg_per_s": round(len(latencies) / seconds, 2),
        "p50_ms": percentile(cuts, 50),
        "p95_ms": percentile(cuts, 95),
        "p99_ms": percentile(cuts, 99),
        "errors": tally.errors,
        "empty": tally.empty,
    }


async def run_level(target: Target, concurrency: int, messages: int, seed: int = 0) -> Dict[str, Any]:
    tickets = iter(range(messages))
    tally = Tally()
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.perf_counter()
        users = (
            virtual_user(session, target, tickets, messages, seed + index, tally)
            for index in range(concurrency)
        )
        await asyncio.gather(*users)
        seconds = time.perf_counter() - start
    return summarise(concurrency, messages, seconds, tally)


async def measure(target: Target, levels: Dict[int, int]) -> List[Dict[str, Any]]:
    """Warm up (not counted), then each concurrency level in turn."""
    await run_level(target, 1, WARMUP_MESSAGES, seed=10_000)
    results = []
    for concurrency, messages in levels.items():
        results.append(await run_level(target, concurrency, messages, seed=concurrency * 1000))
        print(f"  c={concurrency}: {results[-1]}", flush=True)
    return results
