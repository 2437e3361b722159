"""Every setting the project reads from the environment, with its default.

The README's settings table documents the same names; keep them in step.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Optional

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


def web_token_hours() -> float:
    """How long a widget conversation token lasts (the widget then starts anew)."""
    return float(os.environ.get("WEB_TOKEN_HOURS", "12"))


def message_deadline_seconds() -> float:
    """The most a resident waits for any reply from the web process."""
    return float(os.environ.get("MESSAGE_DEADLINE_SECONDS", "12"))


def relay_ready_wait_seconds() -> float:
    """At start-up, how long a resident's message waits for Rasa to load its model before the safe reply."""
    return float(os.environ.get("RELAY_READY_WAIT_SECONDS", "5"))


def store_timeout_seconds() -> float:
    """The most Rasa waits for the conversation store on one read or write."""
    return float(os.environ.get("STORE_TIMEOUT_SECONDS", "3"))


def rasa_lock_seconds() -> int:
    """How long a Rasa replica's lock on a conversation lasts if the replica
    dies holding it (Rasa's TICKET_LOCK_LIFETIME, 60 s by default): the
    conversation's next messages wait that long. The web replicas' turns
    (bot.channels.turns) already keep one message per conversation at a time."""
    return int(os.environ.get("RASA_LOCK_SECONDS", "15"))


def action_timeout_seconds() -> float:
    """The most Rasa waits for the action server on one action (Rasa's own default is 300)."""
    return float(os.environ.get("ACTION_TIMEOUT_SECONDS", "5"))


def outbox_retry_seconds() -> float:
    """How often a public process tries to store its outbox while it holds anything."""
    return float(os.environ.get("OUTBOX_RETRY_SECONDS", "5"))


def outbox_dir() -> Path:
    """Where each public process keeps messages and replies the store could not take yet."""
    return Path(os.environ.get("OUTBOX_DIR", var_dir() / "outbox"))


def db_statement_timeout_ms() -> int:
    """PostgreSQL statement timeout on every connection; the pool waits at most a tenth of it, in seconds."""
    return int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "5000"))


def content_dir() -> Path:
    return Path(os.environ.get("CONTENT_DIR", ROOT / "responses"))


def content_reload_seconds() -> float:
    """How often each process looks for a publish (or a changed file)."""
    return float(os.environ.get("CONTENT_RELOAD_SECONDS", "2"))


def rasa_url() -> str:
    return os.environ.get("RASA_URL") or f"http://127.0.0.1:{rasa_port()}"


def max_message_chars() -> int:
    return int(os.environ.get("MAX_MESSAGE_CHARS", "1000"))


def secret(env_name: str, file_name: str) -> str:
    """A secret from the environment, else a random one generated once under
    `var/` (readable by this user only). Set it in the environment when
    several replicas must share it."""
    configured = os.environ.get(env_name)
    if configured:
        return configured
    path = var_dir() / file_name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def rasa_auth_token() -> str:
    """`RASA_AUTH_TOKEN`, else a random one generated once under `var/`."""
    return secret("RASA_AUTH_TOKEN", "rasa_auth_token")


def actions_port() -> int:
    return int(os.environ.get("ACTIONS_PORT", "5055"))


def action_endpoint_url() -> str:
    return os.environ.get("ACTION_ENDPOINT_URL") or f"http://127.0.0.1:{actions_port()}/webhook"


def rasa_port() -> int:
    return int(os.environ.get("RASA_PORT", "5005"))


def int_env(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def web_port() -> int:
    return int_env("WEB_PORT", 8080)


def web_host() -> str:
    """Where the public web process listens; 127.0.0.1 unless told otherwise."""
    return os.environ.get("WEB_HOST", "127.0.0.1")


def allowed_origins() -> list[str]:
    """Sites allowed to embed the widget (CORS), comma-separated."""
    raw = os.environ.get("ALLOWED_ORIGINS", "")
    return [origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()]


def quick_exit_url() -> str:
    return os.environ.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")


def trust_proxy() -> bool:
    """Take the client address from X-Forwarded-For (behind a TLS proxy)."""
    return os.environ.get("TRUST_PROXY", "") in ("1", "true", "yes")


def telegram_token() -> Optional[str]:
    return os.environ.get("TELEGRAM_BOT_TOKEN") or None


def telegram_mode() -> str:
    """`polling` (default, development) or `webhook` (served by the web process)."""
    mode = os.environ.get("TELEGRAM_MODE", "polling")
    if mode not in ("polling", "webhook"):
        raise ValueError("TELEGRAM_MODE must be 'polling' or 'webhook'")
    return mode


def telegram_api_base_url() -> Optional[str]:
    return os.environ.get("TELEGRAM_API_BASE_URL") or None


def admin_enabled() -> bool:
    """Serve the comms team's editor under /admin on the web process."""
    return os.environ.get("ADMIN_ENABLED", "true").lower() in ("1", "true", "yes")


# ---- settings that used to be read where they were used ----------------------


def admin_max_failed_logins() -> int:
    return int_env("ADMIN_MAX_FAILED_LOGINS", 5)


def admin_lockout_minutes() -> int:
    return int_env("ADMIN_LOCKOUT_MINUTES", 15)


def admin_session_hours() -> int:
    return int_env("ADMIN_SESSION_HOURS", 8)


def review_after_months() -> int:
    return int_env("REVIEW_AFTER_MONTHS", 6)


def relay_timeout_seconds() -> float:
    """After this, a resident gets a safe reply instead of waiting for Rasa."""
    return float(os.environ.get("RELAY_TIMEOUT_SECONDS", "10"))


def content_source() -> str:
    """`database` (the editor's store, default) or `files` (responses/ directly)."""
    return os.environ.get("CONTENT_SOURCE", "database")


def live_chat_hours() -> tuple[str, str]:
    """When Essex Police Live Chat is staffed (UK time), as HH:MM."""
    return os.environ.get("LIVE_CHAT_OPENS", "07:00"), os.environ.get("LIVE_CHAT_CLOSES", "23:00")


def telegram_webhook() -> tuple[str, str]:
    """Webhook mode: the public https URL of /telegram/webhook and the secret Telegram sends."""
    return os.environ.get("TELEGRAM_WEBHOOK_URL", ""), os.environ.get("TELEGRAM_WEBHOOK_SECRET", "")


def log_level() -> str:
    return os.environ.get("LOG_LEVEL", "INFO").upper()


def rasa_interface() -> str:
    return os.environ.get("RASA_INTERFACE", "127.0.0.1")


def rasa_response_timeout() -> int:
    return int_env("RASA_RESPONSE_TIMEOUT", 30)


def secret_values() -> list[str]:
    """The configured secrets, so logs can blank them."""
    names = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "RASA_AUTH_TOKEN", "WEB_SESSION_SECRET")
    return [value for name in names if (value := os.environ.get(name))]


def child_environment(**overrides: str) -> dict[str, str]:
    """The environment for a process the supervisor starts: this one's, with
    Rasa's telemetry off unless set, and `overrides`."""
    return {"RASA_TELEMETRY_ENABLED": "false", **os.environ, **overrides}


def export(name: str, value: str, only_if_unset: bool = False) -> None:
    """Set a variable for libraries that read the environment themselves (Rasa)."""
    if only_if_unset:
        os.environ.setdefault(name, value)
    else:
        os.environ[name] = value
