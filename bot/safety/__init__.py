"""The safety screen: does a message say someone is in danger now, or
speak of self-harm? Pure functions over text, no I/O and no Rasa: used
inside Rasa through `bot.rasa.safety_screen` (a pipeline component that
overrides the classifier) and by the public processes' safe replies when
Rasa cannot answer."""
