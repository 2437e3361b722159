"""Code that Rasa loads by dotted path from config.yml or endpoints.yml.

Each module here is a thin adapter between Rasa's interfaces and logic that
lives in the rest of `bot/`. Only Rasa's processes import this package.
"""
