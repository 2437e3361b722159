"""The editor's forms: every entry survives form -> body unchanged, and what
the form does not show is kept."""

from __future__ import annotations

from bot.admin.fields import body_from_form, form_values
from bot.content.documents import entries_from_directory
from tests.conftest import ROOT

ENTRIES = entries_from_directory(ROOT / "responses")
CHANNELS = [e.key.split("/", 1)[1] for e in ENTRIES if e.kind == "channel"]


def test_every_entry_comes_back_unchanged_from_its_form() -> None:
    for entry in ENTRIES:
        values = form_values(entry.kind, entry.body)
        form = {
            name: (["yes"] if value is True else "" if value is False else value)
            for name, value in values.items()
        }
        form = {name: value for name, value in form.items() if value != ""}
        body, problems = body_from_form(entry.kind, entry.body, form, CHANNELS)
        assert problems == [], (entry.key, problems)
        assert body == entry.body, entry.key


def test_fields_the_form_does_not_show_are_kept() -> None:
    reply = next(e for e in ENTRIES if e.key == "reply/utter_ask_anonymous")
    assert reply.body["buttons"]
    body, _ = body_from_form("reply", reply.body, {"text": "Stay anonymous?"}, CHANNELS)
    assert body["buttons"] == reply.body["buttons"] and body["text"] == "Stay anonymous?"


def test_tips_are_one_per_paragraph_and_routes_must_exist() -> None:
    advice = next(e for e in ENTRIES if e.key == "advice/burglary")
    form = {**form_values("advice", advice.body), "tips": "First tip\ncontinued.\n\n\nSecond tip."}
    form["routes"] = [
        "emergency_999",
        "crimestoppers",
        "report_online",
        "made_up",
    ]  # as the browser sends them
    body, problems = body_from_form("advice", advice.body, form, CHANNELS)
    assert body["tips"] == ["First tip continued.", "Second tip."]
    assert body["routes"] == ["report_online", "emergency_999", "crimestoppers"]  # the entry's order kept
    assert any("unknown channel made_up" in problem for _, problem in problems)
