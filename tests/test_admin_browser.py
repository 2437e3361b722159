"""The comms team's editor in a real browser (Debian's chromium, driven by
Playwright) against the real running assistant: an editor changes the
burglary advice, a publisher approves it, residents get the new words at
once, and restoring the old version brings the old words back."""

from __future__ import annotations

import time
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.admin.accounts import Accounts
from bot.content.store import Actor, ContentStore
from tests.conftest import ROOT

# Needs the trained model and chromium: not in `make check`.
pytestmark = [pytest.mark.model, pytest.mark.browser]

PASSWORD = "correct horse battery staple"
ARTIFACTS = ROOT / "tests" / "artifacts"
BURGLARY_QUESTION = "how do I stop burglars breaking into my house"


@pytest.fixture(scope="module")
def staff(stack) -> ContentStore:
    url = f"sqlite:///{stack.database}"
    accounts = Accounts(url)
    for name, role in (("erin", "editor"), ("paul", "publisher")):
        if accounts.id_of(name) is None:
            accounts.create(name, PASSWORD, role)
    return ContentStore(url)


@pytest.fixture
def page(browser: Browser, stack, staff) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def log_in(page: Page, stack, username: str) -> None:
    page.goto(stack.web_url + "/admin")
    expect(page.locator("h1")).to_have_text("Log in to the content editor")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("What the assistant says")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("h1")).to_have_text("Log in to the content editor")


def accessible(page: Page, name: str) -> None:
    """axe-core finds no violations on the page (report kept in tests/artifacts)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{name}.txt").write_text(results.generate_report())
    assert results.violations_count == 0, results.generate_report()


def assistant_says(stack, question: str, wanted: str, timeout: float = 15) -> str:
    """The assistant's reply, once it contains `wanted` (a publish takes a few seconds)."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        sender = f"admin-flow-{time.monotonic_ns()}"
        text = "\n".join(m.get("text") or "" for m in stack.send(sender, question))
        if wanted in text:
            return text
        time.sleep(1)
    return text


def test_edit_preview_review_publish_and_restore(page: Page, stack, staff: ContentStore) -> None:
    original = " ".join(staff.entry("advice/burglary").body["summary"].split())  # type: ignore[union-attr]
    assert original in assistant_says(stack, BURGLARY_QUESTION, original)
    new_summary = "Editor test: a locked door and a lit porch put most burglars off."

    # An editor finds the burglary advice, edits it and sees the preview.
    log_in(page, stack, "erin")
    page.get_by_label("Topic").select_option("burglary")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="advice/burglary", exact=True).click()
    expect(page.locator("h1")).to_have_text("advice/burglary")
    page.get_by_label("Summary").fill(new_summary)
    # The live preview follows the typing, for the website chat and Telegram.
    expect(page.locator("#preview .pane-web .bubble").first).to_contain_text(new_summary)
    expect(page.locator("#preview .pane-telegram .bubble").first).to_contain_text(new_summary)
    expect(page.locator("#preview section")).to_have_count(2 * (2 + 4))  # advice, more tips, 4 audiences
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".pane-web .bubble").first).to_contain_text(new_summary)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin_editor.png"), full_page=True)
    accessible(page, "admin-entry")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".notice")).to_contain_text("Sent for review")
    log_out(page)
    assert new_summary not in assistant_says(stack, BURGLARY_QUESTION, new_summary, timeout=3)

    # A publisher sees the difference and publishes it.
    log_in(page, stack, "paul")
    page.get_by_role("link", name="Review changes").click()
    page.get_by_role("link", name="advice/burglary, version 2").click()
    expect(page.locator("tr.added")).to_contain_text(new_summary)
    accessible(page, "admin-review")
    expect(page.locator("tr.removed")).to_contain_text(original.split(".")[0])
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".notice")).to_contain_text("is live")

    # Residents get the new words, with no restart.
    assert new_summary in assistant_says(stack, BURGLARY_QUESTION, new_summary)

    # The other pages a publisher uses are accessible too.
    for name, path, heading in (
        ("insight", "/admin/insight", "Insight"),
        ("unrecognised", "/admin/unrecognised", "Unrecognised questions"),
        ("due", "/admin/due", "Due for review"),
        ("history", "/admin/history?key=advice/burglary", "History of advice/burglary"),
    ):
        page.goto(stack.web_url + path)
        expect(page.locator("h1")).to_have_text(heading)
        accessible(page, f"admin-{name}")
        page.screenshot(path=str(ARTIFACTS / f"admin_{name}.png"), full_page=True)

    # The publisher restores the old version; the old words come back.
    page.goto(stack.web_url + "/admin/history?key=advice/burglary")
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.locator(".notice")).to_contain_text("Version 1 is live again")
    restored = assistant_says(stack, BURGLARY_QUESTION, original)
    assert original in restored and new_summary not in restored
    assert staff.live_content().topics["burglary"].default.summary == original


