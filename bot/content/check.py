"""Check the comms team's content before it goes live (`make check-content`).

Every problem is reported in plain words with the file and entry it is in:
templates that do not compile or render (for every channel and audience),
channel ids that do not exist, numbers or links written into text instead
of taken from the channel registry, missing or non-https source links and
missing or future last-reviewed dates.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from functools import lru_cache
from typing import Any, Iterable, List, Mapping, Tuple
from urllib.parse import urlparse

import phonenumbers

from bot import settings
from bot.content.compose import Composer, question_button
from bot.content.matcher import normalise
from bot.content.model import AUDIENCES, Advice, Content, Question
from bot.content.render import compile_template, lex
from bot.content.samples import sample_arguments, sample_residents
from bot.content.source import load_directory
from bot.contract import (
    CHANNEL_LIMITS,
    POLICE_MATTERS,
    QUESTION_GROUPS,
    REPLIES,
    TELEGRAM_CALLBACK_LIMIT,
    TOPICS,
)
from bot.scam.check import SIGNS

MIN_WORDINGS = 3  # a question's own wording plus at least two others
MAX_ANSWER_CHARS = 700
_RISKY_NAMES = {"attr", "namespace", "cycler", "joiner", "self"}


def template_parts(text: str) -> Tuple[str, List[str], List[str]]:
    """(the words outside tags plus the strings inside them, names, strings)
    from Jinja's own lexer, so quoting cannot hide anything."""
    words, names, strings = [], [], []
    for _, kind, value in lex(text):
        if kind == "data":
            words.append(value)
        elif kind == "name":
            names.append(value)
        elif kind == "string":
            strings.append(value)
            words.append(" " + value.strip("'\"") + " ")
    return " ".join(words), names, strings


def _sandbox_problem(text: str) -> str | None:
    try:
        _, names, strings = template_parts(text)
    except Exception:
        return None  # reported as a syntax error when compiled
    if any(name.startswith("_") for name in names) or any("__" in value for value in strings):
        return "templates may not use names that start with '_'"
    risky = sorted(_RISKY_NAMES.intersection(names))
    if risky:
        return f"templates may not use {', '.join(risky)}"
    return None


