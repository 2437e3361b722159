"""The content store: drafts, review, publishing and history of every entry.

Rules it enforces, whoever calls it:
- a version's words never change once saved; every save is a new version;
- editors save drafts and send them for review; publishers publish or send
  back; nobody publishes a draft they wrote; restoring an earlier version
  publishes a copy of it;
- every change is in the audit log, with who and when.

    python -m bot.content.store seed|import|export [DIR]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import settings
from bot.content.documents import (
    Entry,
    content_from_entries,
    entries_from_directory,
    kind_for_key,
    write_directory,
)
from bot.content.model import Content
from bot.db.engine import sessions
from bot.db.tables import AuditEntry, ContentEntry, ContentVersion, Publication, utcnow

# A version is one of: draft, review (waiting for a publisher), returned (sent
# back), published (live now), superseded (was live, replaced), discarded
# (a draft replaced by a newer draft before it went live).
OPEN_STATES = ("draft", "review", "returned")
ROLES = ("editor", "publisher", "admin")


class NotAllowed(Exception):
    """The action is not one this person's role or this version's state allows."""


@dataclass(frozen=True)
class Actor:
    username: str
    role: str

    def can(self, role: str) -> bool:
        """Roles are cumulative: a publisher is also an editor, an admin both."""
        return ROLES.index(self.role) >= ROLES.index(role)


def audit(session: Session, actor: str, action: str, target: str = "", detail: str = "") -> None:
    session.add(AuditEntry(actor=actor, action=action, target=target, detail=detail[:2000]))


class ContentStore:
    def __init__(self, url: str | None = None) -> None:
        self.sessions = sessions(url)

    def _session(self) -> Session:
        return self.sessions()

    # Reading ---------------------------------------------------------------------------

    def revision(self) -> int:
        """Grows with every publish; processes poll it to know when to reload."""
        with self._session() as session:
            return int(session.execute(sa.select(sa.func.max(Publication.id))).scalar() or 0)

    def live(self) -> List[Entry]:
        with self._session() as session:
            rows = session.execute(
                sa.select(ContentEntry, ContentVersion).join(
                    ContentVersion, ContentVersion.id == ContentEntry.live_version_id
                )
            ).all()
        return [Entry(e.key, e.kind, v.body, e.position) for e, v in rows]

    def live_content(self) -> Content:
        return content_from_entries(self.live())

    def entry(self, key: str) -> Optional[Entry]:
        return next((e for e in self.live() if e.key == key), None)

    def version(self, version_id: int) -> Optional[ContentVersion]:
        with self._session() as session:
            return session.get(ContentVersion, version_id)

    def live_version(self, key: str) -> Optional[ContentVersion]:
        with self._session() as session:
            entry = session.get(ContentEntry, key)
            return (
                session.get(ContentVersion, entry.live_version_id)
                if entry and entry.live_version_id
                else None
            )

    def _versions(self, *where: Any, order: Any) -> List[ContentVersion]:
        with self._session() as session:
            return list(session.execute(sa.select(ContentVersion).where(*where).order_by(order)).scalars())

    def history(self, key: str) -> List[ContentVersion]:
        return self._versions(ContentVersion.entry_key == key, order=ContentVersion.number.desc())

    def open_draft(self, key: str) -> Optional[ContentVersion]:
        """The newest unpublished version of an entry, if it is still open."""
        open_versions = self._versions(
            ContentVersion.entry_key == key,
            ContentVersion.state.in_(OPEN_STATES),
            order=ContentVersion.number.desc(),
        )
        return open_versions[0] if open_versions else None

    def in_review(self) -> List[ContentVersion]:
        return self._versions(ContentVersion.state == "review", order=ContentVersion.created_at)

    def drafts(self) -> List[ContentVersion]:
        return self._versions(
            ContentVersion.state.in_(("draft", "returned")), order=ContentVersion.created_at.desc()
        )

    def audit_log(self, limit: int = 200) -> List[AuditEntry]:
        with self._session() as session:
            return list(
                session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).scalars()
            )

    # Writing ---------------------------------------------------------------------------

    def _new_version(
        self, session: Session, key: str, body: Any, author: str, state: str, kind: str = "reply"
    ) -> ContentVersion:
        entry = session.get(ContentEntry, key)
        if entry is None:
            entry = ContentEntry(key=key, kind=kind, position=10_000)
            session.add(entry)
            session.flush()
        number = session.execute(
            sa.select(sa.func.max(ContentVersion.number)).where(ContentVersion.entry_key == key)
        ).scalar()
        version = ContentVersion(
            entry_key=key,
            number=int(number or 0) + 1,
            body=body,
            based_on=entry.live_version_id,
            state=state,
            author=author,
        )
        session.add(version)
        session.flush()
        return version

    def _go_live(self, session: Session, version: ContentVersion, actor: str, how: str) -> None:
        entry = session.get(ContentEntry, version.entry_key)
        assert entry is not None
        if entry.live_version_id:
            previous = session.get(ContentVersion, entry.live_version_id)
            if previous is not None and previous.id != version.id:
                previous.state = "superseded"
        version.state = "published"
        entry.live_version_id = version.id
        session.add(
            Publication(version_id=version.id, entry_key=version.entry_key, how=how, published_by=actor)
        )

    def save_draft(self, key: str, body: Any, actor: Actor, submit: bool = False) -> ContentVersion:
        if not actor.can("editor"):
            raise NotAllowed("Only editors can change content.")
        with self._session() as session, session.begin():
            if session.get(ContentEntry, key) is None:
                raise KeyError(key)
            for older in session.execute(
                sa.select(ContentVersion).where(
                    ContentVersion.entry_key == key, ContentVersion.state.in_(OPEN_STATES)
                )
            ).scalars():
                older.state = "discarded"  # replaced by a newer draft; never live
            version = self._new_version(session, key, body, actor.username, "review" if submit else "draft")
            audit(
                session,
                actor.username,
                "submit" if submit else "save draft",
                key,
                f"version {version.number}",
            )
        return version

    def new_entry(self, key: str, body: Any, actor: Actor) -> ContentVersion:
        """A new entry (a question, so far), as a first draft; it goes live
        when a publisher publishes it, like any other change."""
        if not actor.can("editor"):
            raise NotAllowed("Only editors can change content.")
        with self._session() as session, session.begin():
            if session.get(ContentEntry, key) is not None:
                raise NotAllowed("There is already an entry with that name.")
            last = session.execute(sa.select(sa.func.max(ContentEntry.position))).scalar()
            session.add(ContentEntry(key=key, kind=kind_for_key(key), position=int(last or 0) + 1))
            session.flush()
            version = self._new_version(session, key, body, actor.username, "draft", kind_for_key(key))
            audit(session, actor.username, "create", key, f"version {version.number}")
        return version

    def kind(self, key: str) -> Optional[str]:
        """The kind of an entry, live or not yet published."""
        with self._session() as session:
            entry = session.get(ContentEntry, key)
            return entry.kind if entry else None

    def submit(self, version_id: int, actor: Actor) -> None:
        with self._session() as session, session.begin():
            version = session.get(ContentVersion, version_id)
            if version is None or version.state not in ("draft", "returned"):
                raise NotAllowed("Only a draft can be sent for review.")
            version.state = "review"
            audit(session, actor.username, "submit", version.entry_key, f"version {version.number}")

    def publish(self, version_id: int, actor: Actor) -> ContentVersion:
        if not actor.can("publisher"):
            raise NotAllowed("Only publishers can publish.")
        with self._session() as session, session.begin():
            version = session.get(ContentVersion, version_id)
            if version is None or version.state != "review":
                raise NotAllowed("Only a version waiting for review can be published.")
            if version.author == actor.username:
                raise NotAllowed("You cannot approve your own draft: ask another publisher.")
            entry = session.get(ContentEntry, version.entry_key)
            if entry is not None and version.based_on != entry.live_version_id:
                raise NotAllowed(
                    "The live version changed after this draft was written (another publish or a restore). "
                    "Send it back so the editor can check it against the live text and save it again."
                )
            version.reviewer, version.reviewed_at = actor.username, utcnow()
            self._go_live(session, version, actor.username, "publish")
            audit(session, actor.username, "publish", version.entry_key, f"version {version.number}")
        return version

    def send_back(self, version_id: int, actor: Actor, comment: str) -> None:
        if not actor.can("publisher"):
            raise NotAllowed("Only publishers can review.")
        if not comment.strip():
            raise NotAllowed("Say what needs to change, so the editor knows.")
        with self._session() as session, session.begin():
            version = session.get(ContentVersion, version_id)
            if version is None or version.state != "review":
                raise NotAllowed("Only a version waiting for review can be sent back.")
            version.state, version.comment = "returned", comment.strip()[:2000]
            version.reviewer, version.reviewed_at = actor.username, utcnow()
            audit(session, actor.username, "send back", version.entry_key, comment.strip()[:500])

    def restore(self, version_id: int, actor: Actor) -> ContentVersion:
        """Publish a copy of an earlier version (the history itself is never rewritten)."""
        if not actor.can("publisher"):
            raise NotAllowed("Only publishers can restore an earlier version.")
        with self._session() as session, session.begin():
            old = session.get(ContentVersion, version_id)
            was_live = session.execute(
                sa.select(Publication.id).where(Publication.version_id == version_id).limit(1)
            ).scalar()
            if old is None or not was_live:
                raise NotAllowed("Only a version that was live before can be restored.")
            copy = self._new_version(session, old.entry_key, old.body, actor.username, "published")
            copy.comment = f"Restored from version {old.number}"
            copy.reviewer, copy.reviewed_at = actor.username, utcnow()
            self._go_live(session, copy, actor.username, "restore")
            audit(session, actor.username, "restore", old.entry_key, f"version {old.number} as {copy.number}")
        return copy

    # Files -----------------------------------------------------------------------------

    def import_entries(self, entries: Sequence[Entry], actor: str, how: str) -> List[str]:
        """Publish every entry whose words differ from what is live; returns their keys."""
        changed = []
        with self._session() as session, session.begin():
            live = {
                e.key: v.body
                for e, v in session.execute(
                    sa.select(ContentEntry, ContentVersion).join(
                        ContentVersion, ContentVersion.id == ContentEntry.live_version_id
                    )
                ).all()
            }
            for entry in entries:
                row = session.get(ContentEntry, entry.key)
                if row is None:
                    session.add(ContentEntry(key=entry.key, kind=entry.kind, position=entry.position))
                    session.flush()
                else:
                    row.position = entry.position
                if live.get(entry.key) == entry.body:
                    continue
                version = self._new_version(session, entry.key, entry.body, actor, "draft", entry.kind)
                self._go_live(session, version, actor, how)
                changed.append(entry.key)
            if changed:
                audit(
                    session, actor, how, "responses/", f"{len(changed)} entries: " + ", ".join(changed[:50])
                )
        return changed

    def seed(self, root: Path | None = None) -> int:
        """Fill an empty store from `responses/` (a fresh install). Safe to run
        on several replicas at once: only the first one seeds."""
        with self._session() as session:
            if session.execute(sa.select(sa.func.count()).select_from(ContentEntry)).scalar():
                return 0
        try:
            return len(
                self.import_entries(entries_from_directory(root or settings.content_dir()), "seed", "seed")
            )
        except IntegrityError:
            return 0  # another replica seeded first

    def export(self, root: Path) -> List[Path]:
        return write_directory(self.live(), root)


def staged_content(live: Sequence[Entry], key: str, body: Any) -> Content:
    """The live content with one entry replaced (or added) by a draft, for
    checks and previews."""
    entries = [Entry(e.key, e.kind, body if e.key == key else e.body, e.position) for e in live]
    if not any(e.key == key for e in live):
        entries.append(Entry(key, kind_for_key(key), body, len(entries)))
    return content_from_entries(entries)


def main(argv: List[str] | None = None) -> int:
    from bot.db.migrate import upgrade

    parser = argparse.ArgumentParser(prog="python -m bot.content.store", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("seed", "import", "export"))
    parser.add_argument("directory", nargs="?", type=Path, default=settings.content_dir())
    args = parser.parse_args(argv)
    upgrade()
    store = ContentStore()
    if args.command == "seed":
        print(f"seeded {store.seed(args.directory)} entries")
    elif args.command == "import":
        changed = store.import_entries(entries_from_directory(args.directory), "import", "import")
        print(f"published {len(changed)} changed entries from {args.directory}")
    else:
        paths = store.export(args.directory)
        print(f"wrote {len(paths)} files to {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
