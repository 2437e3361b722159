"""Sample residents and reply arguments: every way a reply can be asked
for, so `make check-content` and the editor's preview render what
residents will see. The arguments each reply takes are the contract's
(`bot.contract.REPLIES`)."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

from bot.content.compose import Resident
from bot.content.model import Content
from bot.contract import CHANNELS, REPLIES

Arguments = Dict[str, Any]


def sample_residents(content: Content) -> List[Tuple[str, Resident]]:
    """Every channel and audience (and no audience), for checks and previews."""
    residents = []
    district = next(iter(content.places), None)
    for channel in CHANNELS:
        for audience in (None, *content.audiences):
            residents.append((channel, Resident(channel, audience, district)))
        residents.append((channel, Resident(channel, None, None)))
    return residents


def _values(argument: str, content: Content, topics: Sequence[str], question: str | None) -> List[Any]:
    if argument == "topic":
        return list(topics)
    if argument == "part":
        return ["first", "more"]
    if argument == "question":
        return [question] if question in content.questions else list(content.questions)
    if argument == "related":
        return [list(content.questions)[:2]]
    if argument == "flags":
        signs = list(content.scam_signs)
        return [[], [{"sign": sign, "phrase": "act now or your account will be closed"} for sign in signs]]
    if argument == "suggestions":
        return [list(topics)[:3]]
    if argument == "kind":
        return [None, *topics]
    if argument in ("anonymous", "happening_now"):
        return [False, True]
    raise KeyError(f"no sample values for the reply argument '{argument}'")


def sample_arguments(name: str, content: Content, focus: str | None = None) -> List[Arguments]:
    """Every combination of sample values for reply `name`'s arguments;
    `focus` narrows them to one topic or question key."""
    topics = [focus] if focus is not None and focus in content.topics else list(content.topics)
    combinations: List[Arguments] = [{}]
    for argument in REPLIES.get(name, ()):
        combinations = [
            {**combination, argument: value}
            for combination in combinations
            for value in _values(argument, content, topics, focus)
        ]
    return combinations
