"""The comms team's editor, served under /admin by the public web process:
login, roles, CSRF, editing, preview, review, publishing and insight.

Belongs here: pages and their rules. Not here: the content model and its
store (`bot.content`), tables (`bot.db`), anything a resident sees."""