_LINK_OR_EMAIL = re.compile(r"https?://|www\.|[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)


def is_https_link(value: str) -> bool:
    parsed = urlparse(value or "")
    return parsed.scheme == "https" and bool(parsed.netloc) and " " not in value


def _literal_facts(text: str, content: Content) -> List[str]:
    """Numbers and links written into a template instead of `{{ ch... }}`
    (only called on templates that compile)."""
    problems = []
    without_tags = template_parts(text)[0]
    if _LINK_OR_EMAIL.search(without_tags):
        problems.append("writes a link or email address; use {{ ch.<id>.web }} or .email")
    for match in phonenumbers.PhoneNumberMatcher(without_tags, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        if sum(ch.isdigit() for ch in match.raw_string) < 6:
            continue  # standards such as BS 3621; short codes are checked below
        problems.append(f"writes the number '{match.raw_string}'; use {{{{ ch.<id>.phone }}}}")
    phones = _channel_phones(tuple((i, str(e.get("phone") or "")) for i, e in content.channels.items()))
    for found in phones.finditer(without_tags) if phones else ():
        phone = found.group(0)
        for channel_id, entry in content.channels.items():
            if str(entry.get("phone") or "") == phone:
                problems.append(
                    f"writes {channel_id}'s number '{phone}'; use {{{{ ch.{channel_id}.phone }}}}"
                )
    return problems


@lru_cache(maxsize=8)
def _channel_phones(channels: Tuple[Tuple[str, str], ...]) -> re.Pattern[str] | None:
    """One pattern for every channel's number, written as a word of its own."""
    phones = sorted({phone for _, phone in channels if phone}, key=len, reverse=True)
    if not phones:
        return None
    return re.compile(rf"(?<![\w£$.,])(?:{'|'.join(map(re.escape, phones))})(?![\w.,]?\d)")


def _check_source(where: str, source: str, last_reviewed: dt.date, today: dt.date) -> Iterable[str]:
    """Every advice entry and answer says where it comes from and when it was checked."""
    if not is_https_link(source):
        yield f"{where}: source must be an https link (is '{source}')"
    if last_reviewed == dt.date(1970, 1, 1):
        yield f"{where}: last_reviewed date is missing"
    elif last_reviewed > today:
        yield f"{where}: last_reviewed {last_reviewed} is in the future"


def _check_advice(where: str, advice: Advice, today: dt.date, minimum_tips: int) -> Iterable[str]:
    yield from _check_source(where, advice.source, advice.last_reviewed, today)
    if len(advice.tips) < minimum_tips:
        yield f"{where}: needs at least {minimum_tips} tips (has {len(advice.tips)})"


def _focus(key: str | None) -> Tuple[set[str] | None, str | None]:
    """The replies (None: all) and topic (None: all) whose rendering an edit to
    entry `key` can change: an advice entry changes only its topic's advice,
    a reply only itself; channels and the small tables can change anything."""
    parts = (key or "").split("/")
    if parts[0] == "advice" and len(parts) >= 2:
        return {"utter_advice", "utter_choose_audience"}, parts[1]
    if parts[0] == "question" and len(parts) == 3:
        return {"utter_answer"}, f"{parts[1]}/{parts[2]}"
    if parts[0] == "reply" and len(parts) == 2:
        return ({"utter_report_routes"} if parts[1] == "channel_line" else {parts[1]}), None
    return None, None


def _check_question(question: Question, content: Content, today: dt.date) -> Iterable[str]:
    where = f"questions/{question.topic}.yml {question.id}"
    if question.topic not in QUESTION_GROUPS:
        yield f"{where}: '{question.topic}' is neither a topic nor {POLICE_MATTERS}"
    if not question.question:
        yield f"{where}: the question is missing"
    if len(question.wordings) < MIN_WORDINGS:
        yield f"{where}: give at least {MIN_WORDINGS - 1} other ways residents ask it under 'asked'"
    if not question.answer:
        yield f"{where}: the answer is missing"
    elif len(question.answer) > MAX_ANSWER_CHARS:
        yield f"{where}: the answer is {len(question.answer)} characters (keep it under {MAX_ANSWER_CHARS})"
    yield from _check_source(where, question.source, question.last_reviewed, today)
    for route in question.routes:
        if route not in content.channels:
            yield f"{where}: route '{route}' is not in channels.yml"
    if len(question_button(content, question.key)["payload"].encode()) > TELEGRAM_CALLBACK_LIMIT:
        yield f"{where}: the id is too long for a Telegram button (shorten it)"
    for wording in question.wordings:
        if "{" in wording or "}" in wording:
            yield f"{where}: the wording '{wording}' is plain text: no {{{{ }}}} in questions"
        elif _LINK_OR_EMAIL.search(wording):
            yield f"{where}: the wording '{wording}' has a link or email address"


def _check_scam(content: Content, today: dt.date) -> Iterable[str]:
    """Every red flag the check can find has its words; every organisation
    has names and plausible domains; each says where it comes from."""
    for sign in SIGNS:
        if sign not in content.scam_signs:
            yield f"scam_check.yml: the red flag '{sign}' has no entry under signs"
    for sign, entry in content.scam_signs.items():
        where = f"scam_check.yml sign {sign}"
        if sign not in SIGNS:
            yield f"{where}: the scam check has no such red flag (known: {', '.join(SIGNS)})"
        if not entry.get("title") or not entry.get("explanation"):
            yield f"{where}: needs a title and an explanation"
        yield from _check_source(where, str(entry.get("source") or ""), _reviewed(entry), today)
    for org, entry in content.official.items():
        where = f"scam_check.yml official {org}"
        if not entry.get("names"):
            yield f"{where}: give at least one name messages use for it"
        for domain in entry.get("domains") or ["(none)"]:
            if not re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", str(domain)):
                yield f"{where}: '{domain}' is not a web address like example.co.uk"
        yield from _check_source(where, str(entry.get("source") or ""), _reviewed(entry), today)


def _reviewed(entry: Mapping[str, Any]) -> dt.date:
    value = entry.get("last_reviewed")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return dt.date(1970, 1, 1)


def _repeated_wordings(content: Content) -> Iterable[str]:
    """A wording that belongs to two questions can only ever find one of them."""
    seen: dict[str, str] = {}
    owners = [(f"topics/{t.id}.yml", t.asked) for t in content.topics.values()]
    owners += [(f"questions/{q.key}", q.wordings) for q in content.questions.values()]
    for owner, wordings in owners:
        for wording in wordings:
            other = seen.setdefault(normalise(wording), owner)
            if other != owner:
                yield f"'{wording}' is asked in both {other} and {owner}"


def check_content(
    content: Content, topics: Iterable[str], today: dt.date | None = None, focus: str | None = None
) -> List[str]:
    """Every problem found; an empty list means the content is fit to publish.
    With `focus` (an entry's key, as the editor passes), only the replies that
    entry can change are rendered; every other check still covers everything."""
    today = today or dt.date.today()
    problems: List[str] = []

    for channel_id, entry in content.channels.items():
        where = f"channels.yml {channel_id}"
        if not entry.get("name"):
            problems.append(f"{where}: has no name")
        if entry.get("web") and not is_https_link(str(entry["web"])):
            problems.append(f"{where}: web must be an https link")
        if not is_https_link(str(entry.get("source") or "")):
            problems.append(f"{where}: source must be an https link")
        if not entry.get("last_reviewed"):
            problems.append(f"{where}: last_reviewed date is missing")

    for name in REPLIES:
        if name not in content.replies:
            problems.append(f"replies.yml: the reply '{name}' is missing")

    for topic_id in topics:
        topic = content.topics.get(topic_id)
        if topic is None:
            problems.append(f"topics/{topic_id}.yml is missing")
            continue
        where = f"topics/{topic_id}.yml"
        problems += _check_advice(where, topic.default, today, minimum_tips=5)
        if not topic.default.summary:
            problems.append(f"{where}: summary is missing")
        for route in topic.routes:
            if route not in content.channels:
                problems.append(f"{where}: route '{route}' is not in channels.yml")
        for audience, advice in topic.audiences.items():
            if audience not in AUDIENCES or audience not in content.audiences:
                problems.append(f"{where}: unknown audience '{audience}'")
            problems += _check_advice(f"{where} audience {audience}", advice, today, minimum_tips=3)

    for question in content.questions.values():
        problems += _check_question(question, content, today)
    problems += _check_scam(content, today)
    problems += _repeated_wordings(content)

    # Every template: compiles in the sandbox, writes no numbers or links.
    templates = [(f"replies.yml {name}", reply.text) for name, reply in content.replies.items()]
    templates += [
        (f"replies.yml {name} ({channel} version)", text)
        for name, reply in content.replies.items()
        for channel, text in reply.variants.items()
    ]
    templates += [
        (f"replies.yml {name} button", title)
        for name, reply in content.replies.items()
        for title, _ in reply.buttons
    ]
    templates += [
        (f"scam_check.yml sign {sign} explanation", str(entry.get("explanation") or ""))
        for sign, entry in content.scam_signs.items()
    ]
    for topic in content.topics.values():
        for label, advice in [
            ("", topic.default),
            *[(f" audience {a}", v) for a, v in topic.audiences.items()],
        ]:
            where = f"topics/{topic.id}.yml{label}"
            templates += [(f"{where} summary", advice.summary or "")]
            templates += [(f"{where} tip {n}", tip) for n, tip in enumerate(advice.tips, 1)]
    # A question's usual wording is shown (above its answer, on buttons); the
    # other wordings are only matched against, and are checked as plain text.
    for question in content.questions.values():
        where = f"questions/{question.topic}.yml {question.id}"
        templates += [(f"{where} answer", question.answer), (f"{where} question", question.question)]
    for where, text in templates:
        refused = _sandbox_problem(text)
        if refused:
            problems.append(f"{where}: {refused}")
            continue
        try:
            compile_template(text)
        except Exception as error:
            problems.append(f"{where}: template does not compile: {error}")
            continue
        problems += [f"{where}: {problem}" for problem in _literal_facts(text, content)]
    if problems:
        return problems

    # Every reply renders for every channel and audience, with sample values.
    names, focus_key = _focus(focus)
    for channel, resident in sample_residents(content):
        composer = Composer(content, resident)
        for name in content.replies:
            if name == "channel_line" or (names is not None and name not in names):
                continue
            for kwargs in sample_arguments(name, content, focus_key):
                try:
                    message = composer.compose(name, **kwargs)
                    limit = CHANNEL_LIMITS[channel]
                    if len(message["text"]) > limit:
                        problems.append(
                            f"replies.yml {name}: is {len(message['text'])} characters on {channel} "
                            f"(the limit is {limit}) for audience {resident.audience or 'none'}"
                        )
                except Exception as error:
                    problems.append(
                        f"replies.yml {name}: does not render on {channel} for audience "
                        f"{resident.audience or 'none'} with {kwargs}: {error}"
                    )
    return sorted(set(problems))


def main() -> int:
    content = load_directory(settings.content_dir())
    problems = check_content(content, TOPICS)
    for problem in problems:
        print(f"- {problem}")
    print("content OK" if not problems else f"{len(problems)} problem(s) found")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
