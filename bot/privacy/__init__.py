"""What keeps residents' data private: redaction of identifiers before
anything is stored, the redacting tracker store Rasa writes through,
forgetting one conversation and purging old ones, and forget requests kept
while the store is down. Not here: the safety screen (`bot.safety`)."""
