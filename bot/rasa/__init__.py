"""Everything Rasa loads by dotted path (config.yml, endpoints.yml,
credentials.yml), and its launcher:

- `server`: starts Rasa (the token stays out of argv; action calls bounded);
- `speedups`: two of Rasa's hot paths, computed once;
- `intent_classifier`, `safety_screen`: NLU pipeline components;
- `nlg`: replies rendered from the comms team's content (`bot.content`);
- `tracker_store`: conversations stored redacted (`bot.privacy`);
- `lock_store`: a Redis lock store that fails open;
- `resident_input`: the `resident` input channel the public processes post to.

Each is a thin adapter between Rasa's interfaces and logic that lives in the
rest of `bot/`. Only Rasa's process imports this package (`.importlinter`).
"""
