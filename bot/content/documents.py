"""`responses/` as content entries, and back again.

The editor stores content as entries, each one thing a comms officer edits:

    channel/<id>             a reporting channel (channels.yml)
    advice/<topic>           a topic's title, routes and default advice
    advice/<topic>/<who>     an audience variant of that advice
    question/<topic>/<id>    a question residents ask, with its answer
                             (questions/<topic>.yml; `police_matters` too)
    reply/<name>             any other reply (replies.yml)
    scam_sign/<id>           a red flag of the scam check, with its explanation
    official/<organisation>  an organisation's own web addresses (scam_check.yml)
    labels, audiences, places  the small tables (button labels, audience
                             names, districts)

`entries_from_directory` and `write_directory` convert losslessly (the YAML
data is the same after a round trip; each file's header comment is kept).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Tuple

import yaml

from bot.content.model import Content, content_from_documents


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str  # channel, advice, variant, question, reply, table
    body: Any  # JSON-safe: dates are ISO strings
    position: int = 0


def kind_for_key(key: str) -> str:
    """The kind of entry a key names (see the module docstring)."""
    parts = key.split("/")
    if parts[0] == "advice":
        return "variant" if len(parts) == 3 else "advice"
    if parts[0] in ("channel", "question", "reply", "scam_sign", "official"):
        return parts[0]
    return "table"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _yamlable(value: Any, key: str = "") -> Any:
    """Dates back to YAML dates, so the files read as they did."""
    if key == "last_reviewed" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    if isinstance(value, Mapping):
        return {k: _yamlable(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_yamlable(v) for v in value]
    return value


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def entries_from_directory(root: Path) -> List[Entry]:
    entries: List[Entry] = []
    for n, (channel_id, body) in enumerate((_load(root / "channels.yml").get("channels") or {}).items()):
        entries.append(Entry(f"channel/{channel_id}", "channel", _jsonable(body), n))
    for n, path in enumerate(sorted((root / "topics").glob("*.yml"))):
        document = dict(_load(path))
        variants = document.pop("audiences", None) or {}
        topic = str(document["topic"])
        entries.append(Entry(f"advice/{topic}", "advice", _jsonable(document), n))
        for m, (who, body) in enumerate(variants.items()):
            entries.append(Entry(f"advice/{topic}/{who}", "variant", _jsonable(body), m))
    for path in sorted((root / "questions").glob("*.yml")):
        document = _load(path)
        topic = str(document["topic"])
        for m, (question_id, body) in enumerate((document.get("questions") or {}).items()):
            entries.append(Entry(f"question/{topic}/{question_id}", "question", _jsonable(body), m))
    replies = dict(_load(root / "replies.yml"))
    labels = replies.pop("labels", {}) or {}
    for n, (name, body) in enumerate(replies.items()):
        entries.append(Entry(f"reply/{name}", "reply", _jsonable(body), n))
    scam = _load(root / "scam_check.yml") if (root / "scam_check.yml").exists() else {}
    for n, (sign, body) in enumerate((scam.get("signs") or {}).items()):
        entries.append(Entry(f"scam_sign/{sign}", "scam_sign", _jsonable(body), n))
    for n, (org, body) in enumerate((scam.get("official") or {}).items()):
        entries.append(Entry(f"official/{org}", "official", _jsonable(body), n))
    entries.append(Entry("labels", "table", _jsonable(labels)))
    entries.append(
        Entry("audiences", "table", _jsonable(_load(root / "audiences.yml").get("audiences") or {}))
    )
    entries.append(Entry("places", "table", _jsonable(_load(root / "places.yml").get("districts") or {})))
    return entries


def documents_from_entries(entries: Iterable[Entry]) -> Dict[str, Any]:
    """Relative file path -> the YAML data of that file."""
    ordered = sorted(entries, key=lambda e: (e.position, e.key))
    channels: Dict[str, Any] = {}
    topics: Dict[str, Dict[str, Any]] = {}
    variants: List[Tuple[str, str, Any]] = []
    questions: Dict[str, Dict[str, Any]] = {}
    replies: Dict[str, Any] = {}
    scam: Dict[str, Dict[str, Any]] = {"signs": {}, "official": {}}
    tables: Dict[str, Any] = {}
    for entry in ordered:
        body = _yamlable(entry.body)
        if entry.kind == "channel":
            channels[entry.key.split("/", 1)[1]] = body
        elif entry.kind == "advice":
            topics[entry.key.split("/")[1]] = dict(body)
        elif entry.kind == "variant":
            _, topic, who = entry.key.split("/")
            variants.append((topic, who, body))
        elif entry.kind == "question":
            _, topic, question_id = entry.key.split("/")
            questions.setdefault(topic, {})[question_id] = body
        elif entry.kind == "reply":
            replies[entry.key.split("/", 1)[1]] = body
        elif entry.kind == "scam_sign":
            scam["signs"][entry.key.split("/", 1)[1]] = body
        elif entry.kind == "official":
            scam["official"][entry.key.split("/", 1)[1]] = body
        else:
            tables[entry.key] = body
    for topic, who, body in variants:
        if topic in topics:
            topics[topic].setdefault("audiences", {})[who] = body
    documents: Dict[str, Any] = {
        "channels.yml": {"channels": channels},
        "replies.yml": {**replies, "labels": tables.get("labels", {})},
        "audiences.yml": {"audiences": tables.get("audiences", {})},
        "places.yml": {"districts": tables.get("places", {})},
    }
    if scam["signs"] or scam["official"]:
        documents["scam_check.yml"] = scam
    for topic, document in sorted(topics.items()):
        documents[f"topics/{topic}.yml"] = document
    for topic, asked in sorted(questions.items()):
        documents[f"questions/{topic}.yml"] = {"topic": topic, "questions": asked}
    return documents


def content_from_entries(entries: Iterable[Entry]) -> Content:
    documents = documents_from_entries(entries)
    return content_from_documents(
        channels=documents["channels.yml"],
        topics=[documents[name] for name in sorted(documents) if name.startswith("topics/")],
        replies=documents["replies.yml"],
        audiences=documents["audiences.yml"],
        places=documents["places.yml"],
        questions=[documents[name] for name in sorted(documents) if name.startswith("questions/")],
        scam_check=documents.get("scam_check.yml"),
    )


class _Dumper(yaml.SafeDumper):
    pass


class _Quoted(str):
    """A value always written in quotes (phone numbers, so they stay text)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _quoted(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style="'")


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Quoted, _quoted)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**6)


