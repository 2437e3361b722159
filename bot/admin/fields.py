"""The form for each kind of entry, and converting between form and entry.

Fields the form does not show are kept as they are, so editing never loses
anything the files hold.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

from bot.content.check import is_https_link

_MAX_FIELD_CHARS = 8000


@dataclass(frozen=True)
class Field:
    name: str  # dotted path in the entry's body
    label: str
    hint: str = ""
    widget: str = "text"  # text, textarea, tips, url, date, routes, checkbox
    required: bool = False


SOURCE = Field("source", "Source link", "Where the advice or fact is published (https://...)", "url", True)
REVIEWED = Field(
    "last_reviewed", "Last reviewed", "The date someone last checked it against the source", "date", True
)
TIPS = Field(
    "tips",
    "Tips",
    "One tip per paragraph: leave an empty line between tips. Use {{ ch.<id>.phone }} for numbers.",
    "tips",
    True,
)

FORMS: Dict[str, List[Field]] = {
    "channel": [
        Field("name", "Name", "What the service is called", required=True),
        Field("phone", "Phone number", "Optional"),
        Field("web", "Web address", "Optional, https://...", "url"),
        Field("email", "Email address", "Optional"),
        Field("when", "When to use it", "Written to follow 'if ...'", "textarea"),
        Field("how", "How to use it", "A short phrase", "textarea"),
        Field("note", "Note", "One short extra fact", "textarea"),
        SOURCE,
        REVIEWED,
    ],
    "advice": [
        Field("title", "Title", "Shown on the topic's button", required=True),
        Field("summary", "Summary", "One or two sentences before the tips", "textarea", True),
        TIPS,
        Field(
            "asked",
            "How residents ask for this advice in general",
            "One wording per paragraph. The assistant sends these tips for a general question like "
            "these, and a specific answer for a specific question.",
            "tips",
        ),
        Field("routes", "Where to report", "The reporting channels listed with this topic", "routes"),
        SOURCE,
        REVIEWED,
    ],
    "variant": [
        Field("summary", "Summary", "Optional: leave empty to use the topic's summary", "textarea"),
        TIPS,
        SOURCE,
        REVIEWED,
    ],
    "question": [
        Field(
            "question",
            "Question",
            "The usual way residents put it, shown on buttons (under 80 characters)",
            required=True,
        ),
        Field(
            "asked",
            "Other ways residents ask it",
            "One wording per paragraph: leave an empty line between them. Plain words, no {{ }}. "
            "The assistant matches residents' messages against these, so add the words people really use.",
            "tips",
            True,
        ),
        Field(
            "answer",
            "Answer",
            "Two to four short sentences that answer this question. Use {{ ch.<id>.phone }} for numbers.",
            "textarea",
            True,
        ),
        Field("routes", "Where to get help", "Optional: channels listed under the answer", "routes"),
        SOURCE,
        REVIEWED,
    ],
    "scam_sign": [
        Field("title", "Red flag", "A few words, shown in bold", required=True),
        Field(
            "explanation",
            "Explanation",
            "One short sentence. {{ phrase }} is replaced by the words from the resident's message that "
            "showed this sign; use {{ ch.<id>.phone }} for numbers.",
            "textarea",
            True,
        ),
        SOURCE,
        REVIEWED,
    ],
    "official": [
        Field(
            "names",
            "How messages name it",
            "One name per paragraph, as scam messages write it (e.g. Royal Mail, RoyalMail)",
            "tips",
            True,
        ),
        Field(
            "domains",
            "Its own web addresses",
            "One per paragraph, without https:// (e.g. royalmail.com). Links to any other address in a "
            "message that names it are flagged.",
            "tips",
            True,
        ),
        SOURCE,
        REVIEWED,
    ],
    "reply": [
        Field("text", "Message", "What the assistant says", "textarea", True),
        Field(
            "channels.web",
            "Website chat version",
            "Optional: different words for the website chat",
            "textarea",
        ),
        Field("channels.telegram", "Telegram version", "Optional: different words for Telegram", "textarea"),
    ],
}


def form_fields(kind: str, body: Any) -> List[Field]:
    if kind in FORMS:
        return FORMS[kind]
    # The small tables: one field per value.
    fields = []
    for key, value in (body or {}).items():
        if isinstance(value, Mapping):
            for sub, item in value.items():
                widget = "checkbox" if isinstance(item, bool) else "text"
                fields.append(
                    Field(f"{key}.{sub}", f"{key}: {sub}", widget=widget, required=widget == "text")
                )
        else:
            fields.append(Field(str(key), str(key), required=True))
    return fields


def _get(body: Any, path: str) -> Any:
    value = body
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _set(body: Dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    target = body
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    if value in (None, "", []):
        target.pop(parts[-1], None)
    else:
        target[parts[-1]] = value
    # Remove containers left empty (e.g. `channels` with no channel versions).
    if len(parts) > 1 and not target:
        _set(body, ".".join(parts[:-1]), None)


def form_values(kind: str, body: Any) -> Dict[str, Any]:
    """What to show in each field of the form for an entry's body."""
    if kind == "reply" and isinstance(body, str):
        body = {"text": body}
    values: Dict[str, Any] = {}
    for field in form_fields(kind, body):
        value = _get(body, field.name)
        if field.widget == "tips":
            value = "\n\n".join(str(tip) for tip in value or [])
        elif field.widget == "routes":
            value = list(value or [])
        elif field.widget == "checkbox":
            value = bool(value)
        else:
            value = "" if value is None else str(value)
        values[field.name] = value
    return values


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def body_from_form(
    kind: str, current: Any, form: Mapping[str, Any], channel_ids: List[str]
) -> Tuple[Any, List[Tuple[str, str]]]:
    """The new body from a submitted form, and (field, problem) pairs."""
    was_text = kind == "reply" and isinstance(current, str)
    body: Dict[str, Any] = copy.deepcopy({"text": current} if was_text else dict(current or {}))
    problems: List[Tuple[str, str]] = []
    for field in form_fields(kind, current):
        if field.widget == "routes":
            chosen = [str(v) for v in form.get(field.name, [])]
            unknown = [c for c in chosen if c not in channel_ids]
            if unknown:
                problems.append((field.name, f"{field.label}: unknown channel {', '.join(unknown)}"))
            # Keep the order the entry had (it is the order residents see); new ones go last.
            before = [str(c) for c in (_get(body, field.name) or [])]
            kept = [c for c in before if c in chosen] + [c for c in chosen if c not in before]
            _set(body, field.name, [c for c in kept if c in channel_ids])
            continue
        if field.widget == "checkbox":
            _set(body, field.name, bool(form.get(field.name)))
            continue
        raw = form.get(field.name, "")
        raw = raw[0] if isinstance(raw, list) else raw
        text = _clean(str(raw or ""))
        if len(text) > _MAX_FIELD_CHARS:
            problems.append(
                (field.name, f"{field.label} is too long (at most {_MAX_FIELD_CHARS} characters)")
            )
            text = text[:_MAX_FIELD_CHARS]
        if field.required and not text:
            problems.append((field.name, f"Enter the {field.label.lower()}"))
        if field.widget == "tips":
            tips = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
            _set(body, field.name, tips)
            continue
        if field.widget == "url" and text and not is_https_link(text):
            problems.append((field.name, f"{field.label} must be a link starting https://"))
        if field.widget == "date" and text:
            try:
                day = dt.date.fromisoformat(text)
                if day > dt.date.today():
                    problems.append((field.name, f"{field.label} cannot be in the future"))
            except ValueError:
                problems.append((field.name, f"{field.label} must be a date like 2026-11-25"))
        _set(body, field.name, text)
    if was_text and set(body) == {"text"}:
        return body["text"], problems
    return body, problems


def flat_lines(kind: str, body: Any) -> List[str]:
    """The entry as 'Label: value' lines, for diffs and history."""
    lines: List[str] = []
    values = form_values(kind, body)
    for field in form_fields(kind, body):
        value = values[field.name]
        if isinstance(value, list):
            value = ", ".join(value)
        text = str(value)
        lines.append(f"{field.label}:")
        lines += ["    " + line for line in text.split("\n")] if text else ["    (empty)"]
    return lines


def last_reviewed(body: Any) -> Optional[dt.date]:
    value = _get(body, "last_reviewed") if isinstance(body, Mapping) else None
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
