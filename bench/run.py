"""Benchmark this assistant against a stock `rasa init` one (`make bench`).

Starts each assistant in turn (timed), loads it at several concurrency
levels, reads each process's peak memory, times the training of both models,
then prints the comparison, writes bench/results/latest.json and rewrites
bench/README.md. Child processes' logs go to bench/results/logs/.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

from bench import load, procs, report

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MODEL = ROOT / "models" / "essex.tar.gz"
RASA = Path(sys.executable).parent / "rasa"
PORTS = {"rasa": 25005, "actions": 25055, "web": 25080, "stock": 25006}
LEVELS = {1: 150, 8: 400, 32: 600}  # concurrency -> messages


def train_essex(scratch: Path) -> float:
    command = [str(RASA), "train", "--config", "config.yml", "--domain", "domain.yml", "--data", "nlu"]
    command += ["--out", str(scratch / "essex-model"), "--fixed-model-name", "bench", "--force", "--quiet"]
    env = procs.child_env(RASA_CACHE_DIRECTORY=str(scratch / "essex-cache"))
    return procs.timed(command, ROOT, env, "train-essex")


def init_stock(scratch: Path) -> Tuple[Path, float]:
    """`rasa init --no-prompt` creates the stock project and trains its model; timed as a whole."""
    project = scratch / "stock"
    project.mkdir()
    env = procs.child_env(RASA_CACHE_DIRECTORY=str(scratch / "stock-cache"))
    command = [str(RASA), "init", "--no-prompt", "--init-dir", str(project)]
    return project, procs.timed(command, project, env, "init-stock")


def serve_and_load(
    command: Sequence[str],
    cwd: Path,
    env: Dict[str, str],
    name: str,
    probes: List[Tuple[str, bytes]],
    target: load.Target,
) -> Dict[str, Any]:
    started = time.monotonic()
    with procs.running(command, cwd, env, name) as process:
        startup = procs.wait_ready(process, probes, started, name)
        print(f"{name}: ready in {startup:.1f} s", flush=True)
        levels = asyncio.run(load.measure(target, LEVELS))
        memory = procs.memory_by_process(process.pid)
        errors = procs.log_errors(name)
    if errors:
        print(
            f"WARNING: {errors} error lines in {procs.LOGS / name}.log; the figures may not be valid",
            flush=True,
        )
    return {"startup_s": round(startup, 2), "load": levels, "memory_mb": memory, "log_errors": errors}


def log_level() -> str:
    """The stack's LOG_LEVEL: production's default, INFO, unless set for the run."""
    return os.environ.get("LOG_LEVEL", "INFO").upper()


def bench_essex(scratch: Path) -> Dict[str, Any]:
    procs.require_free(PORTS["rasa"], PORTS["actions"], PORTS["web"])
    token = secrets.token_urlsafe(24)
    var = scratch / "var"
    var.mkdir()
    rasa, actions = f"http://127.0.0.1:{PORTS['rasa']}", f"http://127.0.0.1:{PORTS['actions']}"
    env = procs.child_env(
        VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'conversations.db'}",
        RASA_AUTH_TOKEN=token,
        RASA_PORT=str(PORTS["rasa"]),
        ACTIONS_PORT=str(PORTS["actions"]),
        WEB_PORT=str(PORTS["web"]),
        ACTION_ENDPOINT_URL=f"{actions}/webhook",
        LOG_LEVEL=log_level(),
    )
    probes = [(f"{rasa}/status?token={token}", b"model_id"), (f"{actions}/health", b"")]
    target = load.Target(f"{rasa}/webhooks/resident/webhook", token)
    return serve_and_load([sys.executable, "-m", "bot.supervisor"], ROOT, env, "essex", probes, target)


def bench_stock(project: Path) -> Dict[str, Any]:
    procs.require_free(PORTS["stock"])
    url = f"http://127.0.0.1:{PORTS['stock']}"
    command = [str(RASA), "run", "--enable-api", "-p", str(PORTS["stock"]), "-i", "127.0.0.1"]
    command += ["--model", str(project / "models")]
    probes = [(f"{url}/status", b"model_id")]
    return serve_and_load(
        command, project, procs.child_env(), "stock", probes, load.Target(f"{url}/webhooks/rest/webhook")
    )


def measure_all() -> Dict[str, Any]:
    """The stack first (a broken stack fails fast), then the stock assistant, then the training."""
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        scratch = Path(name)
        essex = bench_essex(scratch)
        print("creating and training the stock assistant...", flush=True)
        project, stock_training = init_stock(scratch)
        print(f"trained in {stock_training:.0f} s", flush=True)
        stock = bench_stock(project)
        print("training this project's model...", flush=True)
        essex_training = train_essex(scratch)
        print(f"trained in {essex_training:.0f} s", flush=True)
    essex["training_s"], stock["training_s"] = round(essex_training, 1), round(stock_training, 1)
    return {"essex": essex, "stock": stock}


def config() -> Dict[str, Any]:
    return {
        "levels": LEVELS,
        "warmup": load.WARMUP_MESSAGES,
        "timeout_s": load.REQUEST_TIMEOUT_S,
        "distinct_messages": len(load.GREETINGS) + len(load.QUESTIONS) + len(load.CLOSERS),
        "ports": PORTS,
        "log_level": log_level(),
    }


def publish(results: Dict[str, Any], date: datetime, seconds: float) -> None:
    outcome = {
        "date": date.strftime("%Y-%m-%d %H:%M"),
        "run_seconds": round(seconds, 1),
        "machine": report.machine(),
        "config": config(),
        "results": results,
        "targets": report.targets(results),
    }
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "latest.json").write_text(json.dumps(outcome, indent=2) + "\n")
    (BENCH / "README.md").write_text(report.readme(outcome))
    print("\n" + report.load_table(results) + "\n\n" + report.cost_table(results))
    print("\n" + report.targets_text(outcome["targets"]) + f"\n\nwhole run: {seconds / 60:.1f} min")


def _exit_on_sigterm(*_: object) -> None:
    sys.exit(143)  # unwinds through every `finally`, stopping what was started


def main() -> int:
    if not MODEL.exists():
        print(f"{MODEL} is missing: run `make train` (make bench does)", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    began, date = time.monotonic(), datetime.now(timezone.utc)
    results = measure_all()
    publish(results, date, time.monotonic() - began)
    return 0


if __name__ == "__main__":
    sys.exit(main())
