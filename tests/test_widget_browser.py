"""The chat widget in a real browser (Debian's chromium, driven by Playwright)
on the demo page served by the real web process, with the real assistant."""

from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT

# Needs the trained model and chromium: not in `make check`.
pytestmark = [pytest.mark.model, pytest.mark.browser]

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def page(browser: Browser, stack) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    opened = context.new_page()
    opened.goto(stack.web_url + "/")
    yield opened
    context.close()


def bot_messages(page: Page):
    return page.locator(".ecpa-bot .ecpa-body")


def ask(page: Page, text: str) -> None:
    before = bot_messages(page).count()
    page.fill("#ecpa-input", text)
    page.keyboard.press("Enter")
    expect(bot_messages(page)).to_have_count(before + 1, timeout=30000)


def open_by_keyboard(page: Page) -> None:
    page.keyboard.press("Tab")
    expect(page.locator(".ecpa-launcher")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#ecpa-panel")).to_be_visible()
    expect(page.locator("#ecpa-input")).to_be_focused()


def test_a_resident_gets_advice_quick_replies_and_999(page: Page) -> None:
    open_by_keyboard(page)
    expect(page.locator(".ecpa-notice")).to_contain_text("not monitored")
    ask(page, "how can I stop burglars getting into my house")
    expect(bot_messages(page).last).to_contain_text("Burglary")
    # The new message is announced once, in its own polite live region.
    live = page.locator("[aria-live=polite]")
    expect(live).to_have_count(1)
    expect(live).to_contain_text("Burglary")
    assert page.locator(".ecpa-log").get_attribute("aria-live") is None

    more = page.get_by_role("button", name="More tips")
    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ecpa-user .ecpa-body").last).to_have_text("More tips")
    expect(bot_messages(page)).to_have_count(2, timeout=30000)

    ask(page, "someone is kicking my door in right now")
    first_line = bot_messages(page).last.inner_text().splitlines()[0]
    assert "999" in first_line

    # Links open safely (the burglary advice names Essex Police's website).
    links = page.locator(".ecpa-body a").all()
    assert links, "the advice's web addresses should be links"
    for link in links:
        assert link.get_attribute("href").startswith("https://")
        assert link.get_attribute("rel") == "noopener noreferrer"


def test_the_conversation_survives_a_reload_but_uses_no_cookies_or_local_storage(page: Page) -> None:
    open_by_keyboard(page)
    ask(page, "what can you do")
    count = page.locator(".ecpa-msg").count()
    page.reload()
    expect(page.locator(".ecpa-msg")).to_have_count(count)
    assert page.context.cookies() == []
    assert page.evaluate("window.localStorage.length") == 0
    assert page.evaluate("Object.keys(sessionStorage)") == ["ecpa.conversation.v1"]


def test_the_residents_own_markup_is_shown_as_text(page: Page) -> None:
    """The resident's words; the assistant's own words with markup in them are
    checked in test_admin_browser.py (a published reply with <script>)."""
    open_by_keyboard(page)
    ask(page, "<img src=x onerror=alert(1)> <b>bold</b>")
    assert page.locator(".ecpa-panel img, .ecpa-panel b").count() == 0
    expect(page.locator(".ecpa-user .ecpa-body").last).to_have_text(
        "<img src=x onerror=alert(1)> <b>bold</b>"
    )


def test_escape_closes_and_returns_focus_to_the_launcher(page: Page) -> None:
    open_by_keyboard(page)
    page.keyboard.press("Escape")
    expect(page.locator("#ecpa-panel")).to_be_hidden()
    expect(page.locator(".ecpa-launcher")).to_be_focused()


def test_quick_exit_leaves_no_trace_and_no_way_back(page: Page, stack) -> None:
    open_by_keyboard(page)
    ask(page, "my partner controls my money and checks my phone")
    demo = page.url
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url(stack.web_url + "/healthz")
    assert page.evaluate("sessionStorage.length") == 0
    assert page.evaluate("localStorage.length") == 0
    page.go_back()
    assert page.url != demo


def test_escape_twice_is_a_quick_exit(page: Page, stack) -> None:
    open_by_keyboard(page)
    ask(page, "hello")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(stack.web_url + "/healthz")
    assert page.evaluate("sessionStorage.length") == 0


def test_no_accessibility_violations_with_a_conversation_open(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_by_keyboard(page)
    ask(page, "how do I keep my car safe")
    results = Axe().run(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-report.txt").write_text(results.generate_report())
    assert results.violations_count == 0, results.generate_report()


def test_small_phone_screen(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    open_by_keyboard(page)
    ask(page, "how do I stay safe walking home at night")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-320px.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator("#ecpa-panel").bounding_box()
    assert box["width"] <= 320
    expect(page.get_by_role("button", name="Quick exit")).to_be_in_viewport()


def test_a_resident_can_say_whether_the_advice_helped(page: Page, stack) -> None:
    import sqlalchemy as sa

    from bot.db.engine import engine
    from bot.db.tables import Feedback

    def helpful_count() -> int:
        with engine(f"sqlite:///{stack.database}").connect() as connection:
            return connection.execute(
                sa.select(sa.func.count()).select_from(Feedback).where(Feedback.helpful.is_(True))
            ).scalar_one()

    before = helpful_count()
    page.locator(".ecpa-launcher").click()
    feedback = page.get_by_role("group", name="Was this helpful?")
    expect(feedback).to_be_hidden()  # nothing asked yet
    ask(page, "how do I keep my bike safe")
    expect(feedback).to_be_visible()
    feedback.get_by_role("button", name="Yes").click()
    expect(feedback).to_be_hidden()
    expect(page.locator("[aria-live=polite]")).to_have_text("Thank you for your feedback.")
    for _ in range(50):
        if helpful_count() > before:
            break
        page.wait_for_timeout(200)
    assert helpful_count() == before + 1
    # Asked once per conversation: a later answer does not ask again.
    ask(page, "and what about my car")
    expect(feedback).to_be_hidden()


def test_check_a_message_from_the_fraud_advice_shows_the_red_flags(page: Page) -> None:
    open_by_keyboard(page)
    ask(page, "how do I protect myself from scams")
    page.get_by_role("button", name="Check a message").click()
    expect(bot_messages(page).last).to_contain_text("Paste the message", timeout=30000)
    expect(page.locator(".ecpa-label")).to_have_text("Paste the message you got")
    before = bot_messages(page).count()
    page.fill(
        "#ecpa-input",
        "HMRC: You are owed a tax refund of £312. Claim within 24 hours at hmrc-refunds.co.uk or your case will be closed.",
    )
    page.keyboard.press("Enter")
    expect(bot_messages(page)).to_have_count(before + 1, timeout=30000)
    reply = bot_messages(page).last
    expect(reply).to_contain_text("signs of a scam")
    expect(reply).to_contain_text("hmrc-refunds.co.uk")
    expect(reply).to_contain_text("7726")
    # Back to ordinary questions afterwards.
    expect(page.locator(".ecpa-label")).to_have_text("Type your question")