def _quote_phones(value: Any, key: str = "") -> Any:
    if key == "phone" and isinstance(value, str):
        return _Quoted(value)
    if isinstance(value, Mapping):
        return {k: _quote_phones(v, k) for k, v in value.items()}
    return value


def _format(name: str, data: Mapping[str, Any]) -> str:
    """YAML laid out as the hand-written files are: a blank line between entries."""
    if name.startswith(("topics/", "questions/")):
        return _dump(dict(data))
    blocks = []
    for key, value in data.items():
        if name != "replies.yml" and isinstance(value, Mapping) and value:
            items = [_dump({k: _quote_phones(v)}) for k, v in value.items()]
            body = "\n".join("".join("  " + line + "\n" for line in item.splitlines()) for item in items)
            blocks.append(f"{key}:\n{body}")
        else:
            blocks.append(_dump({key: value}))
    return "\n".join(blocks)


def _header(path: Path) -> str:
    """The comment block at the top of an existing file, kept on export."""
    if not path.exists():
        return ""
    lines: List[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or (not line.strip() and lines):
            lines.append(line)
        else:
            break
    return "\n".join(lines).rstrip() + "\n\n" if lines else ""


def write_directory(entries: Iterable[Entry], root: Path) -> List[Path]:
    """Write the entries as `responses/` files under `root`; returns the paths written."""
    written = []
    for name, data in documents_from_entries(entries).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_header(path) + _format(name, data), encoding="utf-8")
        written.append(path)
    return written
