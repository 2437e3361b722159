"""Cold start to first real reply: `python -m bench.cold_start` (RUNS, default 3).

Starts the whole set as `make run` does (bot.supervisor, on a scratch
database and ports of its own) and times, from the moment it is started:
the web process answering /healthz, and the first real (not fallback) reply to a resident's question through
/api/chat, which is sent as soon as the web process answers. Writes
bench/COLD_START.md.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path(__file__).resolve().parent / "COLD_START.md"
PORTS = {"RASA_PORT": "21005", "ACTIONS_PORT": "21055", "WEB_PORT": "21080"}  # below the ephemeral range
QUESTION = "how do I stop my shed being broken into"
FALLBACK_MARK = "went wrong"


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _post(url: str, body: Dict[str, str]) -> Optional[Dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except OSError:
        return None


def one_start() -> Dict[str, float]:
    web = f"http://127.0.0.1:{PORTS['WEB_PORT']}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "RASA_URL")
    }
    env.update(PORTS, VAR_DIR=tempfile.mkdtemp(prefix="essex-cold-"), RASA_TELEMETRY_ENABLED="false")
    env.pop("TELEGRAM_BOT_TOKEN", None)
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.supervisor"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    times: Dict[str, float] = {}
    try:
        while time.monotonic() - started < 300 and "first_reply" not in times:
            if "web" not in times and _get(f"{web}/healthz") == 200:
                times["web"] = time.monotonic() - started
            if "web" in times:
                session = _post(f"{web}/api/session", {})
                if session:
                    # Sent as a resident would, as soon as the page answers.
                    answer = _post(f"{web}/api/chat", {"token": session["token"], "message": QUESTION})
                    text = " ".join(m["text"] for m in (answer or {}).get("messages", []))
                    if text and FALLBACK_MARK not in text:
                        times["first_reply"] = time.monotonic() - started
            time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(30)
    return times


def main() -> int:
    runs: List[Dict[str, float]] = [one_start() for _ in range(int(os.environ.get("RUNS", "3")))]
    rows = []
    for key, label in (("web", "web process answers /healthz"), ("first_reply", "first real reply")):
        values = [run[key] for run in runs if key in run]
        rows.append(
            f"| {label} | {' / '.join(f'{v:.1f}' for v in values)} | {statistics.median(values):.1f} |"
        )
    REPORT.write_text(
        f"""# Cold start

`python -m bench.cold_start`: the whole set started as `make run` starts it
(a warm disk cache: the model and packages have been read before), timed
from the supervisor's start. A resident's question is sent as soon as the
web process answers; the first real reply is the first that is not the
fallback. Run on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} (UTC), {os.cpu_count()} CPUs.

| seconds to | runs | median |
| --- | --- | --- |
{chr(10).join(rows)}
"""
    )
    print(REPORT.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
