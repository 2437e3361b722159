"""bot/privacy/pending_forgets.py"""

from pathlib import Path
from typing import List

from bot.privacy.pending_forgets import PendingForgets


def test_requests_wait_on_disk_until_the_store_is_back(tmp_path: Path) -> None:
    done: List[str] = []
    store_up = [False]

    def forget(sender: str) -> int:
        if not store_up[0]:
            raise ConnectionError("database down")
        done.append(sender)
        return 1

    pending = PendingForgets(tmp_path / "pending", forget)
    pending.add("web_a")
    pending.add("web_b")
    assert pending.carry_out() == 0 and pending.waiting() == ["web_a", "web_b"]
    # A new process (after a restart) finds them on disk.
    again = PendingForgets(tmp_path / "pending", forget)
    store_up[0] = True
    assert again.carry_out() == 2
    assert done == ["web_a", "web_b"] and again.waiting() == []
