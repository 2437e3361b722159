"""The content store on SQLite and PostgreSQL: seeding, the review rules,
publishing, restoring, and the NLG's source picking up a publish."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.content.compose import Composer, Resident
from bot.content.db_source import DatabaseContentSource
from bot.content.source import load_directory
from bot.content.store import Actor, ContentStore, NotAllowed
from bot.db.engine import engine
from bot.db.tables import AuditEntry
from tests.conftest import ROOT

EDITOR = Actor("erin", "editor")
PUBLISHER = Actor("paul", "publisher")
OTHER_PUBLISHER = Actor("pat", "publisher")


@pytest.fixture
def store(store_url: str) -> ContentStore:
    seeded = ContentStore(store_url)
    assert seeded.seed(ROOT / "responses") > 100
    return seeded


def burglary_with(store: ContentStore, summary: str) -> dict:
    body = dict(store.entry("advice/burglary").body)  # type: ignore[union-attr]
    body["summary"] = summary
    return body


def test_a_fresh_store_is_seeded_once_with_exactly_the_files_content(store: ContentStore) -> None:
    assert store.live_content() == load_directory(ROOT / "responses")
    assert store.seed(ROOT / "responses") == 0
    assert store.revision() > 0


def test_a_draft_is_not_live_until_another_publisher_publishes_it(store: ContentStore) -> None:
    before = store.revision()
    draft = store.save_draft("advice/burglary", burglary_with(store, "New words."), EDITOR, submit=True)
    assert store.revision() == before
    assert store.live_content().topics["burglary"].default.summary != "New words."

    with pytest.raises(NotAllowed):
        store.publish(draft.id, EDITOR)  # editors cannot publish
    own = store.save_draft("advice/burglary", burglary_with(store, "Mine."), PUBLISHER, submit=True)
    with pytest.raises(NotAllowed):
        store.publish(own.id, PUBLISHER)  # nobody approves their own draft

    store.publish(own.id, OTHER_PUBLISHER)
    assert store.revision() > before
    assert store.live_content().topics["burglary"].default.summary == "Mine."
    assert store.version(draft.id).state == "discarded"  # type: ignore[union-attr]


def test_versions_are_kept_and_an_old_one_can_be_restored(store: ContentStore) -> None:
    original = store.live_version("advice/burglary")
    assert original is not None
    draft = store.save_draft("advice/burglary", burglary_with(store, "Changed."), EDITOR, submit=True)
    store.publish(draft.id, PUBLISHER)
    restored = store.restore(original.id, PUBLISHER)
    assert restored.body == original.body and restored.number == 3
    assert (
        store.live_content().topics["burglary"].default.summary
        == load_directory(ROOT / "responses").topics["burglary"].default.summary
    )
    assert [v.number for v in store.history("advice/burglary")] == [3, 2, 1]
    assert store.version(draft.id).body["summary"] == "Changed."  # type: ignore[union-attr]


def test_a_publisher_can_send_a_draft_back_with_a_comment(store: ContentStore) -> None:
    draft = store.save_draft("reply/utter_greet", {"text": "Hi"}, EDITOR, submit=True)
    with pytest.raises(NotAllowed):
        store.send_back(draft.id, PUBLISHER, "  ")
    store.send_back(draft.id, PUBLISHER, "Please say the assistant is automated.")
    returned = store.open_draft("reply/utter_greet")
    assert returned is not None and returned.state == "returned"
    assert returned.comment == "Please say the assistant is automated."
    with pytest.raises(NotAllowed):
        store.publish(draft.id, OTHER_PUBLISHER)  # no longer waiting for review


def test_every_change_is_in_the_audit_log(store: ContentStore, store_url: str) -> None:
    draft = store.save_draft("reply/utter_greet", {"text": "Hi"}, EDITOR, submit=True)
    store.publish(draft.id, PUBLISHER)
    with engine(store_url).connect() as connection:
        rows = connection.execute(sa.select(AuditEntry.actor, AuditEntry.action, AuditEntry.target)).all()
    assert ("erin", "submit", "reply/utter_greet") in rows
    assert ("paul", "publish", "reply/utter_greet") in rows


def test_the_content_source_serves_a_publish_in_the_next_reply(
    store: ContentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The refresh is waited for in full here: on a busy machine it can take
    # longer than the REFRESH_WAIT_SECONDS a reply waits for it, and then the
    # reply after it serves the publish (the frozen-store test covers that).
    monkeypatch.setattr("bot.content.source.REFRESH_WAIT_SECONDS", 30.0)
    source = DatabaseContentSource(store, check_every=0)
    greet = Composer(source.current(), Resident("web")).compose("utter_greet")["text"]
    assert "automated assistant" in greet
    draft = store.save_draft(
        "reply/utter_greet",
        {"text": "Hello from the editor. Call {{ ch.emergency_999.phone }}."},
        EDITOR,
        True,
    )
    store.publish(draft.id, PUBLISHER)
    assert Composer(source.current(), Resident("web")).compose("utter_greet")["text"] == (
        "Hello from the editor. Call 999."
    )


def test_a_changed_number_shows_in_every_reply_that_uses_it(store: ContentStore) -> None:
    channel = dict(store.entry("channel/samaritans").body)  # type: ignore[union-attr]
    channel["phone"] = "116 999"
    store.publish(store.save_draft("channel/samaritans", channel, EDITOR, True).id, PUBLISHER)
    content = store.live_content()
    assert "116 999" in Composer(content, Resident("web")).compose("utter_crisis")["text"]
    assert "116 123" not in Composer(content, Resident("telegram")).compose("utter_crisis")["text"]


def test_channel_variants_of_a_reply_are_shown_on_their_channel(store: ContentStore) -> None:
    body = {"text": "Hello everyone.", "channels": {"telegram": "Hello, Telegram."}}
    store.publish(store.save_draft("reply/utter_greet", body, EDITOR, True).id, PUBLISHER)
    content = store.live_content()
    assert Composer(content, Resident("telegram")).compose("utter_greet")["text"] == "Hello, Telegram."
    assert Composer(content, Resident("web")).compose("utter_greet")["text"] == "Hello everyone."


def test_only_a_version_that_was_live_can_be_restored(store: ContentStore) -> None:
    """Restoring is not a way round review: an unpublished draft cannot be restored."""
    draft = store.save_draft("advice/burglary", burglary_with(store, "Unreviewed."), PUBLISHER)
    newer = store.save_draft("advice/burglary", burglary_with(store, "Newer."), PUBLISHER, submit=True)
    for version in (draft, newer):
        with pytest.raises(NotAllowed):
            store.restore(version.id, PUBLISHER)
    assert store.live_content().topics["burglary"].default.summary != "Unreviewed."


def test_a_draft_written_before_a_newer_publish_cannot_overwrite_it(store: ContentStore) -> None:
    stale = store.save_draft("reply/utter_thank", {"text": "Old draft."}, EDITOR, submit=True)
    first = store.live_version("reply/utter_thank")
    restored = store.restore(first.id, PUBLISHER)  # type: ignore[union-attr]
    with pytest.raises(NotAllowed, match="changed after this draft"):
        store.publish(stale.id, OTHER_PUBLISHER)
    assert store.live_version("reply/utter_thank").id == restored.id  # type: ignore[union-attr]


def test_the_migrations_build_exactly_the_tables_the_code_declares(store_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.db.tables import Base

    with engine(store_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # Rasa's own `events` table lives in the same database and is not ours to migrate.
    ours = [d for d in differences if not (d[0] == "remove_table" and d[1].name == "events")]
    assert ours == []


def test_the_engine_keeps_options_given_in_the_url_and_adds_its_timeouts(store_url: str) -> None:
    import sqlalchemy as sa

    from bot.db.engine import engine

    with engine(store_url).connect() as connection:
        if connection.dialect.name == "sqlite":
            assert connection.execute(sa.text("PRAGMA busy_timeout")).scalar() == 5000
            return
        assert connection.execute(sa.text("SHOW statement_timeout")).scalar() == "5s"
        assert connection.execute(sa.text("SHOW search_path")).scalar().startswith("store_test_")


def test_a_frozen_store_does_not_hold_up_a_reply(store: ContentStore) -> None:
    """With the database frozen (SIGSTOP), a refresh never returns: the content
    held is served within REFRESH_WAIT_SECONDS, and no second refresh piles up."""
    import threading
    import time

    source = DatabaseContentSource(store, check_every=0)
    frozen = threading.Event()
    calls = []

    def hangs() -> int:
        calls.append(1)
        frozen.wait(10)
        return 0

    store.revision = hangs  # type: ignore[method-assign]
    started = time.monotonic()
    first = source.current()
    second = source.current()
    took = time.monotonic() - started
    frozen.set()
    assert took < 1.5 and first is second and len(calls) == 1
    assert "automated assistant" in Composer(second, Resident("web")).compose("utter_greet")["text"]


def test_the_scam_checks_words_and_official_addresses_are_edited_like_any_content(
    store: ContentStore,
) -> None:
    from bot.content.compose import Composer, Resident
    from bot.content.documents import content_from_entries
    from bot.scam.check import check

    editor, publisher = Actor("ed", "editor"), Actor("pub", "publisher")
    message = "Evri: your parcel is waiting, book redelivery at evri-parcels.net"
    assert "lookalike" in [f.sign for f in check(message, content_from_entries(store.live()).official)]

    sign = dict(store.entry("scam_sign/urgency").body)  # type: ignore[union-attr]
    sign["explanation"] = 'Edited: "{{ phrase }}" is pressure.'
    store.publish(store.save_draft("scam_sign/urgency", sign, editor, submit=True).id, publisher)
    evri = dict(store.entry("official/evri").body)  # type: ignore[union-attr]
    evri["domains"] = [*evri["domains"], "evri-parcels.net"]
    store.publish(store.save_draft("official/evri", evri, editor, submit=True).id, publisher)

    live = content_from_entries(store.live())
    reply = Composer(live, Resident("web")).compose(
        "utter_scam_check", flags=[{"sign": "urgency", "phrase": "act now"}]
    )
    assert 'Edited: "act now" is pressure.' in reply["text"]
    assert check(message, live.official) == []
