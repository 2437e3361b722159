"""What keeps residents' data private: redaction of identifiers (and of
Rasa's serialised events) before anything is stored, forgetting one
conversation and purging old ones, and forget requests kept while the store
is down.

Not here: Rasa's tracker store adapter (`bot.rasa.tracker_store`, which
redacts with this package), or the safety screen (`bot.safety`)."""
