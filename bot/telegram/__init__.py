"""Residents talk to the assistant in Telegram (python-telegram-bot v22)."""