def test_a_reply_with_script_is_text_in_the_widget(browser: Browser, stack, staff: ContentStore) -> None:
    """Even if markup got past review, the widget shows it as words and never runs it."""
    before = staff.live_version("reply/utter_greet")
    assert before is not None
    hostile = 'Hello <script>window.__owned = 1</script><img src=x onerror="window.__owned = 2"> there.'
    draft = staff.save_draft("reply/utter_greet", {"text": hostile}, Actor("erin", "editor"), submit=True)
    staff.publish(draft.id, Actor("paul", "publisher"))
    context = browser.new_context()
    try:
        assert "<script>" in assistant_says(stack, "hello", "<script>")
        widget = context.new_page()
        widget.goto(stack.web_url + "/")
        widget.locator(".ecpa-launcher").click()
        widget.fill("#ecpa-input", "hello")
        widget.keyboard.press("Enter")
        reply = widget.locator(".ecpa-bot .ecpa-body").last
        expect(reply).to_contain_text("<script>window.__owned = 1</script>")
        assert widget.locator(".ecpa-body script, .ecpa-body img").count() == 0
        assert widget.evaluate("window.__owned") is None
    finally:
        context.close()
        staff.restore(before.id, Actor("paul", "publisher"))
        # Later tests expect the usual greeting: wait until every process has it.
        assert "<script>" not in assistant_says(stack, "hello", "automated assistant")


NEW_QUESTION = "Should I leave a radio on when I go out?"
RADIO_MESSAGE = "is it a good idea to leave the radio playing while we're out"


def test_a_question_added_in_the_editor_is_answered_in_the_next_message(page: Page, stack, staff) -> None:
    """No retraining, no restart: published, then answered in the very next message."""
    first_line = lambda text: text.splitlines()[0] if text else ""  # noqa: E731
    before = "\n".join(m.get("text") or "" for m in stack.resident().say(RADIO_MESSAGE))
    assert first_line(before) != NEW_QUESTION

    # An editor starts a question, fills it in and sends it for review.
    log_in(page, stack, "erin")
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Topic").select_option("burglary")
    page.get_by_label("Question").fill(NEW_QUESTION)
    page.get_by_role("button", name="Start the question").click()
    expect(page.locator("h1")).to_have_text("question/burglary/should_i_leave_a_radio_on_when")
    page.get_by_label("Other ways residents ask it").fill(
        "does leaving the radio on put burglars off\n\n"
        "is it worth leaving music playing when nobody is home\n\n"
        "should we leave the telly or radio on while we are away"
    )
    page.get_by_label("Answer", exact=True).fill(
        "Yes, it helps. A radio or TV on a timer switch makes a home sound lived-in, "
        "and a light on a timer does the same after dark."
    )
    page.get_by_label("Source link").fill("https://www.ourwatch.org.uk")
    page.get_by_label("Last reviewed").fill("2026-11-30")
    expect(page.locator("#preview .pane-web .bubble").first).to_contain_text("timer switch")
    accessible(page, "admin-new-question")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".notice")).to_contain_text("Sent for review")
    log_out(page)

    # A publisher publishes it (version 1 was the started draft).
    log_in(page, stack, "paul")
    page.get_by_role("link", name="Review changes").click()
    page.get_by_role("link", name="question/burglary/should_i_leave_a_radio_on_when, version 2").click()
    expect(page.locator("tr.added").first).to_contain_text(NEW_QUESTION)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".notice")).to_contain_text("is live")

    # Every process picks a publish up within CONTENT_RELOAD_SECONDS (2 s).
    time.sleep(3)
    after = "\n".join(m.get("text") or "" for m in stack.resident().say(RADIO_MESSAGE))
    assert first_line(after) == NEW_QUESTION
    assert "timer switch" in after
