"""How an entry looks to residents: its replies rendered for the website
chat and Telegram, for every audience variant it affects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Tuple

from bot.content.compose import Composer, Resident
from bot.content.model import Content
from bot.content.samples import sample_arguments
from bot.contract import RESIDENT_CHANNELS


@dataclass(frozen=True)
class Pane:
    title: str
    channel: str
    text: str
    buttons: Tuple[str, ...]
    error: str = ""


def _examples(content: Content, key: str) -> List[Tuple[str, str | None, Dict[str, Any]]]:
    """(what is shown, audience, reply arguments) for the replies an entry affects."""
    parts = key.split("/")
    if parts[0] == "advice" and len(parts) == 3:
        who = content.audiences.get(parts[2], {}).get("label", parts[2])
        return [(f"Advice for {who}", parts[2], {"name": "utter_advice", "topic": parts[1]})]
    if parts[0] == "advice":
        examples: List[Tuple[str, str | None, Dict[str, Any]]] = [
            ("Advice", None, {"name": "utter_advice", "topic": parts[1]}),
            ("More tips", None, {"name": "utter_advice", "topic": parts[1], "part": "more"}),
        ]
        topic = content.topics.get(parts[1])
        for audience in topic.audiences if topic else ():
            label = content.audiences.get(audience, {}).get("label", audience)
            examples.append((f"Advice for {label}", audience, {"name": "utter_advice", "topic": parts[1]}))
        return examples
    if parts[0] == "question" and len(parts) == 3:
        return [("Answer", None, {"name": "utter_answer", "question": f"{parts[1]}/{parts[2]}"})]
    if parts[0] == "reply":
        name = parts[1]
        if name == "channel_line":
            return [
                ("How to report (uses this line for each channel)", None, {"name": "utter_report_routes"})
            ]
        return [("Message", None, {"name": name, **sample_arguments(name, content)[0]})]
    if parts[0] == "scam_sign" and len(parts) == 2:
        flags = [{"sign": parts[1], "phrase": "act now or your account will be closed"}]
        return [("Scam check reply", None, {"name": "utter_scam_check", "flags": flags})]
    if parts[0] == "official" and len(parts) == 2:
        domains = list((content.official.get(parts[1]) or {}).get("domains") or ["example.co.uk"])
        flags = [{"sign": "lookalike", "phrase": f"{domains[0].split('.')[0]}-refund.info"}]
        return [("Scam check reply", None, {"name": "utter_scam_check", "flags": flags})]
    if parts[0] == "channel":
        uses = [
            name
            for name, reply in content.replies.items()
            if f"ch.{parts[1]}" in reply.text and name != "channel_line"
        ]
        examples = [("How to report", None, {"name": "utter_report_routes"})]
        examples += [
            (f"Reply {name}", None, {"name": name}) for name in uses[:3] if name != "utter_report_routes"
        ]
        return examples
    return [("Advice", None, {"name": "utter_advice", "topic": next(iter(content.topics), "")})]


def panes(content: Content, key: str) -> List[Pane]:
    out = []
    district = next(iter(content.places), None)
    for title, audience, arguments in _examples(content, key):
        arguments = dict(arguments)
        name = arguments.pop("name")
        for channel, channel_title in RESIDENT_CHANNELS.items():
            composer = Composer(content, Resident(channel, audience, district))
            try:
                message = composer.compose(name, **arguments)
                out.append(
                    Pane(
                        f"{title}: {channel_title}",
                        channel,
                        message["text"],
                        tuple(b["title"] for b in message["buttons"]),
                    )
                )
            except Exception as error:  # shown to the editor, not raised
                out.append(Pane(f"{title}: {channel_title}", channel, "", (), f"Does not render: {error}"))
    return out
