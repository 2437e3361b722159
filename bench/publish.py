"""How long a publish takes to reach residents, and what the editor's checks
cost (`make bench-publish`).

Starts the assistant as `make run` does (bench ports, a scratch SQLite
database, or BENCH_DATABASE_URL for PostgreSQL), then repeatedly publishes a
changed reply through the content store and asks the assistant for that reply
until the new words come back. Also times the checks run on every save and a
preview. Prints the figures, writes bench/results/publish.json and rewrites
bench/PUBLISH.md (the figures, with how they were measured).
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

from bench import procs
from bench.run import PORTS, ROOT

RUNS = int(os.environ.get("BENCH_PUBLISH_RUNS", "20"))
EDITOR_KEY = "reply/utter_thank"


def summary(values: List[float]) -> Dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 3),
        "p95": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 3),
        "max": round(ordered[-1], 3),
    }


def main() -> int:
    from bot.admin import checks
    from bot.admin.preview import panes
    from bot.channels.rasa_webhook import send
    from bot.content.store import Actor, ContentStore, staged_content

    procs.require_free(PORTS["rasa"], PORTS["actions"], PORTS["web"])
    scratch = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{scratch / 'bench.db'}"
    token = secrets.token_urlsafe(16)
    env = procs.child_env(
        VAR_DIR=str(scratch),
        DATABASE_URL=url,
        RASA_AUTH_TOKEN=token,
        RASA_PORT=str(PORTS["rasa"]),
        ACTIONS_PORT=str(PORTS["actions"]),
        WEB_PORT=str(PORTS["web"]),
    )
    rasa = f"http://127.0.0.1:{PORTS['rasa']}"
    with procs.running([sys.executable, "-m", "bot.supervisor"], ROOT, env, "publish-stack") as process:
        procs.wait_ready(
            process, [(f"{rasa}/status?token={token}", b"model_id")], time.monotonic(), "publish-stack"
        )
        store = ContentStore(url)
        editor, publisher = Actor("bench-editor", "editor"), Actor("bench-publisher", "publisher")
        latencies, check_times, warm_check_times, preview_times = [], [], [], []
        for run in range(RUNS):
            words = f"You're welcome (bench {run} {secrets.token_hex(3)})."
            live = store.live()
            started = time.perf_counter()
            # The first save after a publish also checks the new live content once...
            checks.draft_problems(store.revision(), live, EDITOR_KEY, {"text": words})
            check_times.append(time.perf_counter() - started)
            # ...later saves check only what the entry can change.
            started = time.perf_counter()
            checks.draft_problems(store.revision(), live, EDITOR_KEY, {"text": words + " "})
            warm_check_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            panes(staged_content(live, EDITOR_KEY, {"text": words}), EDITOR_KEY)
            preview_times.append(time.perf_counter() - started)

            draft = store.save_draft(EDITOR_KEY, {"text": words}, editor, submit=True)
            store.publish(draft.id, publisher)
            published = time.perf_counter()
            while True:
                reply = send(f"bench-{run}-{time.monotonic_ns()}", "thank you", base_url=rasa, token=token)
                if any(words == (message.get("text") or "") for message in reply):
                    break
                if time.perf_counter() - published > 30:
                    raise RuntimeError("a publish was not live after 30 s")
                time.sleep(0.05)
            latencies.append(time.perf_counter() - published)
    result = {
        "database": url.split(":", 1)[0],
        "runs": RUNS,
        "publish_to_reply_seconds": summary(latencies),
        "checks_on_first_save_after_a_publish_seconds": summary(check_times),
        "checks_on_save_seconds": summary(warm_check_times),
        "preview_seconds": summary(preview_times),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "publish.json").write_text(json.dumps(result, indent=2) + "\n")
    (ROOT / "bench" / "PUBLISH.md").write_text(report(result))
    return 0


def report(result: Dict) -> str:
    rows = [
        ("publish to the reply residents get", "publish_to_reply_seconds"),
        ("checks on save", "checks_on_save_seconds"),
        ("checks on the first save after a publish", "checks_on_first_save_after_a_publish_seconds"),
        ("preview (render every pane)", "preview_seconds"),
    ]
    table = "\n".join(
        f"| {label} | {result[key]['median']} | {result[key]['p95']} | {result[key]['max']} |"
        for label, key in rows
    )
    return f"""# Publishing benchmark (`make bench-publish`)

Written by `bench/publish.py`; {result["runs"]} runs on {result["database"]}, {time.strftime("%Y-%m-%d")}.
PostgreSQL: `BENCH_DATABASE_URL=postgresql://... make bench-publish`.

| seconds | median | p95 | max |
|---|---|---|---|
{table}

- **Publish to reply**: from the publish's commit until a message to the
  running assistant (Rasa's `resident` channel, a new conversation each try,
  retried every 50 ms) gets the new words. Each process checks the
  publication counter every `CONTENT_RELOAD_SECONDS` (2), so the figure is
  at most about 2 s plus one reply. Target: a few seconds.
- **Checks on save**: `bot.admin.checks.draft_problems` on a changed reply
  (the checks the editor runs on save and in the live preview). The first save
  after any publish also checks the whole new live content once.
- **Preview**: rendering the preview panes for the website chat and Telegram.
"""


if __name__ == "__main__":
    sys.exit(main())
