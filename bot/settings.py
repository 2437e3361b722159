"""Every setting the project reads from the environment, with its default.

The README's settings table documents the same names; keep them in step.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    """Where local state lives (SQLite database, generated secrets)."""
    path = Path(os.environ.get("VAR_DIR", ROOT / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """The conversation store: `DATABASE_URL`, else SQLite under `var/`."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir() / 'conversations.db'}"


def redis_url() -> str | None:
    """Redis for Rasa's lock store when several replicas run; unset: in memory."""
    return os.environ.get("REDIS_URL") or None


def retention_days() -> int:
    return int(os.environ.get("RETENTION_DAYS", "30"))


def content_dir() -> Path:
    return Path(os.environ.get("CONTENT_DIR", ROOT / "responses"))


def rasa_url() -> str:
    return os.environ.get("RASA_URL") or f"http://127.0.0.1:{rasa_port()}"


def max_message_chars() -> int:
    return int(os.environ.get("MAX_MESSAGE_CHARS", "1000"))


def rasa_auth_token() -> str:
    """`RASA_AUTH_TOKEN`, else a random one generated once under `var/`."""
    token = os.environ.get("RASA_AUTH_TOKEN")
    if token:
        return token
    path = var_dir() / "rasa_auth_token"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def actions_port() -> int:
    return int(os.environ.get("ACTIONS_PORT", "5055"))


def action_endpoint_url() -> str:
    return os.environ.get("ACTION_ENDPOINT_URL") or f"http://127.0.0.1:{actions_port()}/webhook"


def rasa_port() -> int:
    return int(os.environ.get("RASA_PORT", "5005"))
