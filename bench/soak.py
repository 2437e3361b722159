"""Soak benchmark: `make soak` (SOAK_MINUTES, default 30).

The real processes (tests/processes.py: action server, Rasa, web, on a
PostgreSQL and Redis of their own, production budgets) take a realistic mix
of residents' conversations through the public chat API at the expected
peak (SOAK_RATE messages a second, default 5: a busy evening's 18,000
messages an hour for the whole county). Every FAULT_EVERY seconds one
dependency in turn is stopped or frozen for FAULT_SECONDS and restored.

Reported in bench/SOAK.md (and bench/results/soak.json):
- resident-facing errors (no reply, HTTP error, over the deadline) inside
  and outside the fault windows (a window runs until 30 s after restore);
- p95 latency per five minutes;
- resident set size of every process, after warm-up and at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import aiohttp

from bench.load import CLOSERS, GREETINGS, QUESTIONS
from tests.processes import WEB_PORT, Processes

RESULTS = Path(__file__).resolve().parent / "results"
REPORT = Path(__file__).resolve().parent / "SOAK.md"
DEADLINE = 12.0  # the production MESSAGE_DEADLINE_SECONDS
RECOVERY_GRACE = 30.0
WINDOW = 300.0
DANGER = ["someone is breaking into my house right now", "my partner is hitting me right now"]
CRISIS = ["I want to kill myself tonight"]
FAULTS = [(d, m) for m in ("stopped", "hung") for d in ("redis", "postgres", "actions", "rasa")]


@dataclass
class Sample:
    at: float
    seconds: float
    ok: bool
    kind: str  # "danger", "crisis" or "other"
    problem: str = ""


@dataclass
class Run:
    samples: List[Sample] = field(default_factory=list)
    faults: List[Tuple[float, float, str]] = field(default_factory=list)  # start, restored, name
    # process name -> pid -> [(when, MB)]: a restarted process is a new series
    rss: Dict[str, Dict[int, List[Tuple[float, float]]]] = field(default_factory=dict)

    def in_fault(self, at: float) -> bool:
        return any(start <= at <= restored + RECOVERY_GRACE for start, restored, _ in self.faults)


def rss_mb(pid: int) -> Optional[float]:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def conversation(rng: random.Random) -> List[Tuple[str, str]]:
    said = [(rng.choice(GREETINGS), "other")]
    said += [(q, "other") for q in rng.sample(QUESTIONS, rng.randint(1, 3))]
    roll = rng.random()
    if roll < 0.05:
        said.append((rng.choice(DANGER), "danger"))
    elif roll < 0.07:
        said.append((rng.choice(CRISIS), "crisis"))
    return said + [(rng.choice(CLOSERS), "other")]


async def resident(
    session: aiohttp.ClientSession, base: str, run: Run, rng: random.Random, until: float
) -> None:
    while time.monotonic() < until:
        try:
            async with session.post(f"{base}/api/session", json={}) as response:
                token = (await response.json())["token"]
        except Exception:
            await asyncio.sleep(1)
            continue
        for text, kind in conversation(rng):
            if time.monotonic() >= until:
                return
            started = time.monotonic()
            problem = ""
            try:
                async with session.post(
                    f"{base}/api/chat", json={"token": token, "message": text}
                ) as response:
                    body = await response.json()
                    replies = [m.get("text", "") for m in body.get("messages", [])]
                    if response.status != 200:
                        problem = f"HTTP {response.status}"
                    elif not replies or not replies[0].strip():
                        problem = "empty reply"
                    elif kind == "danger" and "999" not in replies[0]:
                        problem = "danger without 999 first"
                    elif kind == "crisis" and not any("116 123" in r for r in replies):
                        problem = "crisis without Samaritans"
            except Exception as error:
                problem = type(error).__name__
            seconds = time.monotonic() - started
            if not problem and seconds > DEADLINE + 1:
                problem = "over the deadline"
            run.samples.append(Sample(time.time(), seconds, not problem, kind, problem))
            await asyncio.sleep(rng.uniform(0.5, 1.5))


async def sample_memory(processes: Processes, run: Run, until: float) -> None:
    while time.monotonic() < until:
        for name in ("web", "rasa", "actions", "redis"):
            child = processes.children.get(name)
            if child is not None and (mb := rss_mb(child.pid)) is not None:
                run.rss.setdefault(name, {}).setdefault(child.pid, []).append((time.time(), mb))
        try:
            main = processes.postgres.pids()[0]
            if (mb := rss_mb(main)) is not None:
                run.rss.setdefault("postgres", {}).setdefault(main, []).append((time.time(), mb))
        except (OSError, ValueError, IndexError):
            pass
        await asyncio.sleep(30)


async def inject_faults(processes: Processes, run: Run, until: float, every: float, hold: float) -> None:
    loop = asyncio.get_running_loop()
    for n in range(10**6):
        await asyncio.sleep(every - hold)
        if time.monotonic() + hold + 60 > until:
            return
        dependency, mode = FAULTS[n % len(FAULTS)]
        frozen = processes.pids(dependency) if mode == "hung" else []
        start = time.time()
        await loop.run_in_executor(None, processes.break_, dependency, mode)
        await asyncio.sleep(hold)
        await loop.run_in_executor(None, processes.restore, dependency, mode, frozen)
        run.faults.append((start, time.time(), f"{dependency} {mode}"))


async def soak(processes: Processes, minutes: float, rate: float) -> Run:
    run = Run()
    until = time.monotonic() + minutes * 60
    # Each resident sends about one message a second (0.5-1.5 s between messages).
    residents = max(1, round(rate))
    rng = random.Random(7)
    every = float(os.environ.get("FAULT_EVERY", "180"))
    hold = float(os.environ.get("FAULT_SECONDS", "20"))
    timeout = aiohttp.ClientTimeout(total=DEADLINE + 20)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        base = f"http://127.0.0.1:{WEB_PORT}"
        await asyncio.gather(
            *(resident(session, base, run, random.Random(rng.random()), until) for _ in range(residents)),
            sample_memory(processes, run, until),
            inject_faults(processes, run, until, every, hold),
        )
    return run


def summarise(run: Run, minutes: float, rate: float) -> Dict[str, Any]:
    first = run.samples[0].at if run.samples else time.time()
    outside = [s for s in run.samples if not run.in_fault(s.at)]
    inside = [s for s in run.samples if run.in_fault(s.at)]
    windows = []
    for start in range(0, int(minutes * 60), int(WINDOW)):
        cut = [s.seconds for s in run.samples if start <= s.at - first < start + WINDOW]
        if len(cut) >= 20:
            windows.append(
                {
                    "minutes": f"{start // 60}-{(start + int(WINDOW)) // 60}",
                    "messages": len(cut),
                    "p50_ms": round(statistics.median(cut) * 1000, 1),
                    "p95_ms": round(statistics.quantiles(cut, n=20)[18] * 1000, 1),
                }
            )
    memory = {}
    for name, by_pid in run.rss.items():
        # The longest-lived process of that name, from two minutes into its life.
        points = max(by_pid.values(), key=lambda series: series[-1][0] - series[0][0])
        settled = [mb for at, mb in points if at - points[0][0] >= 120] or [mb for _, mb in points]
        memory[name] = {
            "after_warmup_mb": round(settled[0], 1),
            "end_mb": round(settled[-1], 1),
            "growth_pct": round((settled[-1] - settled[0]) / settled[0] * 100, 1),
            "minutes": round((points[-1][0] - points[0][0]) / 60, 1),
            "restarts": len(by_pid) - 1,
            "series": [(round((at - points[0][0]) / 60, 1), round(mb, 1)) for at, mb in points],
        }
    problems: Dict[str, int] = {}
    for sample in outside:
        if not sample.ok:
            problems[sample.problem] = problems.get(sample.problem, 0) + 1
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "minutes": minutes,
        "target_rate": rate,
        "messages": len(run.samples),
        "achieved_rate": round(len(run.samples) / (minutes * 60), 2),
        "outside_faults": {
            "messages": len(outside),
            "errors": sum(not s.ok for s in outside),
            "by_problem": problems,
        },
        "inside_faults": {
            "messages": len(inside),
            "errors": sum(not s.ok for s in inside),
            "danger_without_999": sum(s.problem == "danger without 999 first" for s in inside),
        },
        "faults": [name for _, _, name in run.faults],
        "fault_every": float(os.environ.get("FAULT_EVERY", "180")),
        "fault_seconds": float(os.environ.get("FAULT_SECONDS", "20")),
        "windows": windows,
        "memory": memory,
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
    }


def report(summary: Dict[str, Any]) -> str:
    rows = "\n".join(
        f"| {w['minutes']} | {w['messages']} | {w['p50_ms']} | {w['p95_ms']} |" for w in summary["windows"]
    )
    memory = "\n".join(
        f"| {name} | {m['minutes']} | {m['after_warmup_mb']} | {m['end_mb']} | {m['growth_pct']}% | {m['restarts']} |"
        for name, m in sorted(summary["memory"].items())
    )
    outside, inside = summary["outside_faults"], summary["inside_faults"]
    return f"""# Soak benchmark

