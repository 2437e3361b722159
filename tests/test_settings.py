"""bot/settings.py is the one reader of the environment, and the README's
settings table documents every variable it reads."""

from __future__ import annotations

import re

from tests.conftest import ROOT

ENV_ACCESS = re.compile(r"\bos\.(?:environ|getenv)\b")
READ = re.compile(r"""(?:environ\.get|int_env|secret)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_only_settings_reads_the_environment() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("bot", "actions")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != ROOT / "bot" / "settings.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ENV_ACCESS.search(line)
    ]
    assert not offenders, f"read settings through bot.settings: {offenders}"


def test_every_setting_is_in_the_readme() -> None:
    names = set(READ.findall((ROOT / "bot" / "settings.py").read_text()))
    readme = (ROOT / "README.md").read_text()
    assert len(names) > 30
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"add to the README's settings table: {missing}"
