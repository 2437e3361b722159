#!/bin/sh
# Start one process of the assistant in its container (the image's ENTRYPOINT):
#
#   entrypoint.sh rasa|actions|web|telegram|migrate
#
# rasa      the private Rasa server (RASA_INTERFACE:RASA_PORT, 5005)
# actions   the rasa_sdk action server (ACTIONS_PORT, 5055; binds SANIC_HOST, default 0.0.0.0)
# web       the public web process (WEB_HOST:WEB_PORT, 8080); serves Telegram in webhook mode
# telegram  the Telegram poller: ONE replica only (Telegram allows one getUpdates
#           poller per bot token); with replicas use TELEGRAM_MODE=webhook on web
# migrate   bring the database schema up to date (Alembic) and, on a fresh
#           database, seed the content store from responses/, then exit
#
# rasa, actions and web run the same preparation first (idempotent, under a
# PostgreSQL advisory lock), so a pod never starts against an old schema.
#
# The process replaces this shell (exec), so it receives SIGTERM directly.
set -eu

usage() {
    echo "usage: $0 rasa|actions|web|telegram|migrate" >&2
}

if [ "$#" -ne 1 ]; then
    usage
    exit 64
fi

# Config paths (endpoints.yml, the spaCy pipeline, responses/) are relative to the project.
cd "$(dirname "$0")/.."

case "$1" in
    rasa|actions|web)
        python -m bot.supervisor prepare
        ;;
esac

case "$1" in
    rasa)
        exec python -m bot.rasa.server
        ;;
    actions)
        exec python -m rasa_sdk --actions actions --port "${ACTIONS_PORT:-5055}"
        ;;
    web)
        exec python -m bot.web
        ;;
    telegram)
        exec python -m bot.telegram
        ;;
    migrate)
        exec python -m bot.supervisor prepare
        ;;
    *)
        usage
        exit 64
        ;;
esac
