"""The comms team's content: the model (channels, topics, questions,
replies), the store with drafts, review and publishing, loading from and
saving to `responses/`, checks, sandboxed rendering, routing to reporting
channels, the question matcher, and composing a reply for a resident.

Not here: who may edit (`bot.admin`), how a reply reaches a resident
(`bot.channels`, `bot.web`, `bot.telegram`), or Rasa's NLG adapter
(`bot.rasa.nlg`). Nothing here imports Rasa: the action server uses it."""