`make soak` (`python -m bench.soak`): {summary["minutes"]:g} minutes of residents' conversations
through the public chat API at {summary["target_rate"]:g} messages a second (achieved
{summary["achieved_rate"]}), with one dependency stopped or frozen for 20 s every three
minutes, in turn: {", ".join(summary["faults"])}. The processes run with the
production budgets (12 s message deadline). Rewritten by each run.

Run on {summary["date"]} (UTC); {summary["machine"]}.

## Errors a resident met

| | messages | errors |
| --- | --- | --- |
| outside the fault windows | {outside["messages"]} | {outside["errors"]} {outside["by_problem"] or ""} |
| inside (fault, and 30 s after restore) | {inside["messages"]} | {inside["errors"]} |

An error is no reply, an HTTP error, a reply later than the deadline plus
one second, a danger message whose first reply lacks 999, or a self-harm
message without Samaritans. Danger messages without 999 inside fault windows:
{inside["danger_without_999"]}.

## Latency over time

| minutes | messages | p50 ms | p95 ms |
| --- | --- | --- | --- |
{rows}

## Memory (resident set size)

| process | minutes measured | after 2 min MB | end MB | growth | restarts |
| --- | --- | --- | --- | --- | --- |
{memory}

A process stopped by a fault is restarted; its figures are those of its
longest-lived process, from two minutes into that process's life.
"""


def main() -> int:
    minutes = float(os.environ.get("SOAK_MINUTES", "30"))
    rate = float(os.environ.get("SOAK_RATE", "5"))
    processes = Processes(Path(tempfile.mkdtemp(prefix="essex-soak-")))
    try:
        processes.start_all()
        run = asyncio.run(soak(processes, minutes, rate))
    finally:
        processes.stop_all()
    summary = summarise(run, minutes, rate)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(summary, indent=2))
    REPORT.write_text(report(summary))
    print(REPORT.read_text())
    return 0 if summary["outside_faults"]["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
