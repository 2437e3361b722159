"""HTTP pieces shared by the public processes (web, editor, Telegram):
security headers, the client's address behind a proxy, and rate limits.

Low in the house: it imports only `bot.settings` and libraries, so the web
process, the editor and the Telegram bot can all use it without importing
each other. Not here: routes or pages (`bot.web`, `bot.admin`)."""
