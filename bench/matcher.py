"""Benchmark of the question matcher (`make bench-matcher`).

On tests/matcher/heldout_wordings.yml (residents' wordings written by a
helper who saw only each question's usual wording, never its variants) it
measures, for each choice of features:

- top-1: the question the matcher ranks first is the right one, searching
  every question and leaflet (the hardest case: no topic known);
- top-1 in topic: searching only the right topic's questions (the case the
  conversation usually gives it, once the topic is known);
- the time one `rank` call takes, p50 and p95, over every wording;
- the time the whole decision adds per message (`actions.converse.decide`,
  which ranks up to four times), for a first message and for a follow-up
  in another topic.

It writes the table to bench/MATCHER.md.
"""

from __future__ import annotations

import datetime as dt
import platform
import statistics
import time
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from bot.content.matcher import Matcher, documents
from bot.content.model import Content
from bot.content.source import load_directory

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "tests" / "matcher" / "heldout_wordings.yml"
# Questions merged into another since the held-out set was written: their
# wordings count as right when they find the question that absorbed them.
MERGED = {"police_matters/noisy_neighbours": "antisocial_behaviour/noisy_neighbours"}
VARIANTS: Dict[str, Tuple[str, ...]] = {
    "words (1-2 grams)": ("word",),
    "characters (3-5 grams)": ("char",),
    "words + characters (chosen)": ("word", "char"),
}


def held_out(which: slice = slice(None)) -> List[Tuple[str, str]]:
    """(question key, wording) pairs; `which` picks wordings per question:
    slice(0, 1) the first (used to choose scoring and thresholds), slice(1, 2)
    the second (never looked at while choosing)."""
    data = yaml.safe_load(HELD_OUT.read_text())["wordings"]
    return [(MERGED.get(key, key), text) for key, texts in data.items() for text in texts[which]]


def measure(matcher: Matcher, cases: List[Tuple[str, str]]) -> Dict[str, float]:
    right = right_in_topic = 0
    times = []
    for key, text in cases:
        start = time.perf_counter()
        ranked = matcher.rank(text)
        times.append((time.perf_counter() - start) * 1000)
        right += bool(ranked) and ranked[0].key == key
        in_topic = matcher.rank(text, topics=[key.split("/")[0]], limit=1)
        right_in_topic += bool(in_topic) and in_topic[0].key == key
    times.sort()
    return {
        "top1": right / len(cases),
        "top1_topic": right_in_topic / len(cases),
        "p50": statistics.median(times),
        "p95": times[int(0.95 * (len(times) - 1))],
    }


def decision_times(
    content: Content, matcher: Matcher, cases: List[Tuple[str, str]]
) -> Dict[str, Tuple[float, float]]:
    from actions.converse import Turn, decide

    out = {}
    for name, current in (("first message of a topic", None), ("follow-up from another topic", "burglary")):
        times = []
        for key, text in cases:
            topic = key.split("/")[0]
            intent = topic if topic in content.topics else "police_matter"
            turn = Turn(intent, 0.7, text, current, None, ["advice/burglary/all/first"] if current else [])
            start = time.perf_counter()
            decide(content, matcher, turn)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
    return out


def main() -> int:
    content = load_directory(ROOT / "responses")
    cases = held_out()
    rows = []
    for name, features in VARIANTS.items():
        matcher = Matcher(documents(content), features)
        matcher.rank("warm up")
        rows.append((name, measure(matcher, cases)))
    chosen = Matcher(documents(content))
    decision = decision_times(content, chosen, cases)
    halves = {
        "first wordings (used to choose scoring and thresholds)": measure(chosen, held_out(slice(0, 1))),
        "second wordings (never used for choosing)": measure(chosen, held_out(slice(1, 2))),
    }
    lines = [
        "# Question matcher benchmark",
        "",
        f"`make bench-matcher` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; "
        f"{platform.python_version()}, {platform.machine()}.",
        f"{len(content.questions)} questions and {sum(1 for t in content.topics.values() if t.asked)} "
        f"topic leaflets; {len(cases)} held-out wordings ({HELD_OUT.relative_to(ROOT)}).",
        "",
        "| features | top-1 (all questions) | top-1 (within the topic) | p50 ms | p95 ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, row in rows:
        lines.append(
            f"| {name} | {row['top1']:.3f} | {row['top1_topic']:.3f} | {row['p50']:.2f} | {row['p95']:.2f} |"
        )
    lines += [
        "",
        "The chosen matcher on each half of the held-out set:",
        "",
        "| wordings | top-1 (all questions) | top-1 (within the topic) |",
        "| --- | --- | --- |",
    ]
    for name, row in halves.items():
        lines.append(f"| {name} | {row['top1']:.3f} | {row['top1_topic']:.3f} |")
    lines += [
        "",
        "Time the whole decision adds per message (`decide`, every held-out wording):",
        "",
        "| message | p50 ms | p95 ms |",
        "| --- | --- | --- |",
    ]
    for name, (p50, p95) in decision.items():
        lines.append(f"| {name} | {p50:.2f} | {p95:.2f} |")
    report = "\n".join(lines) + "\n"
    (ROOT / "bench" / "MATCHER.md").write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
