"""responses/ to entries and back: nothing is lost, in either direction."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from bot.content.documents import content_from_entries, entries_from_directory, write_directory
from bot.content.source import load_directory
from bot.content.store import ContentStore
from tests.conftest import ROOT

RESPONSES = ROOT / "responses"


def _data(root: Path) -> dict:
    return {
        str(path.relative_to(root)): yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.yml"))
    }


def test_entries_hold_exactly_what_the_files_hold() -> None:
    assert content_from_entries(entries_from_directory(RESPONSES)) == load_directory(RESPONSES)


def test_export_writes_the_same_data_and_keeps_header_comments(tmp_path: Path) -> None:
    copy = tmp_path / "responses"
    shutil.copytree(RESPONSES, copy)
    write_directory(entries_from_directory(RESPONSES), copy)
    assert _data(copy) == _data(RESPONSES)
    assert (copy / "channels.yml").read_text().startswith("# Reporting channels")
    # Numbers stay quoted text, as the comms team wrote them.
    assert "phone: '0800 555 111'" in (copy / "channels.yml").read_text()


def test_store_round_trip_from_files_to_files(store_url: str, tmp_path: Path) -> None:
    store = ContentStore(store_url)
    store.seed(RESPONSES)
    exported = tmp_path / "exported"
    store.export(exported)
    assert _data(exported) == _data(RESPONSES)
    # Importing the export changes nothing; importing an edit publishes just that entry.
    assert store.import_entries(entries_from_directory(exported), "import", "import") == []
    burglary = exported / "topics" / "burglary.yml"
    burglary.write_text(burglary.read_text().replace("Burglary and home security", "Home security"))
    assert store.import_entries(entries_from_directory(exported), "import", "import") == ["advice/burglary"]
    assert store.live_content().topics["burglary"].title == "Home security"
