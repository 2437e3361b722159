"""The machine, the tables, the targets and bench/README.md."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version
from pathlib import Path
from typing import Any, Dict, List

P95_TARGET_MS = 150
NAMES = {"essex": "this project", "stock": "stock `rasa init`"}


def _first(path: str, prefix: str) -> str:
    line = next((line for line in Path(path).read_text().splitlines() if line.startswith(prefix)), "")
    return line.split(":", 1)[-1].strip() or "unknown"


def machine() -> Dict[str, Any]:
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": _first("/proc/cpuinfo", "model name"),
        "ram_gb": round(int(_first("/proc/meminfo", "MemTotal").split()[0]) / 1024**2, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "rasa": version("rasa"),
    }


def _row(cells: List[Any]) -> str:
    return "| " + " | ".join("-" if cell is None else str(cell) for cell in cells) + " |"


def _table(header: List[str], rows: List[List[Any]]) -> str:
    return "\n".join([_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)])


def load_table(results: Dict[str, Any]) -> str:
    header = [
        "assistant",
        "concurrency",
        "messages",
        "msg/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "empty",
    ]
    keys = ["concurrency", "messages", "msg_per_s", "p50_ms", "p95_ms", "p99_ms", "errors", "empty"]
    rows = [
        [NAMES[name]] + [level[key] for key in keys]
        for name, result in results.items()
        for level in result["load"]
    ]
    return _table(header, rows)


def cost_table(results: Dict[str, Any]) -> str:
    header = ["assistant", "training s", "start-up s", "peak memory (VmHWM) MB", "error lines in its log"]
    rows = []
    for name, result in results.items():
        memory = ", ".join(f"{process} {mb:.0f}" for process, mb in result["memory_mb"].items())
        total = sum(result["memory_mb"].values())
        rows.append(
            [
                NAMES[name],
                f"{result['training_s']:.0f}",
                f"{result['startup_s']:.1f}",
                f"{memory}; total {total:.0f}",
                result["log_errors"],
            ]
        )
    return _table(header, rows)


def targets(results: Dict[str, Any]) -> List[Dict[str, Any]]:
    first = results["essex"]["load"][0]
    p95 = first["p95_ms"]
    checks = [
        {
            "target": f"p95 at most {P95_TARGET_MS} ms at concurrency {first['concurrency']}",
            "measured": f"{p95} ms",
            "met": p95 is not None and p95 <= P95_TARGET_MS and first["errors"] == 0,
        }
    ]
    for ours, stock in zip(results["essex"]["load"], results["stock"]["load"], strict=True):
        checks.append(
            {
                "target": f"throughput no lower than the stock assistant's at concurrency {ours['concurrency']}",
                "measured": f"{ours['msg_per_s']} vs {stock['msg_per_s']} msg/s",
                "met": ours["msg_per_s"] >= stock["msg_per_s"],
            }
        )
    errors = {name: result["log_errors"] for name, result in results.items()}
    checks.append(
        {
            "target": "validity: no error lines in the assistants' logs",
            "measured": ", ".join(f"{NAMES[name]} {count}" for name, count in errors.items()),
            "met": not any(errors.values()),
        }
    )
    return checks


def targets_text(checks: List[Dict[str, Any]]) -> str:
    return "\n".join(
        f"- {check['target']}: {check['measured']}, **{'met' if check['met'] else 'NOT met'}**"
        for check in checks
    )


def readme(report: Dict[str, Any]) -> str:
    box, config = report["machine"], report["config"]
    levels = ", ".join(f"{n} at concurrency {c}" for c, n in config["levels"].items())
    return f"""# Load benchmark

`make bench` (`python -m bench.run`) measures this assistant against a stock
`rasa init` assistant in one run, prints the tables below, writes
`bench/results/latest.json` (git-ignored; the processes' logs go to
`bench/results/logs/`) and rewrites this file.

## Results

Run on {report["date"]} (UTC); the whole run took {report["run_seconds"] / 60:.1f} minutes.

Machine: {box["nproc"]} CPUs (nproc), {box["cpu"]}, {box["ram_gb"]} GB RAM; Linux {box["kernel"]},
Python {box["python"]}, Rasa {box["rasa"]}.

### Load (residents' messages)

{load_table(report["results"])}

### Training, start-up and memory

{cost_table(report["results"])}

### Targets

{targets_text(report["targets"])}

## Method

- **The two assistants** run one after the other on the same machine, never at
  the same time. This project runs as `make run` runs it (`python -m bot.supervisor`:
  Rasa, the action server and the web process, on ports {config["ports"]["rasa"]}, {config["ports"]["actions"]}
  and {config["ports"]["web"]}) with
  `models/essex.tar.gz`, a scratch `VAR_DIR`, a scratch SQLite database and
  `LOG_LEVEL={config["log_level"]}`, and is reached through its `resident` channel (bearer
  token). The baseline is the assistant `rasa init --no-prompt` creates (its
  `config.yml` leaves the pipeline and policies to Rasa's defaults), served by
  `rasa run --enable-api -p {config["ports"]["stock"]}` through Rasa's stock `rest` channel
  (in-memory tracker store, no action server), with the same Rasa.
- **Training**: wall time of `rasa train --config config.yml --domain domain.yml
  --data nlu --force` into a scratch directory, with an empty Rasa cache
  (`RASA_CACHE_DIRECTORY`), so every component is trained. `rasa init --no-prompt`
  trains the stock model itself while creating the project (copying its template
  takes well under a second), also with an empty cache; its wall time is the stock
  training time.
- **Start-up**: from starting the process until `GET /status` reports a `model_id`
  (and, for this project, the action server's `/health` answers), polled every 0.25 s.
- **Load**: an asyncio + aiohttp generator on the same machine. Each virtual user
  holds conversations (a fresh sender id each) of one to five messages drawn from
  {config["distinct_messages"]} typical residents' messages (an optional greeting, one to three
  questions such as "how do I stop my shed being broken into", an optional
  "thanks"), and sends its next message as soon as the reply has arrived (no think
  time). Concurrency is the number of virtual users. After {config["warmup"]} warm-up
  messages (not counted), each level sends a fixed number of messages:
  {levels}. The per-request timeout is {config["timeout_s"]} s.
  An error is a timeout, a connection failure, a status other than 200 or a body
  that is not a JSON list;
  "empty" counts replies that are an empty list (the assistant said nothing).
  msg/s is successful replies divided by the level's wall time; latency is from
  sending a request to having read the whole reply, over successful requests
  (percentiles: `statistics.quantiles`, inclusive method).
- **Validity**: a failing custom action still gets the resident a (fallback) reply,
  so after the load the assistants' logs are searched for error lines; any makes
  the figures suspect.
- **Memory**: VmHWM (peak resident set size since the process started, model
  loading included) of every process of each assistant, read from
  `/proc/<pid>/status` after the load; processes are found through the parent ids
  in `/proc/*/stat`. MB = 2^20 bytes.
- **Targets**: p95 at most {P95_TARGET_MS} ms at concurrency 1 (with no errors), and
  throughput no lower than the stock assistant's at each concurrency level.
- All traffic stays on 127.0.0.1. Every process is stopped at the end (SIGTERM to
  its process group), also when the run fails.
"""
